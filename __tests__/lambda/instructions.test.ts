/** The server instructions point agents at real tools. */
import { INSTRUCTIONS } from '../../lambda/server';
import { TOOLS } from '../../lambda/tools';

test('every tool the instructions name is in the catalogue', () => {
  const named = new Set(INSTRUCTIONS.match(/\b[a-z]+(?:_[a-z]+)+\b/g));
  expect(named.size).toBeGreaterThanOrEqual(5);
  const catalogue = new Set(TOOLS.map((tool) => tool.name));
  expect([...named].filter((name) => !catalogue.has(name))).toEqual([]);
});
