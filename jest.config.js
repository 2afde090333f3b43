// Two kinds of test, run by one Jest: `unit` (one class, pure functions, and
// the `*.pg`/`*.int`/`*.slapd` specs of one service against the real test
// servers) and `e2e` (the five services as processes on the real servers).
const fs = require('node:fs');
const path = require('node:path');

const swcrc = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
// Jest resolves the workspace aliases itself (moduleNameMapper); swc must not rewrite them.
delete swcrc.jsc.baseUrl;
delete swcrc.jsc.paths;
delete swcrc.$schema;

const moduleNameMapper = {
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

module.exports = {
  // Tests against real servers share two cores with the servers and each
  // other: 5 s (Jest's default) failed a 5,000-user write on a loaded CI
  // machine. A test that hangs still fails, after 30 s.
  testTimeout: 30_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/e2e/**/*.e2e.ts'],
      slowTestThreshold: 60,
    },
  ],
};
