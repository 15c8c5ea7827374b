/** The server instructions point agents at real tools, the ones their access tier lists. */
import { instructionsFor } from '../../lambda/instructions';
import { TOOLS } from '../../lambda/tools';
import { ACCESS_LEVELS, isAllowed } from '../../lambda/tools/define';
import { startQuantConnectFake } from '../../lambda/sandbox/simulator';
import { connectSession } from '../tools/support/mcp-session';

const named = (text: string) => new Set(text.match(/\b[a-z]+(?:_[a-z]+)+\b/g) ?? []);

test.each(ACCESS_LEVELS)('at %s, every tool the instructions name is listed at that tier', (access) => {
  const instructions = instructionsFor(access);
  expect(named(instructions).size).toBeGreaterThanOrEqual(5);
  const listed = new Set(TOOLS.filter((tool) => isAllowed(tool.effect, access)).map((tool) => tool.name));
  expect([...named(instructions)].filter((name) => !listed.has(name))).toEqual([]);
});

test.each(ACCESS_LEVELS)('at %s, the instructions name the tier', (access) => {
  expect(instructionsFor(access)).toContain(`Access tier: ${access}`);
});

test('read-only instructions describe no write tool and say nothing can be changed', () => {
  const instructions = instructionsFor('read-only');
  expect(instructions).not.toMatch(/create_|update_|delete_/);
  expect(instructions).toContain('nothing can be created, changed or deleted');
});

test('live-trading instructions ask for the user’s confirmation before trading', () => {
  expect(instructionsFor('live-trading')).toMatch(/real orders at once: confirm with the user/);
});

test('a caller with a tier of its own (OAuth) is told its own tier, not the deployment’s', async () => {
  const fake = await startQuantConnectFake();
  const session = await connectSession(fake, { access: 'live-trading', scope: { callerAccess: 'read-only' } });
  try {
    expect(session.client.getInstructions()).toBe(instructionsFor('read-only'));
  } finally {
    await session.close();
    await fake.close();
  }
});

test.each(ACCESS_LEVELS)('at %s, no listed tool’s description names a tool the tier does not list', (access) => {
  const listed = TOOLS.filter((tool) => isAllowed(tool.effect, access));
  const names = new Set(listed.map((tool) => tool.name));
  const hidden = TOOLS.map((tool) => tool.name).filter((name) => !names.has(name));
  const mentions = listed.flatMap((tool) =>
    hidden.filter((name) => new RegExp(`\\b${name}\\b`).test(tool.description)).map((name) => `${tool.name} → ${name}`),
  );
  expect(mentions).toEqual([]);
});
