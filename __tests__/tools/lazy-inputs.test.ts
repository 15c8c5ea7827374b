/**
 * Tool inputs are built on first use (lambda/tools/define.ts): loading the catalogue builds no zod
 * schema, which a cold start that only answers `initialize` would pay for nothing. Checked on the
 * sources, with a zod that counts its calls, and on the built bundle, with the probe's markers.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ToolDefinition } from '../../lambda/tools/define';
import { initializeRequest, mcpPost, modernPost, rpc, toolCall } from '../support/mcp-events';

const ROOT = join(__dirname, '..', '..');
const BUNDLE = join(ROOT, 'dist', 'lambda', 'index.js');
const PROBE = join(__dirname, '..', 'support', 'mcp-bundle-probe.cjs');

/** zod's exports, each function wrapped to record its name when called (zod builds every schema through one). */
function countingZod(calls: string[]): Record<string, unknown> {
  const actual = jest.requireActual<Record<string, unknown>>('zod');
  const counting: Record<string, unknown> = { __esModule: true };
  for (const [name, value] of Object.entries(actual)) {
    counting[name] =
      typeof value === 'function' && /^[a-z]/.test(name)
        ? (...args: unknown[]) => {
            calls.push(name);
            return (value as (...args: unknown[]) => unknown)(...args);
          }
        : value;
  }
  return counting;
}

/** The catalogue loaded afresh, its modules seeing the zod given. */
function freshCatalogue(zod?: Record<string, unknown>): readonly ToolDefinition[] {
  let tools: readonly ToolDefinition[] = [];
  jest.isolateModules(() => {
    if (zod !== undefined) jest.doMock('zod', () => zod);
    tools = jest.requireActual<{ TOOLS: readonly ToolDefinition[] }>('../../lambda/tools').TOOLS;
  });
  return tools;
}

const isBuilt = (tool: ToolDefinition) => Object.getOwnPropertyDescriptor(tool, 'input')?.get === undefined;

test('loading the catalogue calls zod not once; reading a tool’s input builds it with zod', () => {
  const calls: string[] = [];
  const tools = freshCatalogue(countingZod(calls));
  expect(tools.length).toBeGreaterThan(50);
  expect(calls).toEqual([]);
  for (const tool of tools) {
    const before = calls.length;
    const fields = Object.keys(tool.input);
    // The counting zod is the one the tool files use: each field was made by a call to it.
    expect({ tool: tool.name, built: calls.length - before >= fields.length }).toEqual({
      tool: tool.name,
      built: true,
    });
  }
});

test('each definition’s input is built on its first read only, and is then the same object', () => {
  const tools = freshCatalogue();
  expect(tools.filter(isBuilt).map((tool) => tool.name)).toEqual([]);
  const [first, second, ...rest] = tools;
  const input = first.input;
  expect(isBuilt(first)).toBe(true);
  expect(first.input).toBe(input);
  expect(isBuilt(second)).toBe(false);
  expect(rest.filter(isBuilt)).toEqual([]);
  // Still an enumerable property, as a plain object's would be.
  expect(Object.keys(first)).toContain('input');
  expect(Object.keys(second)).toContain('input');
});

/**
 * Text found once in the bundle, each in a function that builds tool inputs: a field of one tool
 * (patch_file), of the fields shared by both optimization tools, and of the field helpers most tools use.
 */
const PATCH_FILE_FIELD = 'Unified diff';
const OPTIMIZATION_FIELD = 'Optimization name';
const SHARED_FIELD = 'Project id (from create_project or list_projects)';
const MARKERS = [PATCH_FILE_FIELD, OPTIMIZATION_FIELD, SHARED_FIELD];

test('the built bundle builds no tool input at init, nor for initialize or server/discover; a call builds its tool’s, tools/list all', async () => {
  const events = [
    mcpPost(initializeRequest()),
    modernPost(rpc('server/discover')),
    // Refused before it reaches QuantConnect (projectId is missing), once its input is built.
    mcpPost(toolCall('patch_file', {})),
    mcpPost(rpc('tools/list')),
  ];
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [PROBE, BUNDLE, JSON.stringify(events), JSON.stringify(MARKERS)],
    { env: { PATH: process.env.PATH ?? '', QC_USER_ID: '1', QC_API_TOKEN: 'token' } },
  );
  const line = stdout.split('\n').find((candidate) => candidate.startsWith('PROBE '));
  if (line === undefined) throw new Error(`no probe report in: ${stdout}`);
  const report = JSON.parse(line.slice('PROBE '.length)) as {
    atInit: { markersRun: string[] };
    answers: { statusCode: number; body: string; markersRun: string[] }[];
  };
  expect(report.atInit.markersRun).toEqual([]);
  expect(report.answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200, 200]);
  expect(report.answers.map((answer) => 'result' in (JSON.parse(answer.body) as object))).toEqual([
    true,
    true,
    true,
    true,
  ]);
  expect(report.answers[2].body).toContain('projectId is required');
  expect(report.answers.map((answer) => answer.markersRun)).toEqual([
    [],
    [],
    [PATCH_FILE_FIELD, SHARED_FIELD],
    MARKERS,
  ]);
});
