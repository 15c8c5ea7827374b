/** /projects/*: projects, collaborators, the collaboration lock and node selection. */
import { bool, int, optionalInt, optionalStr, str, type Body, type Handler } from '../body';
import { LEAN_VERSIONS, NODES, templateFiles } from '../catalog';
import {
  FakeApiError,
  hexId,
  nextNumber,
  qcDate,
  requireProject,
  touch,
  type CollaboratorRecord,
  type Language,
  type ProjectRecord,
  type World,
} from '../world';

export function projectView(world: World, project: ProjectRecord): Record<string, unknown> {
  const deployments = world.live.get(project.projectId) ?? [];
  const latest = deployments[deployments.length - 1];
  return {
    projectId: project.projectId,
    organizationId: world.organizationId,
    name: project.name,
    modified: project.modified,
    created: project.created,
    ownerId: ownerUid(world),
    language: project.language,
    collaborators: project.collaborators.map(collaboratorView),
    leanVersionId: LEAN_VERSIONS[0].id,
    leanPinnedToMaster: true,
    owner: true,
    description: project.description,
    channelId: hexId('channel', project.projectId),
    parameters: [],
    libraries: [],
    encrypted: false,
    codeRunning: latest?.status === 'Running',
    leanEnvironment: 1,
    ...(latest ? { lastLiveDeployment: latest.launched } : {}),
  };
}

function ownerUid(world: World): number {
  return Number.parseInt(world.userId, 10) || 1;
}

function collaboratorView(collaborator: CollaboratorRecord): Record<string, unknown> {
  return {
    uid: collaborator.uid,
    liveControl: collaborator.liveControl,
    permission: collaborator.write ? 'write' : 'read',
    publicId: collaborator.publicId,
    profileImage: `https://cdn.quantconnect.com/web/i/users/profile/${hexId('profile', collaborator.uid)}.png`,
    email: `${collaborator.publicId}@example.com`,
    name: collaborator.publicId.replace(/_/g, ' '),
    bio: '',
    owner: collaborator.owner,
  };
}

const create: Handler = (body, world) => {
  const name = str(body, 'name');
  const language = str(body, 'language') as Language;
  if (language !== 'Py' && language !== 'C#') throw new FakeApiError('language must be "Py" or "C#".');
  const organizationId = optionalStr(body, 'organizationId');
  if (organizationId !== undefined && organizationId !== world.organizationId) {
    throw new FakeApiError(`Organization ${organizationId} not found or you are not a member of it.`);
  }
  if ([...world.projects.values()].some((project) => project.name === name)) {
    throw new FakeApiError(`A project named "${name}" already exists.`);
  }
  const now = qcDate(world.now());
  const project: ProjectRecord = {
    projectId: 24_000_000 + nextNumber(world, 'project'),
    name,
    language,
    description: '',
    created: now,
    modified: now,
    files: new Map(),
    collaborators: [
      { uid: ownerUid(world), publicId: `user_${world.userId}`, liveControl: true, write: true, owner: true },
    ],
    selectedNodes: [],
  };
  for (const file of templateFiles(language, name)) {
    project.files.set(file.name, {
      id: nextNumber(world, 'file'),
      name: file.name,
      content: file.content,
      modified: now,
    });
  }
  world.projects.set(project.projectId, project);
  return { projects: [projectView(world, project)], versions: LEAN_VERSIONS };
};

const read: Handler = (body, world) => {
  const projectId = optionalInt(body, 'projectId');
  if (projectId !== undefined)
    return { projects: [projectView(world, requireProject(world, projectId))], versions: [] };
  const all = [...world.projects.values()];
  const start = optionalInt(body, 'start') ?? 0;
  const end = optionalInt(body, 'end') ?? all.length;
  return { projects: all.slice(start, end).map((project) => projectView(world, project)), versions: LEAN_VERSIONS };
};

const update: Handler = (body, world) => {
  const project = requireProject(world, int(body, 'projectId'));
  const name = optionalStr(body, 'name');
  const description = optionalStr(body, 'description');
  if (name !== undefined) project.name = name;
  if (description !== undefined) project.description = description;
  touch(world, project);
  return {};
};

const remove: Handler = (body, world) => {
  const project = requireProject(world, int(body, 'projectId'));
  const deployments = world.live.get(project.projectId) ?? [];
  if (deployments.some((deployment) => deployment.status === 'Running')) {
    throw new FakeApiError('The project has a running live algorithm; stop it before deleting the project.');
  }
  world.projects.delete(project.projectId);
  for (const map of [world.compiles, world.backtests, world.optimizations]) {
    for (const [id, record] of map) if (record.projectId === project.projectId) map.delete(id);
  }
  world.live.delete(project.projectId);
  return {};
};

