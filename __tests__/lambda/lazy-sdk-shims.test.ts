/**
 * The stand-in for the SDK's runtime shims (lambda/vendor/lazy-sdk-shims.ts, which the bundles
 * use instead of the real module): its validator gives the same answers as the SDK's own, formats
 * included. That it loads ajv only on first use is shown on the built bundle (bundle.test.ts).
 */
import type { JsonSchemaType } from '@modelcontextprotocol/server';
import { AjvJsonSchemaValidator as RealValidator } from '@modelcontextprotocol/server/validators/ajv';
import {
  DefaultJsonSchemaValidator as LazyValidator,
  process as shimProcess,
} from '../../lambda/vendor/lazy-sdk-shims';

const SCHEMA: JsonSchemaType = {
  type: 'object',
  properties: { projectId: { type: 'integer' }, email: { type: 'string', format: 'email' } },
  required: ['projectId'],
};

const INPUTS: unknown[] = [
  { projectId: 7 },
  { projectId: 7, email: 'dev@example.com' },
  { projectId: 'seven' },
  { projectId: 7, email: 'not an address' },
  {},
  'not an object',
];

test('validates as the SDK validator does, formats included', () => {
  const lazy = new LazyValidator().getValidator(SCHEMA);
  const real = new RealValidator().getValidator(SCHEMA);
  expect(INPUTS.map((input) => lazy(input))).toEqual(INPUTS.map((input) => real(input)));
  expect(INPUTS.map((input) => lazy(input).valid)).toEqual([true, true, false, false, false, false]);
});

test('exports the process object, as the SDK shims do on Node', () => {
  expect(shimProcess).toBe(process);
});
