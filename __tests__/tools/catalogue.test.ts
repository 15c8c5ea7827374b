import { TOOLS } from '../../lambda/tools';
import { ACCESS_LEVELS, isAllowed, type Access } from '../../lambda/tools/define';
import { describeTool } from '../../lambda/tools/describe';

const LIVE_TRADING_MUTATIONS = [
  'create_live_algorithm',
  'stop_live_algorithm',
  'liquidate_live_algorithm',
  'create_live_command',
  'broadcast_live_command',
];

const listed = (access: Access) => TOOLS.filter((tool) => isAllowed(tool.effect, access)).map((tool) => tool.name);
const annotationsOf = (name: string) => describeTool(TOOLS.find((tool) => tool.name === name)!).annotations!;

describe('the tool catalogue', () => {
  test('tool names are unique snake_case', () => {
    const names = TOOLS.map((tool) => tool.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  test('every tool has a title and a description of at most two sentences', () => {
    for (const tool of TOOLS) {
      expect(tool.title.length).toBeGreaterThan(0);
      const sentences = tool.description.split(/[.;:!?](\s|$)/).filter((part) => part.trim().length > 0);
      expect({ tool: tool.name, long: tool.description.length > 200 || sentences.length > 4 }).toEqual({
        tool: tool.name,
        long: false,
      });
    }
  });

  test('every input field is described', () => {
    const undescribed = TOOLS.map(describeTool).flatMap((tool) =>
      Object.entries(tool.inputSchema.properties ?? {})
        .filter(([, schema]) => typeof (schema as { description?: unknown }).description !== 'string')
        .map(([field]) => `${tool.name}.${field}`),
    );
    expect(undescribed).toEqual([]);
  });

  test('the read-only level lists only read tools', () => {
    const readOnly = listed('read-only');
    expect(readOnly.length).toBeGreaterThan(30);
    for (const name of readOnly) expect(TOOLS.find((tool) => tool.name === name)!.effect).toBe('read');
  });

  test('the standard level lists everything but the five live-trading mutations', () => {
    const hidden = TOOLS.map((tool) => tool.name).filter((name) => !listed('standard').includes(name));
    expect(hidden.sort()).toEqual([...LIVE_TRADING_MUTATIONS].sort());
  });

  test('the live-trading level lists every tool', () => {
    expect(listed('live-trading')).toHaveLength(TOOLS.length);
    expect(ACCESS_LEVELS).toContain('live-trading');
  });

  test('exactly the five live-trading mutations have the trade effect', () => {
    expect(
      TOOLS.filter((tool) => tool.effect === 'trade')
        .map((tool) => tool.name)
        .sort(),
    ).toEqual([...LIVE_TRADING_MUTATIONS].sort());
  });

  test('a read tool is read-only and idempotent', () => {
    expect(annotationsOf('read_backtest')).toMatchObject({
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: true,
    });
  });

  test('creating a backtest is neither destructive nor idempotent', () => {
    expect(annotationsOf('create_backtest')).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
    });
  });

  test('overwriting a file is destructive and idempotent', () => {
    expect(annotationsOf('update_file_contents')).toMatchObject({ destructiveHint: true, idempotentHint: true });
  });

  test('patching a file is destructive but not idempotent', () => {
    expect(annotationsOf('patch_file')).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
    });
  });

  test('taking the edit lock of a shared project changes state but destroys nothing', () => {
    expect(annotationsOf('lock_project_with_collaborators')).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: true,
    });
  });

  test('deleting a project is destructive', () => {
    expect(annotationsOf('delete_project')).toMatchObject({ readOnlyHint: false, destructiveHint: true });
  });

  test('liquidating a live algorithm is destructive and not read-only', () => {
    expect(annotationsOf('liquidate_live_algorithm')).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
      openWorldHint: true,
    });
  });

  test('the AI helpers and the optimization estimate are read tools', () => {
    for (const name of ['check_syntax', 'search_quantconnect', 'complete_code', 'estimate_optimization_time']) {
      expect(annotationsOf(name).readOnlyHint).toBe(true);
    }
  });
});

describe('the tools/list answer', () => {
  const TOKEN_BUDGET = 12_000;

  test(`stays under ${TOKEN_BUDGET} tokens (bytes / 4) for the full catalogue`, () => {
    const bytes = Buffer.byteLength(JSON.stringify({ tools: TOOLS.map(describeTool) }), 'utf8');
    const tokens = Math.ceil(bytes / 4);
    console.log(`tools/list: ${TOOLS.length} tools, ${bytes} bytes, about ${tokens} tokens (budget ${TOKEN_BUDGET})`);
    expect(tokens).toBeLessThanOrEqual(TOKEN_BUDGET);
  });

  test('every input schema is a JSON Schema object whose required fields are among its properties', () => {
    for (const tool of TOOLS.map(describeTool)) {
      expect(tool.inputSchema.type).toBe('object');
      const properties = Object.keys(tool.inputSchema.properties ?? {});
      for (const field of tool.inputSchema.required ?? []) expect(properties).toContain(field);
    }
  });
});
