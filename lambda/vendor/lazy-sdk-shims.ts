/**
 * Cold-start adaptation of the MCP SDK v2 (light-web-exchange.ts is the other). esbuild puts this
 * module in place of `@modelcontextprotocol/server/_shims` in our bundles (scripts/lazy-ajv-plugin.mjs).
 *
 * What it saves: the SDK's `Server` module imports its runtime shims at load, and on Node they
 * evaluate the SDK's bundled copy of ajv and ajv-formats, which only elicitation answers and
 * output schemas need: this server uses neither. Every `Server` also builds a validator, an Ajv
 * instance, per request. Here the same `DefaultJsonSchemaValidator` loads and builds them on
 * first use. Measured on Node 22 (docs/performance.md): load + first `initialize` takes 113 CPU ms
 * with it, 136 without.
 *
 * When it can go: when the SDK loads its JSON Schema validator on first use itself, or when the
 * benchmark shows no gain from it (delete this file and the plugin; nothing else refers to them).
 */
import type { JsonSchemaType, JsonSchemaValidator, jsonSchemaValidator } from '@modelcontextprotocol/server';

export { default as process } from 'node:process';

type AjvModule = typeof import('@modelcontextprotocol/server/validators/ajv');

export class DefaultJsonSchemaValidator implements jsonSchemaValidator {
  private real?: jsonSchemaValidator;

  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    // require rather than import(): getValidator is synchronous. In our bundles this module is
    // a file of its own beside the bundle (scripts/lazy-ajv-plugin.mjs), read only when this runs.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.real ??= new (require('@modelcontextprotocol/server/validators/ajv') as AjvModule).AjvJsonSchemaValidator();
    return this.real.getValidator<T>(schema);
  }
}
