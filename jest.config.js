/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] },
  testTimeout: 60000,
  // One esbuild build of dist/ per run, before any test (see the file).
  globalSetup: '<rootDir>/__tests__/global-setup.ts',
};
