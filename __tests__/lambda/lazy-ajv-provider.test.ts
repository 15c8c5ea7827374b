/**
 * The stand-in for the SDK's ajv provider (lambda/vendor/lazy-ajv-provider.ts, which the bundles
 * use instead of the real one): the same answers as the real provider, with its default Ajv
 * (formats included) or with the caller's own. That it loads ajv only on first use is shown on
 * the built bundle (bundle.test.ts).
 */
import Ajv from 'ajv';
import { AjvJsonSchemaValidator as RealValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js';
import type { JsonSchemaType } from '@modelcontextprotocol/sdk/validation/types.js';
import { AjvJsonSchemaValidator as LazyValidator } from '../../lambda/vendor/lazy-ajv-provider';

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

test('validates as the real provider does, formats included', () => {
  const lazy = new LazyValidator().getValidator(SCHEMA);
  const real = new RealValidator().getValidator(SCHEMA);
  expect(INPUTS.map((input) => lazy(input))).toEqual(INPUTS.map((input) => real(input)));
  expect(INPUTS.map((input) => lazy(input).valid)).toEqual([true, true, false, false, false, false]);
});

test('uses an Ajv instance it is given, as the real provider does', () => {
  const ajv = new Ajv({ strict: false });
  const compile = jest.spyOn(ajv, 'compile');
  const validate = new LazyValidator(ajv).getValidator<{ projectId: number }>(SCHEMA);
  expect(compile).toHaveBeenCalledTimes(1);
  expect(validate({ projectId: 1 })).toEqual({ valid: true, data: { projectId: 1 }, errorMessage: undefined });
});
