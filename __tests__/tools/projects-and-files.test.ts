import { ApiError } from '../../lambda/quantconnect/errors';
import { CODE_SOURCE_ID } from '../../lambda/tools/fields';
import { TEXT_PAGE_CHARS } from '../../lambda/tools/shape/text';
import { ScriptedClient, callTool } from './support/scripted-client';

const project = (projectId: number) => ({
  projectId,
  name: `P${projectId}`,
  language: 'Py',
  modified: '2025-08-20 10:00:00',
  grid: '{"layout":[]}',
  liveForm: { brokerage: 'x' },
  collaborators: [],
});

describe('list_projects', () => {
  test('asks for one project more than the page, to know whether another page follows', async () => {
    const client = new ScriptedClient({ '/projects/read': { projects: [], success: true } });
    await callTool('list_projects', { start: 100 }, client);
    expect(client.calls[0].body).toEqual({ start: 100, end: 201 });
  });

  test('shows a page of projects and how to get the next', async () => {
    const projects = Array.from({ length: 101 }, (_, index) => project(index));
    const client = new ScriptedClient({ '/projects/read': { projects, versions: [{ id: 1 }], success: true } });
    const result = (await callTool('list_projects', {}, client)) as { note: string; projects: unknown[] };
    expect(result.projects).toHaveLength(100);
    expect(result.projects[0]).toEqual({ projectId: 0, name: 'P0', language: 'Py', modified: '2025-08-20 10:00:00' });
    expect(result.note).toBe('Showing projects 0–99; call again with start=100 for more.');
  });

  test('pages itself when QuantConnect ignores the window and sends every project', async () => {
    const projects = Array.from({ length: 250 }, (_, index) => project(index));
    const client = new ScriptedClient({ '/projects/read': { projects, success: true } });
    const result = (await callTool('list_projects', { start: 100 }, client)) as {
      note: string;
      projects: { projectId: number }[];
    };
    expect(result.projects[0].projectId).toBe(100);
    expect(result.note).toBe('Showing projects 100–199 of 250; call again with start=200 for more.');
  });
});

describe('read_project', () => {
  test("returns the project without the web IDE's layout state", async () => {
    const client = new ScriptedClient({ '/projects/read': { projects: [project(7)], versions: [], success: true } });
    const result = await callTool('read_project', { projectId: '7' }, client);
    expect(client.calls[0].body).toEqual({ projectId: 7 });
    expect(result).toEqual({
      projectId: 7,
      name: 'P7',
      language: 'Py',
      modified: '2025-08-20 10:00:00',
      collaborators: [],
    });
  });
});

describe('parameters', () => {
  const main = {
    name: 'main.py',
    content: 'fast = self.get_parameter("fast", 10)\nslow = int(self.get_parameter(\'slow\'))\n',
  };
  const helper = { name: 'Helper.cs', content: 'var n = GetParameter("lookback");' };

  test('read_project does not answer an empty list where the code reads parameters it cannot see', async () => {
    const client = new ScriptedClient({ '/projects/read': { projects: [{ ...project(7), parameters: [] }] } });
    const result = (await callTool('read_project', { projectId: 7 }, client)) as Record<string, unknown>;
    expect(result.parameters).toBe(
      'No parameter values set in QuantConnect; read_file without a name lists those the code reads with get_parameter.',
    );
  });

  test('read_file lists the parameters the code reads, in the listing and for one file', async () => {
    const client = new ScriptedClient({ '/files/read': { files: [main, helper] } });
    const listing = (await callTool('read_file', { projectId: 7 }, client)) as Record<string, unknown>;
    expect(listing.parametersInCode).toEqual(['fast', 'slow', 'lookback']);
    const one = (await callTool('read_file', { projectId: 7, name: 'main.py' }, client)) as Record<string, unknown>;
    expect(one.parametersInCode).toEqual(['fast', 'slow']);
  });
});

describe('create_project', () => {
  test('returns the new project, not the LEAN version list', async () => {
    const client = new ScriptedClient({
      '/projects/create': { projects: [project(9)], versions: [{ id: 1 }, { id: 2 }], success: true },
    });
    const result = await callTool('create_project', { name: 'P9', language: 'Py' }, client);
    expect(result).toMatchObject({ projectId: 9, name: 'P9', language: 'Py', modified: '2025-08-20 10:00:00' });
    expect(result).not.toHaveProperty('versions');
  });

  test('says the project starts with a template main.py, and how to overwrite it', async () => {
    const client = new ScriptedClient({ '/projects/create': { projects: [project(9)], success: true } });
    const result = await callTool('create_project', { name: 'P9', language: 'Py' }, client);
    expect(result).toMatchObject({
      next: 'It starts with a template main.py: write your algorithm over it with update_file_contents (projectId 9, name "main.py"), then create_compile.',
    });
  });
});

describe('delete_project', () => {
  test('confirms in a sentence', async () => {
    const client = new ScriptedClient({ '/projects/delete': { success: true, errors: [] } });
    expect(await callTool('delete_project', { projectId: 7 }, client)).toBe('Project 7 deleted.');
  });
});

