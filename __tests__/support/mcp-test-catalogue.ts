/**
 * A small tool catalogue and a recording QuantConnect client for the runtime's tests: one tool
 * per path the registrar takes (default call, body mapping, shaping, run, failures, access
 * levels), so these tests do not depend on the real catalogue.
 */
import * as z from 'zod';
import { defineTool, type ToolDefinition } from '../../lambda/tools/define';
import type { QuantConnectClient, QuantConnectResponse, RequestOptions } from '../../lambda/quantconnect/types';

export interface RecordedCall {
  readonly endpoint: string;
  readonly body: object | undefined;
  readonly options: RequestOptions;
}

/** Answers every post with `respond(endpoint, body)` and records what was sent. */
export class RecordingClient implements QuantConnectClient {
  readonly calls: RecordedCall[] = [];

  constructor(
    private readonly respond: (endpoint: string, body: object | undefined) => QuantConnectResponse = () => ({
      success: true,
    }),
  ) {}

  post(endpoint: string, body: object | undefined, options: RequestOptions): Promise<QuantConnectResponse> {
    this.calls.push({ endpoint, body, options });
    return Promise.resolve(this.respond(endpoint, body));
  }

  postForRedirect(endpoint: string, body: object | undefined, options: RequestOptions): Promise<string> {
    this.calls.push({ endpoint, body, options });
    return Promise.resolve('https://example.com/authorize');
  }
}

export const readProject = defineTool({
  name: 'read_project',
  title: 'Read project',
  description: 'Details of one project.',
  effect: 'read',
  endpoint: '/projects/read',
  input: () => ({ projectId: z.number().int().describe('Project id') }),
});

export const createProject = defineTool({
  name: 'create_project',
  title: 'Create project',
  description: 'Creates a project.',
  effect: 'create',
  endpoint: '/projects/create',
  input: () => ({
    name: z.string().min(1).describe('Project name'),
    language: z.enum(['Py', 'C#']).describe('Py or C#'),
  }),
  body: (args) => ({ name: args.name, language: args.language, tag: 'from-body' }),
  shape: (response, args) =>
    `Created ${args.name} as project ${String((response.projects as { projectId: number }[])[0].projectId)}`,
});

export const updateProject = defineTool({
  name: 'update_project',
  title: 'Update project',
  description: 'Renames a project.',
  effect: 'update',
  endpoint: '/projects/update',
  input: () => ({ projectId: z.number().int().describe('Project id'), name: z.string().describe('New name') }),
});

export const deleteProject = defineTool({
  name: 'delete_project',
  title: 'Delete project',
  description: 'Deletes a project.',
  effect: 'delete',
  endpoint: '/projects/delete',
  input: () => ({ projectId: z.number().int().describe('Project id') }),
});

export const liquidate = defineTool({
  name: 'liquidate_live_algorithm',
  title: 'Liquidate live algorithm',
  description: 'Sells every holding of a live algorithm.',
  effect: 'trade',
  endpoint: '/live/update/liquidate',
  input: () => ({ projectId: z.number().int().describe('Project id') }),
});

/** Returns `size` characters, for the result cap. */
export const readLog = defineTool({
  name: 'read_log',
  title: 'Read log',
  description: 'A long log.',
  effect: 'read',
  endpoint: '/backtests/read/log',
  input: () => ({ size: z.number().int().describe('Characters') }),
  run: (args) => Promise.resolve('x'.repeat(args.size)),
});

/** Fails with an error that has a stack, which must not reach the agent. */
export const failing = defineTool({
  name: 'read_failing',
  title: 'Failing',
  description: 'Always fails.',
  effect: 'read',
  endpoint: '/failing',
  input: () => ({}),
  run: () => Promise.reject(new Error('QuantConnect said no: project 7 is locked')),
});

/** Never answers and ignores its signal: only the time budget can end it. */
export const stuck = defineTool({
  name: 'read_stuck',
  title: 'Stuck',
  description: 'Never answers.',
  effect: 'read',
  endpoint: '/stuck',
  input: () => ({}),
  run: () => new Promise<never>(() => undefined),
});

/** Reports the deadline and signal it was given. */
export const deadlineProbe = defineTool({
  name: 'read_deadline',
  title: 'Deadline',
  description: 'Reports its time budget.',
  effect: 'read',
  endpoint: '/deadline',
  input: () => ({}),
  run: (_args, context) => Promise.resolve({ deadline: context.deadline, aborted: context.signal.aborted }),
});

export const TEST_TOOLS: readonly ToolDefinition[] = [
  readProject,
  createProject,
  updateProject,
  deleteProject,
  liquidate,
  readLog,
  failing,
  stuck,
  deadlineProbe,
];