function collaborators(project: ProjectRecord): Record<string, unknown> {
  return { collaborators: project.collaborators.map(collaboratorView) };
}

function findCollaborator(project: ProjectRecord, publicId: string): CollaboratorRecord {
  const collaborator = project.collaborators.find((candidate) => candidate.publicId === publicId);
  if (!collaborator) throw new FakeApiError(`${publicId} is not a collaborator of project ${project.projectId}.`);
  return collaborator;
}

const createCollaborator: Handler = (body, world) => {
  const project = requireProject(world, int(body, 'projectId'));
  const publicId = str(body, 'collaboratorUserId');
  if (project.collaborators.some((candidate) => candidate.publicId === publicId)) {
    throw new FakeApiError(`${publicId} is already a collaborator of project ${project.projectId}.`);
  }
  project.collaborators.push({
    uid: 1_000_000 + nextNumber(world, 'collaborator'),
    publicId,
    liveControl: bool(body, 'collaborationLiveControl'),
    write: bool(body, 'collaborationWrite'),
    owner: false,
  });
  return collaborators(project);
};

const readCollaborators: Handler = (body, world) => {
  const project = requireProject(world, int(body, 'projectId'));
  return { ...collaborators(project), userLiveControl: true, userPermissions: 'write' };
};

const updateCollaborator: Handler = (body, world) => {
  const project = requireProject(world, int(body, 'projectId'));
  const collaborator = findCollaborator(project, str(body, 'collaboratorUserId'));
  collaborator.liveControl = bool(body, 'liveControl');
  collaborator.write = bool(body, 'write');
  return collaborators(project);
};

const deleteCollaborator: Handler = (body, world) => {
  const project = requireProject(world, int(body, 'projectId'));
  const collaborator = findCollaborator(project, str(body, 'collaboratorId'));
  if (collaborator.owner) throw new FakeApiError('The owner of a project cannot be removed from it.');
  project.collaborators = project.collaborators.filter((candidate) => candidate !== collaborator);
  return collaborators(project);
};

const acquireLock: Handler = (body, world) => {
  const project = requireProject(world, int(body, 'projectId'));
  project.lockedBy = str(body, 'codeSourceId');
  return {};
};

function nodesView(world: World, project: ProjectRecord): Record<string, unknown> {
  const busy = new Set(
    [...world.live.values()]
      .flat()
      .filter((deployment) => deployment.status === 'Running')
      .map((d) => d.nodeId),
  );
  const view = (kind: string) =>
    NODES.filter((node) => node.kind === kind).map((node) => ({
      speed: node.speed,
      price: { monthly: node.monthly, yearly: node.monthly * 10 },
      cpu: node.cpu,
      ram: node.ram,
      name: node.name,
      sku: node.sku,
      description: `${node.cpu} CPU core(s), ${node.ram} GB RAM`,
      usedBy: '',
      userProfile: '',
      projectName: busy.has(node.id) ? project.name : '',
      projectId: busy.has(node.id) ? project.projectId : 0,
      busy: busy.has(node.id),
      id: node.id,
      assets: 0,
      host: '',
      active: project.selectedNodes.includes(node.id),
      hasGpu: 0,
    }));
  return {
    nodes: { backtest: view('backtest'), live: view('live'), research: view('research') },
    autoSelectNode: project.selectedNodes.length === 0,
  };
}

const readNodes: Handler = (body, world) => nodesView(world, requireProject(world, int(body, 'projectId')));

const updateNodes: Handler = (body: Body, world) => {
  const project = requireProject(world, int(body, 'projectId'));
  const nodes = body.nodes === undefined ? [] : (body.nodes as unknown[]);
  const unknown = nodes.filter((id) => !NODES.some((node) => node.id === id));
  if (unknown.length > 0) throw new FakeApiError(`Unknown node id(s): ${unknown.join(', ')}.`);
  project.selectedNodes = nodes as string[];
  return nodesView(world, project);
};

export const projectHandlers: Record<string, Handler> = {
  '/projects/create': create,
  '/projects/read': read,
  '/projects/update': update,
  '/projects/delete': remove,
  '/projects/collaboration/create': createCollaborator,
  '/projects/collaboration/read': readCollaborators,
  '/projects/collaboration/update': updateCollaborator,
  '/projects/collaboration/delete': deleteCollaborator,
  '/projects/collaboration/lock/acquire': acquireLock,
  '/projects/nodes/read': readNodes,
  '/projects/nodes/update': updateNodes,
};