describe('read_file', () => {
  const files = [
    { name: 'main.py', content: 'print(1)\n', modified: '2025-08-20 10:00:00', isLibrary: false },
    { name: 'research.ipynb', content: '{}', modified: '2025-08-20 10:00:00', isLibrary: false },
  ];

  test("lists the project's file names and sizes when no name is given", async () => {
    const client = new ScriptedClient({ '/files/read': { files, success: true } });
    const result = await callTool('read_file', { projectId: 7 }, client);
    expect(result).toEqual({
      note: 'Showing files 0–1 of 2. Pass a name to read a file.',
      files: [
        { name: 'main.py', size: 9, modified: '2025-08-20 10:00:00' },
        { name: 'research.ipynb', size: 2, modified: '2025-08-20 10:00:00' },
      ],
    });
  });

  test('returns the content of the file named', async () => {
    const client = new ScriptedClient({ '/files/read': { files: [files[0]], success: true } });
    const result = await callTool('read_file', { projectId: 7, name: 'main.py' }, client);
    expect(client.calls[0].body).toEqual({ projectId: 7, name: 'main.py', codeSourceId: CODE_SOURCE_ID });
    expect(result).toEqual({ name: 'main.py', modified: '2025-08-20 10:00:00', content: 'print(1)\n' });
  });

  test('pages a file too long for one result', async () => {
    const big = { name: 'data.csv', content: 'x'.repeat(TEXT_PAGE_CHARS * 2) };
    const client = new ScriptedClient({ '/files/read': { files: [big], success: true } });
    const result = (await callTool('read_file', { projectId: 7, name: 'data.csv' }, client)) as {
      note: string;
      content: string;
    };
    expect(result.content).toHaveLength(TEXT_PAGE_CHARS);
    expect(result.note).toContain(`call again with offset=${TEXT_PAGE_CHARS}`);
  });

  test('reads a long file from a character offset, a listing from a file index', async () => {
    const big = { name: 'data.csv', content: 'x'.repeat(TEXT_PAGE_CHARS) + 'tail' };
    const client = new ScriptedClient({ '/files/read': { files: [big, ...files], success: true } });
    const window = await callTool('read_file', { projectId: 7, name: 'data.csv', offset: TEXT_PAGE_CHARS }, client);
    expect(window).toMatchObject({ content: 'tail' });
    const listing = await callTool('read_file', { projectId: 7, start: 2 }, client);
    expect(listing).toMatchObject({ files: [{ name: 'research.ipynb' }] });
  });
});

describe('create_file', () => {
  test('on a file that exists, points to update_file_contents', async () => {
    const refusal = new ApiError('/files/create', ['File main.py already exists in project 7.'], 200);
    const client = new ScriptedClient({ '/files/create': refusal });
    await expect(callTool('create_file', { projectId: 7, name: 'main.py', content: 'x = 1' }, client)).rejects.toThrow(
      'QuantConnect refused /files/create: File main.py already exists in project 7. To replace its content, ' +
        'call update_file_contents with projectId 7, name "main.py" and the content.',
    );
  });
});

describe('file edits', () => {
  test('update_file_name sends the API names and the code source', async () => {
    const client = new ScriptedClient();
    await callTool('update_file_name', { projectId: 7, name: 'a.py', newName: 'b.py' }, client);
    expect(client.calls[0]).toMatchObject({
      endpoint: '/files/update',
      body: { projectId: 7, name: 'a.py', newName: 'b.py', codeSourceId: CODE_SOURCE_ID },
    });
  });

  test('update_file_contents calls the same endpoint with the content', async () => {
    const client = new ScriptedClient();
    const result = await callTool('update_file_contents', { projectId: 7, name: 'main.py', content: 'x = 1' }, client);
    expect(client.calls[0]).toMatchObject({ endpoint: '/files/update', body: { content: 'x = 1' } });
    expect(result).toBe('Updated main.py in project 7. Next: create_compile with projectId 7.');
  });

  test('patch_file is never retried blindly', async () => {
    const client = new ScriptedClient();
    await callTool('patch_file', { projectId: 7, patch: 'diff --git a/main.py b/main.py' }, client);
    expect(client.calls[0]).toMatchObject({ endpoint: '/files/patch', options: { idempotent: false } });
  });
});

describe('create_compile', () => {
  test('returns the compile id and the next step once the build succeeds', async () => {
    const client = new ScriptedClient({
      '/compile/create': { compileId: 'c1', state: 'InQueue', projectId: 7, parameters: [], success: true },
      '/compile/read': { compileId: 'c1', state: 'BuildSuccess', logs: ['Build succeeded'], success: true },
    });
    const result = await callTool('create_compile', { projectId: 7 }, client);
    expect(result).toEqual({
      state: 'BuildSuccess',
      next: 'Compiled. Run it with create_backtest (projectId, compileId).',
      compileId: 'c1',
      projectId: 7,
    });
    expect(client.to('/compile/read')[0].body).toEqual({ projectId: 7, compileId: 'c1' });
    expect(client.to('/compile/create')[0].options.idempotent).toBe(false);
  });

  test('returns the build log when the build fails', async () => {
    const client = new ScriptedClient({
      '/compile/create': { compileId: 'c1', state: 'BuildError', logs: ['main.py:3 NameError'], success: true },
    });
    const result = await callTool('create_compile', { projectId: 7 }, client);
    expect(result).toMatchObject({ state: 'BuildError', logs: ['main.py:3 NameError'] });
  });

  test('keeps the parameters the create answer lists', async () => {
    const parameters = [{ file: 'main.py', parameters: [{ name: 'fast', value: '10' }] }];
    const client = new ScriptedClient({
      '/compile/create': { compileId: 'c1', state: 'InQueue', parameters, success: true },
      '/compile/read': { compileId: 'c1', state: 'BuildSuccess', success: true },
    });
    expect(await callTool('create_compile', { projectId: 7 }, client)).toMatchObject({ parameters });
  });
});
