/** Project collaborators and the edit lock that shared projects need before their files change. */
import * as z from 'zod';
import { defineTool, type ToolDefinition } from './define';
import { CODE_SOURCE_ID, projectId, stringId } from './fields';
import { definedOnly, list, record } from './shape/compact';
import { confirm, withoutEnvelope } from './shape/envelope';

/**
 * The API names the same things differently per endpoint (collaboratorUserId or collaboratorId,
 * collaborationWrite or write); the three tools take one naming, that of /collaboration/create.
 */
const collaboratorUserId = (description: string) => stringId().describe(description);
const liveControl = () => z.boolean().describe('May deploy and stop live algorithms');
const write = () => z.boolean().describe('May edit code');

export const COLLABORATION_TOOLS: readonly ToolDefinition[] = [
  defineTool({
    name: 'create_project_collaborator',
    title: 'Add project collaborator',
    description: 'Share a project with another QuantConnect user.',
    effect: 'create',
    endpoint: '/projects/collaboration/create',
    input: () => ({
      projectId: projectId(),
      collaboratorUserId: collaboratorUserId("The user's id"),
      collaborationLiveControl: liveControl().default(false),
      collaborationWrite: write().default(false),
    }),
  }),
  defineTool({
    name: 'read_project_collaborators',
    title: 'Read project collaborators',
    description: "A project's collaborators (uid, name, permission, live control).",
    effect: 'read',
    endpoint: '/projects/collaboration/read',
    input: () => ({ projectId: projectId() }),
    shape: (response) => ({
      ...withoutEnvelope(response),
      collaborators: list(response.collaborators).map((collaborator) => {
        const c = record(collaborator);
        return definedOnly({ ...c, profileImage: undefined, bio: undefined });
      }),
    }),
  }),
  defineTool({
    name: 'update_project_collaborator',
    title: 'Update project collaborator',
    description: "Change a collaborator's rights on a project.",
    effect: 'update',
    endpoint: '/projects/collaboration/update',
    input: () => ({
      projectId: projectId(),
      collaboratorUserId: collaboratorUserId('uid from read_project_collaborators'),
      collaborationLiveControl: liveControl(),
      collaborationWrite: write(),
    }),
    body: (args) => ({
      projectId: args.projectId,
      collaboratorUserId: args.collaboratorUserId,
      liveControl: args.collaborationLiveControl,
      write: args.collaborationWrite,
    }),
    shape: confirm((args) => `Collaborator ${args.collaboratorUserId} updated on project ${args.projectId}.`),
  }),
  defineTool({
    name: 'delete_project_collaborator',
    title: 'Remove project collaborator',
    description: 'Remove a collaborator from a project.',
    effect: 'delete',
    endpoint: '/projects/collaboration/delete',
    input: () => ({
      projectId: projectId(),
      collaboratorUserId: collaboratorUserId('uid from read_project_collaborators'),
    }),
    body: (args) => ({ projectId: args.projectId, collaboratorId: args.collaboratorUserId }),
    shape: confirm((args) => `Collaborator ${args.collaboratorUserId} removed from project ${args.projectId}.`),
  }),
  defineTool({
    name: 'lock_project_with_collaborators',
    title: 'Lock project for editing',
    description: 'Take the edit lock of a project shared with collaborators; its files cannot be edited without it.',
    effect: 'update',
    // Taking the lock changes who may edit; it deletes nothing.
    destructive: false,
    endpoint: '/projects/collaboration/lock/acquire',
    input: () => ({ projectId: projectId() }),
    body: (args) => ({ ...args, codeSourceId: CODE_SOURCE_ID }),
    shape: confirm((args) => `Project ${args.projectId} locked for editing.`),
  }),
];
