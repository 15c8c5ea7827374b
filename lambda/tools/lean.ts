/** LEAN engine versions, for create_live_algorithm's versionId. */
import { defineTool, type ToolDefinition } from './define';
import { end, start } from './fields';
import { definedOnly, list, record } from './shape/compact';
import { pageOf, windowOf } from './shape/page';

const PAGE = 50;

export const LEAN_TOOLS: readonly ToolDefinition[] = [
  defineTool({
    name: 'read_lean_versions',
    title: 'Read LEAN versions',
    description: 'LEAN engine versions, newest first (id, name, date), for the versionId of a live deployment.',
    effect: 'read',
    endpoint: '/lean/versions/read',
    input: () => ({ start: start(), end: end(PAGE) }),
    body: () => ({}),
    shape: (response, args) => {
      const versions = list(response.versions)
        .map((version) => {
          const v = record(version);
          return definedOnly({ id: v.id, name: v.name, created: v.created, description: v.description });
        })
        .sort((a, b) => Number(b.id) - Number(a.id));
      const page = pageOf(versions, windowOf(args.start, args.end, PAGE), 'versions');
      return { note: page.note, versions: page.items };
    },
  }),
];
