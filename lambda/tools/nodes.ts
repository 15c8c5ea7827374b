/** The backtest, research and live nodes a project may run on. */
import * as z from 'zod';
import { defineTool, type ToolDefinition } from './define';
import { projectId } from './fields';
import { definedOnly, list, record } from './shape/compact';
import type { QuantConnectResponse } from '../quantconnect/types';

function nodeSummary(node: unknown): Record<string, unknown> {
  const n = record(node);
  return definedOnly({
    id: n.id,
    name: n.name,
    sku: n.sku,
    cpu: n.cpu,
    ram: n.ram,
    hasGpu: n.hasGpu === 1 ? true : undefined,
    active: n.active,
    busy: n.busy,
    usedBy: n.usedBy,
    projectName: n.projectName,
  });
}

/** Each kind of node with the fields that choose one; prices, hosts and profile links left out. */
function shapeNodes(response: QuantConnectResponse): object {
  const nodes = record(response.nodes);
  return {
    autoSelectNode: response.autoSelectNode,
    backtest: list(nodes.backtest).map(nodeSummary),
    research: list(nodes.research).map(nodeSummary),
    live: list(nodes.live).map(nodeSummary),
  };
}

export const NODE_TOOLS: readonly ToolDefinition[] = [
  defineTool({
    name: 'read_project_nodes',
    title: 'Read project nodes',
    description: "The organization's backtest, research and live nodes, which are busy, and which this project uses.",
    effect: 'read',
    endpoint: '/projects/nodes/read',
    input: () => ({ projectId: projectId() }),
    shape: shapeNodes,
  }),
  defineTool({
    name: 'update_project_nodes',
    title: 'Update project nodes',
    description: 'Choose the nodes a project may use; an empty list lets QuantConnect pick the best free node.',
    effect: 'update',
    endpoint: '/projects/nodes/update',
    input: () => ({
      projectId: projectId(),
      nodes: z.array(z.string()).default([]).describe('Node ids from read_project_nodes'),
    }),
    shape: shapeNodes,
  }),
];
