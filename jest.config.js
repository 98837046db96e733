// One jest run for everything; suites that need an unreachable service skip themselves
// with a printed reason (see test/support/require-service.ts), except under CI=true.
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

const common = {
  transform: { '^.+\\.ts$': swc },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: { '^@ledger/(.+)$': '<rootDir>/libs/$1' },
  testEnvironment: 'node',
};

module.exports = {
  // The root transform also compiles globalSetup/globalTeardown.
  transform: common.transform,
  testTimeout: 60000,
  // Two workers on two cores: most suites wait on a database, a broker, a browser or a child process.
  maxWorkers: 2,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Three kinds, named by their suffix (docs/architecture.md#tests): pure specs beside the code,
  // specs beside the code that need a database or a broker, and end-to-end suites under test/.
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.unit.spec.ts', '<rootDir>/apps/**/*.unit.spec.ts'] },
    { ...common, displayName: 'int', testMatch: ['<rootDir>/libs/**/*.int.spec.ts', '<rootDir>/apps/**/*.int.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e.test.ts'] },
  ],
};
