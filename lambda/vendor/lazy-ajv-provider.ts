/**
 * Stands in for the SDK's validation/ajv-provider.js in our bundles (scripts/lazy-ajv-plugin.mjs
 * points esbuild here): the same `AjvJsonSchemaValidator`, loading the real one, with ajv and
 * ajv-formats (about 130 KB of the bundle), on first use instead of at load. The SDK's `Server`
 * imports it at the top although we give every server our own validator, and none of our tools
 * declares a schema it would compile: without this, every cold start would evaluate ajv for nothing.
 */
import type { AjvJsonSchemaValidator as RealAjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js';
import type {
  JsonSchemaType,
  JsonSchemaValidator,
  jsonSchemaValidator,
} from '@modelcontextprotocol/sdk/validation/types.js';

type AjvProviderModule = typeof import('@modelcontextprotocol/sdk/validation/ajv-provider.js');
type Ajv = ConstructorParameters<typeof RealAjvJsonSchemaValidator>[0];

function loadAjvProvider(): AjvProviderModule {
  // require rather than import(): getValidator is synchronous. esbuild bundles the module behind
  // this call as a lazily initialised one, so its code (and ajv's) runs only when this runs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@modelcontextprotocol/sdk/validation/ajv-provider.js') as AjvProviderModule;
}

export class AjvJsonSchemaValidator implements jsonSchemaValidator {
  private real?: RealAjvJsonSchemaValidator;

  /** As the real one: an Ajv instance of the caller's, or the SDK's default one, made at first use. */
  constructor(private readonly ajv?: Ajv) {}

  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    this.real ??= new (loadAjvProvider().AjvJsonSchemaValidator)(this.ajv);
    return this.real.getValidator<T>(schema);
  }
}
