/** Commands sent to running live algorithms (their OnCommand handler acts on them). */
import * as z from 'zod';
import { defineTool, type ToolDefinition } from './define';
import { integerId, organizationId, projectId } from './fields';
import { confirm } from './shape/envelope';

const command = () =>
  z
    .record(z.string(), z.unknown())
    .describe("Command object the algorithm's OnCommand receives; $type names a Command class");

export const LIVE_COMMAND_TOOLS: readonly ToolDefinition[] = [
  defineTool({
    name: 'create_live_command',
    title: 'Send live command',
    description:
      "Send a command to a project's live algorithm, e.g. to place an order (at once) or change a setting. Confirm with the user first.",
    effect: 'trade',
    endpoint: '/live/commands/create',
    input: () => ({ projectId: projectId(), command: command() }),
    shape: confirm((args) => `Command sent to the live algorithm of project ${args.projectId}.`),
  }),
  defineTool({
    name: 'broadcast_live_command',
    title: 'Broadcast live command',
    description:
      'Send a command to every running live algorithm of an organization, optionally excluding one project. Confirm with the user first.',
    effect: 'trade',
    endpoint: '/live/commands/broadcast',
    input: () => ({
      organizationId: organizationId(),
      excludeProjectId: integerId().optional().describe('Project to leave out'),
      command: command(),
    }),
    shape: confirm((args) => `Command broadcast to the live algorithms of organization ${args.organizationId}.`),
  }),
];
