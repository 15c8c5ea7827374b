/**
 * Mistakes in arguments answered by name, through a real MCP client against the QuantConnect
 * fake: the stray key is named with the field it probably meant, and nothing reaches QuantConnect.
 */
import { suggestField } from '../../lambda/tools/arguments';
import { startQuantConnectFake, type QuantConnectFake } from '../../lambda/sandbox/simulator';
import { connectSession, type McpSession } from './support/mcp-session';

let fake: QuantConnectFake;
let session: McpSession;
let projectId: number;

beforeAll(async () => {
  fake = await startQuantConnectFake({ readsUntilDone: 0 });
  session = await connectSession(fake, { access: 'standard' });
  const created = await session.call('create_project', { name: 'Args', language: 'Py' });
  projectId = (JSON.parse(created.text) as { projectId: number }).projectId;
});

afterAll(async () => {
  await session.close();
  await fake.close();
});

async function refusal(tool: string, args: Record<string, unknown>): Promise<string> {
  const before = fake.requests.length;
  const { text, isError } = await session.call(tool, args);
  expect(isError).toBe(true);
  expect(fake.requests.slice(before)).toEqual([]);
  return text;
}

test('a snake_case key is named, with the field it meant', async () => {
  expect(await refusal('read_project', { project_id: projectId })).toBe(
    'Invalid arguments for read_project: "project_id" is not a field (did you mean "projectId"?). Its fields: projectId.',
  );
});

test('a key with the wrong case is named, with the field it meant', async () => {
  const text = await refusal('read_backtest', { projectId, backtestID: 'abc' });
  expect(text).toContain('"backtestID" is not a field (did you mean "backtestId"?)');
  expect(text).not.toContain('backtestId is required');
});

test('a misspelt optional field is refused rather than dropped in silence', async () => {
  const text = await refusal('list_backtests', { projectId, includeStatistic: true });
  expect(text).toContain('"includeStatistic" is not a field (did you mean "includeStatistics"?)');
});

test('a key unlike any field is named, with the fields the tool takes', async () => {
  expect(await refusal('read_project', { projectId, colour: 'red' })).toBe(
    'Invalid arguments for read_project: "colour" is not a field. Its fields: projectId.',
  );
});

test('a missing field is called missing', async () => {
  expect(await refusal('read_compile', { projectId })).toContain('compileId is required');
});

test("the official server's {model: {...}} wrapper is unwrapped when every key inside is a field", async () => {
  const { text, isError } = await session.call('read_project', { model: { projectId } });
  expect(isError).toBe(false);
  expect(JSON.parse(text)).toMatchObject({ projectId, name: 'Args' });
});

test('a {model: {...}} wrapper around unknown keys is answered with where the fields go', async () => {
  const text = await refusal('read_project', { model: { project_id: projectId } });
  expect(text).toContain('"model" is not a field (pass the fields at the top level, not inside "model")');
});

test("the API's other names for the collaborator fields point to the tools' one naming", async () => {
  const text = await refusal('update_project_collaborator', {
    projectId,
    collaboratorId: 'friend',
    liveControl: true,
    write: false,
  });
  expect(text).toContain('"collaboratorId" is not a field (did you mean "collaboratorUserId"?)');
  expect(text).toContain('"liveControl" is not a field (did you mean "collaborationLiveControl"?)');
  expect(text).toContain('"write" is not a field (did you mean "collaborationWrite"?)');
  expect(text).not.toContain('is required');
});

test('suggestions stay for near misses only', () => {
  expect(suggestField('ProjectID', ['projectId', 'name'])).toBe('projectId');
  expect(suggestField('nmae', ['projectId', 'name'])).toBeUndefined();
  expect(suggestField('backtestNmae', ['backtestName'])).toBe('backtestName');
  expect(suggestField('note', ['name'])).toBeUndefined();
  expect(suggestField('name', ['projectId', 'backtestName'])).toBe('backtestName');
  expect(suggestField('id', ['projectId', 'backtestId'])).toBeUndefined();
  expect(suggestField('time', ['startTime', 'endTime'])).toBeUndefined();
});
