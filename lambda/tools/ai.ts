/** QuantConnect's AI helpers: they compute an answer about code and change nothing. */
import * as z from 'zod';
import { defineTool, type ToolDefinition } from './define';
import { codeFiles, language } from './fields';
import type { QuantConnectResponse } from '../quantconnect/types';
import { definedOnly, list, record } from './shape/compact';
import { clip } from './shape/text';

const SEARCH_TYPES = ['Stubs', 'Forum', 'Docs', 'Examples'];
/** A search hit is context, not the whole page: enough to judge it and follow its URL. */
const HIT_CHARS = 3_000;

/** The helpers' envelope (version, payloadType) says nothing; the state and payload do. */
function answer(response: QuantConnectResponse): Record<string, unknown> {
  return definedOnly({ state: response.state, payload: response.payload });
}

export const AI_TOOLS: readonly ToolDefinition[] = [
  defineTool({
    name: 'check_initialization_errors',
    title: 'Check initialization errors',
    description:
      "Run the algorithm's Initialize for a few seconds and report the errors it raises, before a full backtest.",
    effect: 'read',
    endpoint: '/ai/tools/backtest-init',
    input: () => ({ language: language(), files: codeFiles() }),
    shape: answer,
  }),
  defineTool({
    name: 'complete_code',
    title: 'Complete code',
    description: 'Completions of a partial line of QuantConnect (LEAN) code.',
    effect: 'read',
    endpoint: '/ai/tools/complete',
    input: () => ({
      language: language(),
      sentence: z.string().describe('Code to complete, e.g. self.add_eq'),
      responseSizeLimit: z.number().int().min(1).optional().describe('Most completions wanted'),
    }),
    shape: answer,
  }),
  defineTool({
    name: 'enhance_error_message',
    title: 'Explain error',
    description: 'Context and fix suggestions for a LEAN error message (from a build log or backtest error).',
    effect: 'read',
    endpoint: '/ai/tools/error-enhance',
    input: () => ({
      language: language(),
      error: z.object({ message: z.string(), stacktrace: z.string().optional() }).describe('{message, stacktrace?}'),
    }),
    shape: answer,
  }),
  defineTool({
    name: 'update_code_to_pep8',
    title: 'Convert to PEP8',
    description: 'Python files rewritten to PEP8 style (snake_case LEAN API); returns the new content by file name.',
    effect: 'read',
    endpoint: '/ai/tools/pep8-convert',
    input: () => ({ files: codeFiles() }),
    shape: answer,
  }),
  defineTool({
    name: 'check_syntax',
    title: 'Check syntax',
    description: 'Syntax errors in algorithm files, without compiling the project.',
    effect: 'read',
    endpoint: '/ai/tools/syntax-check',
    input: () => ({ language: language(), files: codeFiles() }),
    shape: (response) =>
      list(response.payload).length === 0 && response.state !== 'Error'
        ? 'No syntax errors found.'
        : { syntaxErrors: response.payload },
  }),
  defineTool({
    name: 'search_quantconnect',
    title: 'Search QuantConnect',
    description: 'Search the LEAN API stubs, docs, examples and forum for how to write something.',
    effect: 'read',
    endpoint: '/ai/tools/search',
    input: () => ({
      language: language(),
      criteria: z
        .array(
          z.object({
            input: z.string(),
            type: z.enum(['Docs', 'Examples', 'Stubs', 'Forum']),
            count: z.number().int().min(1).optional(),
          }),
        )
        .min(1)
        .describe('[{input: query, type, count?}]'),
    }),
    shape: (response) => ({
      state: response.state,
      results: list(response.retrivals).map((hit) => {
        const h = record(hit);
        const type = typeof h.type === 'number' ? (SEARCH_TYPES[h.type] ?? h.type) : h.type;
        return definedOnly({
          url: h.url,
          type,
          score: h.score,
          content: typeof h.content === 'string' ? clip(h.content, HIT_CHARS) : h.content,
        });
      }),
    }),
  }),
];
