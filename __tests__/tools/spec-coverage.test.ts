import { TOOLS } from '../../lambda/tools';
import {
  officialTools,
  skipReason,
  specAvailable,
  specPaths,
  toolsTableAvailable,
  toolsTableSkipReason,
} from './support/spec';

const describeWithSpec = specAvailable ? describe : describe.skip;
if (!specAvailable) console.log(skipReason());
const testWithToolsTable = toolsTableAvailable ? test : test.skip;
if (!toolsTableAvailable) console.log(toolsTableSkipReason());

describeWithSpec('the catalogue against the QuantConnect spec', () => {
  const endpoints = new Set(TOOLS.map((tool) => tool.endpoint));

  test('the spec has the 61 paths the catalogue was written for', () => {
    expect(specPaths()).toHaveLength(61);
  });

  test('every endpoint of the spec has a tool', () => {
    const missing = specPaths().filter((path) => !endpoints.has(path));
    expect(missing).toEqual([]);
  });

  test('every tool calls an endpoint of the spec', () => {
    const paths = new Set(specPaths());
    expect(TOOLS.filter((tool) => !paths.has(tool.endpoint)).map((tool) => tool.name)).toEqual([]);
  });

  testWithToolsTable('every official tool exists under its official name and calls the official endpoint', () => {
    const byName = new Map(TOOLS.map((tool) => [tool.name, tool.endpoint]));
    const official = officialTools();
    expect(official.length).toBeGreaterThanOrEqual(62);
    expect(official.filter(({ name, endpoint }) => byName.get(name) !== endpoint)).toEqual([]);
  });
});
