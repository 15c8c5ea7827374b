/**
 * The environment variable readers (lambda/environment-variables.ts) replaced zod schemas at
 * every cold start: each must accept, refuse and return exactly what the zod schema it replaced
 * did, on values chosen to sit at the edges.
 */
import * as z from 'zod';
import { blankToUndefined } from '../../lambda/blank-as-unset';
import {
  matching,
  oneOf,
  optionalText,
  readVariables,
  url,
  wholeNumber,
  withDefault,
  type Reader,
} from '../../lambda/environment-variables';

/** The zod schemas lambda/config.ts had, blank read as unset as it did. */
const blankAsUnset = (schema: z.ZodType) => z.preprocess(blankToUndefined, schema);

const VALUES = [
  undefined,
  '',
  '   ',
  'standard',
  ' standard ',
  'STANDARD',
  '0',
  '-1',
  '1',
  ' 42 ',
  '1.5',
  '1e3',
  '0x10',
  'Infinity',
  '9007199254740993',
  'abc',
  '65535',
  '65536',
  'prod',
  'Prod',
  ' dev ',
  'a'.repeat(33),
  'https://www.quantconnect.com/api/v2',
  ' https://example.com/path/ ',
  'http://localhost:3000',
  'HTTPS://EXAMPLE.COM',
  'https:example.com',
  'https:/example.com',
  'ftp://example.com',
  'https://exa\tmple.com',
  'https://',
  'javascript:alert(1)',
  'https://user:pass@example.com',
];

const PAIRS: [string, Reader<unknown>, z.ZodType][] = [
  ['text', optionalText, blankAsUnset(z.string().trim().optional())],
  [
    'one of, with a default',
    oneOf(['read-only', 'standard', 'live-trading'], 'standard'),
    blankAsUnset(z.enum(['read-only', 'standard', 'live-trading']).default('standard')),
  ],
  ['a whole number from 0', wholeNumber({ min: 0 }, 300), blankAsUnset(z.coerce.number().int().min(0).default(300))],
  [
    'a port',
    wholeNumber({ min: 0, max: 65535 }, 3000),
    blankAsUnset(z.coerce.number().int().min(0).max(65535).default(3000)),
  ],
  ['an http(s) URL', url(['http', 'https']), blankAsUnset(z.url({ protocol: /^https?$/ }).optional())],
  [
    'an http(s) URL, with a default',
    withDefault(url(['http', 'https']), 'https://default.example'),
    blankAsUnset(z.url({ protocol: /^https?$/ }).default('https://default.example')),
  ],
  [
    'a slug',
    matching(/^[a-z][a-z0-9-]{0,31}$/, 'local'),
    blankAsUnset(
      z
        .string()
        .trim()
        .regex(/^[a-z][a-z0-9-]{0,31}$/)
        .default('local'),
    ),
  ],
];

function read(reader: Reader<unknown>, value: string | undefined) {
  const result = readVariables({ VARIABLE: reader }, { VARIABLE: value });
  return result.values === undefined ? { refused: true } : { value: result.values.VARIABLE };
}

describe.each(PAIRS)('%s', (_, reader, schema) => {
  test.each(VALUES.map((value) => [JSON.stringify(value), value]))('reads %s as zod did', (_label, value) => {
    const expected = schema.safeParse(value);
    expect(read(reader, value)).toEqual(expected.success ? { value: expected.data } : { refused: true });
  });
});

test('an https-only URL refuses http and, unlike zod, a scheme without //', () => {
  expect(read(url(['https']), 'https://login.example.com')).toEqual({ value: 'https://login.example.com' });
  expect(read(url(['https']), 'http://login.example.com')).toEqual({ refused: true });
  expect(read(url(['https']), 'https:login.example.com')).toEqual({ refused: true });
});

test('every variable that cannot be read is named, in the readers’ order', () => {
  const readers = { A: wholeNumber({ min: 0 }, 1), B: optionalText, C: oneOf(['x'], 'x') };
  expect(readVariables(readers, { A: 'no', B: 'fine', C: 'y' })).toEqual({ invalid: ['A', 'C'] });
  expect(readVariables(readers, { B: ' fine ' })).toEqual({ values: { A: 1, B: 'fine', C: 'x' }, invalid: [] });
});
