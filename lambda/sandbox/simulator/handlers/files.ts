/** /files/*: a project's files, including /files/patch with a unified diff. */
import { int, optionalStr, str, type Handler } from '../body';
import { applyUnifiedDiff, PatchError } from '../unified-diff';
import { FakeApiError, nextNumber, qcDate, requireProject, touch, type FileRecord, type ProjectRecord } from '../world';

function fileView(project: ProjectRecord, file: FileRecord): Record<string, unknown> {
  return {
    id: file.id,
    projectId: project.projectId,
    name: file.name,
    content: file.content,
    modified: file.modified,
    open: false,
    isLibrary: false,
  };
}

function requireFile(project: ProjectRecord, name: string): FileRecord {
  const file = project.files.get(name);
  if (!file) throw new FakeApiError(`File ${name} not found in project ${project.projectId}.`);
  return file;
}

const create: Handler = (body, world) => {
  const project = requireProject(world, int(body, 'projectId'));
  const name = str(body, 'name');
  if (project.files.has(name)) throw new FakeApiError(`File ${name} already exists in project ${project.projectId}.`);
  project.files.set(name, {
    id: nextNumber(world, 'file'),
    name,
    content: optionalStr(body, 'content') ?? '',
    modified: qcDate(world.now()),
  });
  touch(world, project);
  return {};
};

const read: Handler = (body, world) => {
  const project = requireProject(world, int(body, 'projectId'));
  const name = optionalStr(body, 'name');
  const files = name === undefined ? [...project.files.values()] : [requireFile(project, name)];
  return { files: files.map((file) => fileView(project, file)) };
};

/** One endpoint, two requests: `newName` renames, `content` replaces the content. */
const update: Handler = (body, world) => {
  const project = requireProject(world, int(body, 'projectId'));
  const file = requireFile(project, str(body, 'name'));
  const newName = optionalStr(body, 'newName');
  const content = optionalStr(body, 'content');
  if (newName !== undefined) {
    if (project.files.has(newName))
      throw new FakeApiError(`File ${newName} already exists in project ${project.projectId}.`);
    project.files.delete(file.name);
    file.name = newName;
    project.files.set(newName, file);
  } else if (content !== undefined) {
    file.content = content;
  } else {
    throw new FakeApiError('Either newName or content is required.');
  }
  file.modified = qcDate(world.now());
  touch(world, project);
  return {};
};

const patch: Handler = (body, world) => {
  const project = requireProject(world, int(body, 'projectId'));
  const current = new Map([...project.files.values()].map((file) => [file.name, file.content]));
  let changes: Map<string, string | null>;
  try {
    changes = applyUnifiedDiff(current, str(body, 'patch'));
  } catch (error) {
    if (error instanceof PatchError) throw new FakeApiError(error.message);
    throw error;
  }
  const now = qcDate(world.now());
  for (const [name, content] of changes) {
    if (content === null) {
      project.files.delete(name);
    } else {
      const file = project.files.get(name) ?? { id: nextNumber(world, 'file'), name, content, modified: now };
      file.content = content;
      file.modified = now;
      project.files.set(name, file);
    }
  }
  touch(world, project);
  return {};
};

const remove: Handler = (body, world) => {
  const project = requireProject(world, int(body, 'projectId'));
  project.files.delete(requireFile(project, str(body, 'name')).name);
  touch(world, project);
  return {};
};

export const fileHandlers: Record<string, Handler> = {
  '/files/create': create,
  '/files/read': read,
  '/files/update': update,
  '/files/patch': patch,
  '/files/delete': remove,
};
