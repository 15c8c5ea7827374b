/**
 * Where the QuantConnect OpenAPI spec is read from: the file QC_MCP_OPENAPI_SPEC names (CI's
 * download of the pinned upstream file) before any copy next to the repository.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findSpecPath, SPEC_PATH_VARIABLE } from '../../lambda/sandbox/simulator/spec';

describe('findSpecPath', () => {
  let dir: string;
  const saved = process.env[SPEC_PATH_VARIABLE];

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'qc-mcp-spec-location-'));
  });
  afterEach(() => {
    if (saved === undefined) delete process.env[SPEC_PATH_VARIABLE];
    else process.env[SPEC_PATH_VARIABLE] = saved;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('takes the file QC_MCP_OPENAPI_SPEC names', () => {
    const file = path.join(dir, 'spec.yaml');
    writeFileSync(file, 'openapi: 3.0.0\n');
    process.env[SPEC_PATH_VARIABLE] = file;
    expect(findSpecPath()).toBe(file);
  });

  test('fails, naming the variable, when that file is missing, instead of skipping the spec checks', () => {
    process.env[SPEC_PATH_VARIABLE] = path.join(dir, 'missing.yaml');
    expect(() => findSpecPath()).toThrow(`QC_MCP_OPENAPI_SPEC=${path.join(dir, 'missing.yaml')}: no such file`);
  });
});
