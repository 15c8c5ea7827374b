import { ScriptedClient, callTool } from './support/scripted-client';

const files = [{ name: 'main.py', content: 'x = (' }];

describe('check_syntax', () => {
  test('says in words that nothing was found, rather than an empty payload', async () => {
    const client = new ScriptedClient({ '/ai/tools/syntax-check': { state: 'End', payload: [], version: 1 } });
    expect(await callTool('check_syntax', { language: 'Py', files }, client)).toBe('No syntax errors found.');
  });

  test('lists the errors it found', async () => {
    const payload = ['main.py line 1: invalid syntax'];
    const client = new ScriptedClient({ '/ai/tools/syntax-check': { state: 'End', payload, version: 1 } });
    expect(await callTool('check_syntax', { language: 'Py', files }, client)).toEqual({ syntaxErrors: payload });
  });
});
