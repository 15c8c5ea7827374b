/** The organization account: id, QCC credit balance and card, and what this server lets the caller do. */
import { defineTool, type Access, type ToolDefinition } from './define';
import { withoutEnvelope } from './shape/envelope';

/** What each access tier allows, in the words read_account answers with. */
const TIER_SCOPE: Record<Access, string> = {
  'read-only': 'read-only: reads and the AI helpers; nothing can be created, changed, deleted or traded',
  standard: 'standard: research (projects, files, compiles, backtests, optimizations); no live trading',
  'live-trading': 'live-trading: everything, including live deployments that place real orders',
};

export const ACCOUNT_TOOLS: readonly ToolDefinition[] = [
  defineTool({
    name: 'read_account',
    title: 'Read account',
    description:
      "The organization's id, QCC credit balance and card, and your access tier. Call it first for the organizationId other tools need.",
    effect: 'read',
    endpoint: '/account/read',
    input: () => ({}),
    run: async (_args, { client, signal, deadline, endpoint, access }) => {
      const account = await client.post(endpoint, {}, { idempotent: true, signal, deadline });
      return { ...withoutEnvelope(account), access: TIER_SCOPE[access] };
    },
  }),
];
