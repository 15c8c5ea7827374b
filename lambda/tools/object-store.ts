/** The organization's Object Store: upload, properties, the two-step download, listing, delete. */
import * as z from 'zod';
import { defineTool, type ToolDefinition } from './define';
import { end, organizationId, start } from './fields';
import { definedOnly, list, record } from './shape/compact';
import { confirm } from './shape/envelope';
import { pageOf, windowOf } from './shape/page';
import { clip } from './shape/text';
import { callAndWait } from './wait';

const LIST_PAGE = 100;
/** Download jobs zip the files first; small ones are ready within seconds. */
const DOWNLOAD_WAIT_MS = 10_000;

const key = (description = 'Object Store key, e.g. models/weights.json') => z.string().describe(description);

/** /object/set takes multipart/form-data, with the content as a file part. */
function uploadForm(args: { organizationId: string; key: string; objectData: string }): FormData {
  const form = new FormData();
  form.append('organizationId', args.organizationId);
  form.append('key', args.key);
  form.append('objectData', new Blob([args.objectData]), args.key.split('/').pop() || 'object');
  return form;
}

export const OBJECT_STORE_TOOLS: readonly ToolDefinition[] = [
  defineTool({
    name: 'upload_object',
    title: 'Upload to Object Store',
    description:
      'Store text under a key of the Object Store (algorithms read it with ObjectStore); replaces what was there.',
    effect: 'update',
    endpoint: '/object/set',
    input: () => ({
      organizationId: organizationId(),
      key: key(),
      objectData: z.string().describe('Content to store'),
    }),
    body: uploadForm,
    shape: confirm((args) => `Stored ${args.objectData.length} characters under ${args.key}.`),
  }),
  defineTool({
    name: 'read_object_properties',
    title: 'Read Object Store properties',
    description: "An Object Store file's size, dates, MIME type and a preview of its content (not for folders).",
    effect: 'read',
    endpoint: '/object/properties',
    input: () => ({ organizationId: organizationId(), key: key() }),
    shape: (response) => {
      const metadata = record(response.metadata);
      return definedOnly({
        ...metadata,
        preview: typeof metadata.preview === 'string' ? clip(metadata.preview, 2_000) : undefined,
      });
    },
  }),
  defineTool({
    name: 'read_object_store_file_job_id',
    title: 'Prepare Object Store download',
    description: 'Step 1 of a download: start a job that packs the given keys; returns the jobId for step 2.',
    effect: 'read',
    endpoint: '/object/get',
    input: () => ({ organizationId: organizationId(), keys: z.array(z.string()).min(1).describe('Keys to download') }),
    shape: (response) => ({
      jobId: response.jobId,
      next: 'Call read_object_store_file_download_url with this jobId for the download URL.',
    }),
  }),
  defineTool({
    name: 'read_object_store_file_download_url',
    title: 'Read Object Store download URL',
    description: 'Step 2 of a download: the URL of the packed files, once the job from step 1 is done.',
    effect: 'read',
    endpoint: '/object/get',
    input: () => ({
      organizationId: organizationId(),
      jobId: z.string().describe('From read_object_store_file_job_id'),
    }),
    run: async (args, context) => {
      const { state } = await callAndWait(context, {
        endpoint: context.endpoint,
        body: args,
        idempotent: true,
        isDone: (response) => typeof response.url === 'string' && response.url !== '',
        maxWaitMs: DOWNLOAD_WAIT_MS,
      });
      if (typeof state.url !== 'string' || state.url === '') {
        return 'The download is still being prepared: call read_object_store_file_download_url again in a few seconds.';
      }
      return { url: state.url, note: 'Give this URL to the user, or fetch it: it serves the files.' };
    },
  }),
  defineTool({
    name: 'list_object_store_files',
    title: 'List Object Store files',
    description: 'Files and folders directly under a path of the Object Store (key, size, modified), a page at a time.',
    effect: 'read',
    endpoint: '/object/list',
    input: () => ({
      organizationId: organizationId(),
      path: z.string().default('/').describe('Folder to list'),
      start: start(),
      end: end(LIST_PAGE),
    }),
    body: (args) => ({ organizationId: args.organizationId, path: args.path }),
    shape: (response, args) => {
      const objects = list(response.objects).map((item) => {
        const o = record(item);
        return definedOnly({
          key: o.key,
          folder: o.folder === true ? true : undefined,
          size: o.size,
          modified: o.modified,
        });
      });
      const page = pageOf(objects, windowOf(args.start, args.end, LIST_PAGE), 'objects');
      return definedOnly({
        note: page.note,
        path: response.path,
        used: response.objectStorageUsedHuman,
        objects: page.items,
      });
    },
  }),
  defineTool({
    name: 'delete_object',
    title: 'Delete Object Store file',
    description: 'Delete a key from the Object Store, for good.',
    effect: 'delete',
    endpoint: '/object/delete',
    input: () => ({ organizationId: organizationId(), key: key() }),
    shape: confirm((args) => `Deleted ${args.key} from the Object Store.`),
  }),
];
