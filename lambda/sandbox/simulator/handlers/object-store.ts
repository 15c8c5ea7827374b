/**
 * /object/*: the organization's object store. /object/set takes multipart/form-data; /object/get
 * is two-step: keys → a job id, then the job id → a download URL once the job is ready (after
 * `readsUntilDone` reads). The URL is served by the fake itself.
 */
import { createHash } from 'node:crypto';
import { list, optionalStr, str, type Body, type Handler } from '../body';
import {
  FakeApiError,
  hexId,
  isDone,
  nextNumber,
  qcDate,
  requireOrganization,
  type StoredObject,
  type World,
} from '../world';

const MIME_TYPES: Record<string, string> = {
  json: 'application/json',
  csv: 'text/csv',
  txt: 'text/plain',
  pkl: 'application/octet-stream',
  zip: 'application/zip',
};

function mimeOf(key: string): string {
  return MIME_TYPES[key.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
}

function requireObject(world: World, body: Body): StoredObject {
  requireOrganization(world, str(body, 'organizationId'));
  const key = str(body, 'key');
  const object = world.objects.get(key);
  if (!object) throw new FakeApiError(`Object store key ${key} not found.`);
  return object;
}

const set: Handler = (body, world) => {
  requireOrganization(world, str(body, 'organizationId'));
  const key = str(body, 'key');
  const raw = body.objectData;
  if (!Buffer.isBuffer(raw) && typeof raw !== 'string') throw new FakeApiError('objectData is required.');
  const data = Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8');
  const now = qcDate(world.now());
  world.objects.set(key, { key, data, created: world.objects.get(key)?.created ?? now, modified: now });
  return {};
};

const properties: Handler = (body, world) => {
  const object = requireObject(world, body);
  const textual = mimeOf(object.key).startsWith('text/') || mimeOf(object.key) === 'application/json';
  return {
    metadata: {
      key: object.key,
      modified: object.modified,
      created: object.created,
      size: object.data.length,
      md5: createHash('md5').update(object.data).digest('hex'),
      mime: mimeOf(object.key),
      ...(textual ? { preview: object.data.toString('utf8', 0, 200) } : {}),
    },
  };
};

/** `keys` starts a download job; `jobId` asks for its URL. */
const get: Handler = (body, world) => {
  requireOrganization(world, str(body, 'organizationId'));
  const jobId = optionalStr(body, 'jobId');
  if (jobId === undefined) {
    const keys = list<string>(body, 'keys');
    const missing = keys.filter((key) => !world.objects.has(key));
    if (missing.length > 0) throw new FakeApiError(`Object store key(s) not found: ${missing.join(', ')}.`);
    const job = { jobId: hexId('object-job', nextNumber(world, 'object-job')), keys, reads: 0 };
    world.objectJobs.set(job.jobId, job);
    return { jobId: job.jobId };
  }
  const job = world.objectJobs.get(jobId);
  if (!job) throw new FakeApiError(`Download job ${jobId} not found.`);
  job.reads++;
  return isDone(world, job.reads) ? { jobId, url: `${world.origin}${jobId}` } : { jobId };
};

const listObjects: Handler = (body, world) => {
  requireOrganization(world, str(body, 'organizationId'));
  const path = (optionalStr(body, 'path') ?? '/').replace(/^\/+/, '');
  const prefix = path === '' || path.endsWith('/') ? path : `${path}/`;
  const entries = new Map<string, Record<string, unknown>>();
  for (const object of world.objects.values()) {
    if (!object.key.startsWith(prefix)) continue;
    const rest = object.key.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash >= 0) {
      const folder = `${prefix}${rest.slice(0, slash)}`;
      entries.set(folder, {
        key: folder,
        name: rest.slice(0, slash),
        modified: object.modified,
        mime: '',
        folder: true,
        size: 0,
      });
    } else {
      entries.set(object.key, {
        key: object.key,
        name: rest,
        modified: object.modified,
        mime: mimeOf(object.key),
        folder: false,
        size: object.data.length,
      });
    }
  }
  const used = [...world.objects.values()].reduce((sum, object) => sum + object.data.length, 0);
  return {
    path: `/${prefix}`,
    objects: [...entries.values()],
    page: 0,
    totalPages: 1,
    objectStorageUsed: used,
    objectStorageUsedHuman: used < 1024 ? `${used} B` : `${(used / 1024).toFixed(1)} KB`,
  };
};

const remove: Handler = (body, world) => {
  world.objects.delete(requireObject(world, body).key);
  return {};
};

export const objectStoreHandlers: Record<string, Handler> = {
  '/object/set': set,
  '/object/properties': properties,
  '/object/get': get,
  '/object/list': listObjects,
  '/object/delete': remove,
};
