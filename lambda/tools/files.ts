/** Project files: create, read (one file, or a listing), rename, overwrite, patch, delete. */
import * as z from 'zod';
import { parametersInCode } from './code-parameters';
import { defineTool, type ToolDefinition } from './define';
import { ApiError } from '../quantconnect/errors';
import { clip } from '../quote';
import { CODE_SOURCE_ID, offset, projectId, start } from './fields';
import { definedOnly, list, record, text } from './shape/compact';
import { confirm } from './shape/envelope';
import { pageOf, windowOf } from './shape/page';
import { textWindow } from './shape/text';

const LISTING_PAGE = 200;

const listedOrUndefined = (names: string[]) => (names.length > 0 ? names : undefined);

const fileName = (description = 'File name with its path, e.g. main.py') => z.string().describe(description);

/** QuantConnect records which environment edited a file; ours names this server. */
const withCodeSource = <Args extends object>(args: Args) => ({ ...args, codeSourceId: CODE_SOURCE_ID });

const patched = confirm((args: { projectId: number }) => `Patch applied to project ${args.projectId}.`);
const created = confirm(
  (args: { projectId: number; name: string }) => `Created ${args.name} in project ${args.projectId}.`,
);

/** QuantConnect refuses to create a file that exists; the agent wanted to write it, which update_file_contents does. */
function isAlreadyThere(error: unknown): error is ApiError {
  return error instanceof ApiError && error.errors.some((message) => /already exists?/i.test(message));
}

export const FILE_TOOLS: readonly ToolDefinition[] = [
  defineTool({
    name: 'create_file',
    title: 'Create file',
    description:
      'Add a new file (code or data) to a project; to replace an existing file (main.py) use update_file_contents.',
    effect: 'create',
    endpoint: '/files/create',
    input: () => ({
      projectId: projectId(),
      name: fileName(),
      content: z.string().default('').describe('File content'),
    }),
    run: async (args, { client, signal, deadline, endpoint }) => {
      try {
        const response = await client.post(endpoint, withCodeSource(args), {
          idempotent: false,
          signal,
          deadline,
        });
        return created(response, args);
      } catch (error) {
        if (!isAlreadyThere(error)) throw error;
        throw new Error(
          `${error.message} To replace its content, call update_file_contents with projectId ${args.projectId}, name "${clip(args.name)}" and the content.`,
        );
      }
    },
  }),
  defineTool({
    name: 'read_file',
    title: 'Read file',
    description:
      "One file's content when name is given; otherwise the project's file names and sizes. Both list the parameters the code reads.",
    effect: 'read',
    endpoint: '/files/read',
    input: () => ({
      projectId: projectId(),
      name: fileName().optional(),
      start: start().describe('Listing without name: index of the first file'),
      offset: offset(),
    }),
    body: (args) => withCodeSource(definedOnly({ projectId: args.projectId, name: args.name })),
    shape: (response, args) => {
      const files = list(response.files).map(record);
      if (args.name !== undefined) {
        const file = files.find((f) => f.name === args.name) ?? files[0];
        if (file === undefined) return `Project ${args.projectId} has no file ${args.name}.`;
        const window = textWindow(text(file.content), args.offset);
        return definedOnly({
          note: window.note,
          name: file.name,
          modified: file.modified,
          parametersInCode: listedOrUndefined(parametersInCode([file])),
          content: window.text,
        });
      }
      const listing = files.map((f) =>
        definedOnly({
          name: f.name,
          size: typeof f.content === 'string' ? f.content.length : undefined,
          modified: f.modified,
          isLibrary: f.isLibrary === true ? true : undefined,
        }),
      );
      const page = pageOf(listing, windowOf(args.start, undefined, LISTING_PAGE), 'files');
      return definedOnly({
        note: `${page.note} Pass a name to read a file.`,
        parametersInCode: listedOrUndefined(parametersInCode(files)),
        files: page.items,
      });
    },
  }),
  defineTool({
    name: 'update_file_name',
    title: 'Rename file',
    description: 'Rename or move a file within its project.',
    effect: 'update',
    endpoint: '/files/update',
    input: () => ({ projectId: projectId(), name: fileName('Current name'), newName: fileName('New name') }),
    body: withCodeSource,
    shape: confirm((args) => `Renamed ${args.name} to ${args.newName} in project ${args.projectId}.`),
  }),
  defineTool({
    name: 'update_file_contents',
    title: 'Update file contents',
    description: "Replace a file's whole content. For small edits of a large file prefer patch_file.",
    effect: 'update',
    endpoint: '/files/update',
    input: () => ({ projectId: projectId(), name: fileName(), content: z.string().describe('The new content') }),
    body: withCodeSource,
    shape: confirm(
      (args) =>
        `Updated ${args.name} in project ${args.projectId}. Next: create_compile with projectId ${args.projectId}.`,
    ),
  }),
  defineTool({
    name: 'patch_file',
    title: 'Patch file',
    description:
      'Apply a unified diff (git diff format, with diff --git, index, ---/+++ and @@ lines) to project files. Context lines must match exactly: read_file first.',
    effect: 'update',
    // Applying the same diff twice is not a no-op: the second may apply again or fail.
    idempotent: false,
    endpoint: '/files/patch',
    input: () => ({ projectId: projectId(), patch: z.string().describe('Unified diff') }),
    run: async (args, { client, signal, deadline, endpoint }) => {
      const response = await client.post(endpoint, withCodeSource(args), { idempotent: false, signal, deadline });
      return patched(response, args);
    },
  }),
  defineTool({
    name: 'delete_file',
    title: 'Delete file',
    description: 'Delete a file from a project.',
    effect: 'delete',
    endpoint: '/files/delete',
    input: () => ({ projectId: projectId(), name: fileName() }),
    body: withCodeSource,
    shape: confirm((args) => `Deleted ${args.name} from project ${args.projectId}.`),
  }),
];
