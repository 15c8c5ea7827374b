/** The organization account: id, QCC credit balance and card. */
import { defineTool, type ToolDefinition } from './define';

export const ACCOUNT_TOOLS: readonly ToolDefinition[] = [
  defineTool({
    name: 'read_account',
    title: 'Read account',
    description:
      "The organization's id, QCC credit balance and card. Call it first for the organizationId other tools need.",
    effect: 'read',
    endpoint: '/account/read',
    input: {},
  }),
];
