/** Project collaborators and the edit lock that shared projects need before their files change. */
import * as z from 'zod';
import { defineTool, type ToolDefinition } from './define';
import { CODE_SOURCE_ID, projectId, stringId } from './fields';
import { definedOnly, list, record } from './shape/compact';
import { confirm, withoutEnvelope } from './shape/envelope';

const userId = (description: string) => stringId().describe(description);

export const COLLABORATION_TOOLS: readonly ToolDefinition[] = [
  defineTool({
    name: 'create_project_collaborator',
    title: 'Add project collaborator',
    description: 'Share a project with another QuantConnect user.',
    effect: 'create',
    endpoint: '/projects/collaboration/create',
    input: {
      projectId: projectId(),
      collaboratorUserId: userId("The user's id"),
      collaborationLiveControl: z.boolean().default(false).describe('May deploy and stop live algorithms'),
      collaborationWrite: z.boolean().default(false).describe('May edit code'),
    },
  }),
  defineTool({
    name: 'read_project_collaborators',
    title: 'Read project collaborators',
    description: "A project's collaborators (uid, name, permission, live control).",
    effect: 'read',
    endpoint: '/projects/collaboration/read',
    input: { projectId: projectId() },
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
    input: {
      projectId: projectId(),
      collaboratorUserId: userId('uid from read_project_collaborators'),
      liveControl: z.boolean().describe('May deploy and stop live algorithms'),
      write: z.boolean().describe('May edit code'),
    },
    shape: confirm((args) => `Collaborator ${args.collaboratorUserId} updated on project ${args.projectId}.`),
  }),
  defineTool({
    name: 'delete_project_collaborator',
    title: 'Remove project collaborator',
    description: 'Remove a collaborator from a project.',
    effect: 'delete',
    endpoint: '/projects/collaboration/delete',
    input: { projectId: projectId(), collaboratorId: userId('uid from read_project_collaborators') },
    shape: confirm((args) => `Collaborator ${args.collaboratorId} removed from project ${args.projectId}.`),
  }),
  defineTool({
    name: 'lock_project_with_collaborators',
    title: 'Lock project for editing',
    description: 'Take the edit lock of a project shared with collaborators; its files cannot be edited without it.',
    effect: 'update',
    endpoint: '/projects/collaboration/lock/acquire',
    input: { projectId: projectId() },
    body: (args) => ({ ...args, codeSourceId: CODE_SOURCE_ID }),
    shape: confirm((args) => `Project ${args.projectId} locked for editing.`),
  }),
];
