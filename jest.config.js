/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { isolatedModules: true }],
    // @middy/core ships ES modules only, and jest runs CommonJS: compile it like our sources.
    '^.+/node_modules/@middy/.+\\.js$': ['ts-jest', { isolatedModules: true, tsconfig: { allowJs: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@middy/)'],
  testTimeout: 60000,
  // One esbuild build of dist/ per run, before any test (see the file).
  globalSetup: '<rootDir>/__tests__/global-setup.ts',
};
