/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { isolatedModules: true }],
    // @middy/core and jose ship ES modules only, and jest runs CommonJS: compile them like our sources.
    '^.+/node_modules/(@middy|jose)/.+\\.js$': ['ts-jest', { isolatedModules: true, tsconfig: { allowJs: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@middy/|jose/)'],
  testTimeout: 60000,
  // One esbuild build of dist/ per run, before any test (see the file).
  globalSetup: '<rootDir>/__tests__/global-setup.ts',
};
