/**
 * /ai/tools/*: QuantConnect's AI helpers, answered by simple rules. The markers of the rest of the
 * fake apply: `SYNTAX_ERROR` is a syntax error, `RUNTIME_ERROR` fails initialisation.
 */
import { int, list, obj, optionalInt, str, type Handler } from '../body';
import { FakeApiError } from '../world';
import { RUNTIME_ERROR_MARKER } from './backtests';
import { SYNTAX_ERROR_MARKER } from './compile';

interface SourceFile {
  name: string;
  content: string;
}

const VOCABULARY = [
  'self.set_start_date',
  'self.set_end_date',
  'self.set_cash',
  'self.set_holdings',
  'self.set_warm_up',
  'self.set_benchmark',
  'self.add_equity',
  'self.add_crypto',
  'self.add_forex',
  'self.add_option',
  'self.history',
  'self.liquidate',
  'self.log',
  'self.debug',
  'self.plot',
  'self.schedule.on',
  'self.portfolio.invested',
];

const SEARCH_TYPES = ['Stubs', 'Forum', 'Docs', 'Examples'];

function files(body: Record<string, unknown>): SourceFile[] {
  const all = list<SourceFile>(body, 'files');
  if (all.some((file) => typeof file?.content !== 'string')) throw new FakeApiError('Every file needs a content.');
  return all.map((file) => ({ name: file.name ?? 'main.py', content: file.content }));
}

function findings(sources: SourceFile[], marker: string, message: string): string[] {
  return sources.flatMap((file) =>
    file.content.split('\n').flatMap((line, index) => {
      const column = line.indexOf(marker);
      return column < 0 ? [] : [`File: ${file.name} Line: ${index + 1} Column: ${column + 1} - ${message}`];
    }),
  );
}

const backtestInit: Handler = (body) => {
  str(body, 'language');
  const sources = files(body);
  const problems = [
    ...findings(sources, SYNTAX_ERROR_MARKER, 'invalid syntax'),
    ...findings(sources, RUNTIME_ERROR_MARKER, 'Runtime Error: Trying to divide by zero in initialize'),
  ];
  return problems.length === 0
    ? { state: 'End', version: 1, payload: 'The algorithm initialized without errors.', payloadType: 'text' }
    : { state: 'Error', version: 1, payload: problems.join('\n'), payloadType: 'text' };
};

const complete: Handler = (body) => {
  str(body, 'language');
  const sentence = str(body, 'sentence');
  const limit = optionalInt(body, 'responseSizeLimit') ?? 10;
  const last = sentence.trimEnd().split(/\s+/).pop() ?? '';
  const suggestions = VOCABULARY.filter((entry) => entry.startsWith(last) && entry !== last).slice(0, limit);
  return { state: 'End', version: 1, payload: suggestions, payloadType: 'list' };
};

const errorEnhance: Handler = (body) => {
  str(body, 'language');
  const error = obj(body, 'error');
  const message = str(error, 'message');
  return {
    state: 'End',
    version: 1,
    payload: `The algorithm raised "${message}". Check the line named in the stack trace and the values it uses; guard divisions and indexing against empty data.`,
    payloadType: 'text',
  };
};

/** `self.SetHoldings(` → `self.set_holdings(`, `def OnData(` → `def on_data(`. */
function toPep8(content: string): string {
  const snake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  return content
    .replace(/\bself\.([A-Z][A-Za-z0-9]*)/g, (_, name: string) => `self.${snake(name)}`)
    .replace(/\bdef ([A-Z][A-Za-z0-9]*)\(/g, (_, name: string) => `def ${snake(name)}(`);
}

const pep8Convert: Handler = (body) => ({
  state: 'End',
  version: 1,
  payload: Object.fromEntries(files(body).map((file) => [file.name, toPep8(file.content)])),
  payloadType: 'dict',
});

const syntaxCheck: Handler = (body) => {
  str(body, 'language');
  return {
    state: 'End',
    version: 1,
    payload: findings(files(body), SYNTAX_ERROR_MARKER, 'invalid syntax'),
    payloadType: 'list',
  };
};

const search: Handler = (body) => {
  const language = str(body, 'language');
  const criteria = list<Record<string, unknown>>(body, 'criteria');
  const retrivals = criteria.flatMap((criterion) => {
    const input = str(criterion, 'input');
    const type = str(criterion, 'type');
    const typeIndex = SEARCH_TYPES.indexOf(type);
    if (typeIndex < 0) throw new FakeApiError(`Unknown search type ${type}; use one of ${SEARCH_TYPES.join(', ')}.`);
    const slug = input.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    return Array.from({ length: int(criterion, 'count') }, (_, i) => ({
      url: `https://www.quantconnect.com/${type === 'Forum' ? 'forum/discussion' : 'docs/v2/search'}/${slug}-${i + 1}`,
      score: Math.round((0.9 - i * 0.05) * 100) / 100,
      content: `${type} result ${i + 1} about "${input}" for ${language}.`,
      type: typeIndex,
    }));
  });
  return { state: 'End', version: 1, retrivals, messageId: retrivals.length };
};

export const aiHandlers: Record<string, Handler> = {
  '/ai/tools/backtest-init': backtestInit,
  '/ai/tools/complete': complete,
  '/ai/tools/error-enhance': errorEnhance,
  '/ai/tools/pep8-convert': pep8Convert,
  '/ai/tools/syntax-check': syntaxCheck,
  '/ai/tools/search': search,
};
