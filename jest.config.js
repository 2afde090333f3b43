const fs = require('node:fs');
const path = require('node:path');

const swcrc = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
// Jest resolves the workspace aliases itself (moduleNameMapper); swc must not rewrite them.
delete swcrc.jsc.baseUrl;
delete swcrc.jsc.paths;
delete swcrc.$schema;

const moduleNameMapper = {
  '^@dirsync/testing/oidc$': '<rootDir>/libs/testing/src/oidc/index.ts',
  '^@dirsync/(contracts|messaging|service-kit|ldap|testing|user-diff)$':
    '<rootDir>/libs/$1/src/index.ts',
};

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFiles: ['reflect-metadata'],
};

// The three tiers (docs/CONVENTIONS.md, "Tests"), told apart by file name:
//   unit         *.spec.ts                   one class or function, no server
//   integration  *.{pg,int,slapd}.spec.ts    one service's code on the real test servers
//   e2e          e2e/*.e2e.ts                the services as processes on the real servers
const integrationSpecs = ['pg', 'int', 'slapd'].flatMap((tier) => [
  `<rootDir>/apps/**/*.${tier}.spec.ts`,
  `<rootDir>/libs/**/*.${tier}.spec.ts`,
]);

module.exports = {
  // Tests against real servers share two cores with the servers and each
  // other: 5 s (Jest's default) failed a 5,000-user write on a loaded CI
  // machine. A test that hangs still fails, after 30 s.
  testTimeout: 30_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/apps/**/*.spec.ts',
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/infra/**/*.spec.ts',
        '<rootDir>/bench/**/*.spec.ts',
      ],
      testPathIgnorePatterns: ['/node_modules/', '\\.(pg|int|slapd)\\.spec\\.ts$'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: integrationSpecs,
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/e2e/**/*.e2e.ts'],
      slowTestThreshold: 60,
    },
  ],
};
