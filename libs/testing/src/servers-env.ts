import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The checkout's root (holds nx.json), from the sources or from their build in dist/. */
export const REPO_ROOT = findRepoRoot(__dirname);

function findRepoRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no nx.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export interface ServersEnv {
  DATABASE_URL: string;
  AMQP_URL: string;
  LDAP_URL: string;
  LDAPS_URL: string;
  LDAP_HOST: string;
  LDAP_PORT: string;
  LDAPS_PORT: string;
  LDAP_CA_FILE: string;
  LDAP_BIND_DN: string;
  LDAP_BIND_PASSWORD: string;
  LDAP_BASE_DN: string;
  DIRSYNC_STATE: string;
  [key: string]: string;
}

/**
 * The test servers' addresses, written by `DIRSYNC_PROFILE=test infra/servers.sh up`.
 * Missing means the servers were not started: that is a failure, not a skip.
 */
export function serversEnv(): ServersEnv {
  const state = process.env['DIRSYNC_STATE'] ?? join(REPO_ROOT, '.state', 'test');
  const file = join(state, 'servers.env');
  if (!existsSync(file)) {
    throw new Error(
      `${file} is missing: start the test servers with "DIRSYNC_PROFILE=test bash infra/servers.sh up" (or run "npm test")`,
    );
  }
  const entries = readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => [match[1], unquote(match[2] ?? '')]);
  return Object.fromEntries(entries) as ServersEnv;
}

function unquote(value: string): string {
  return /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
}
