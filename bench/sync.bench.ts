/**
 * Synchronization benchmark (issue "Safe synchronization"): a generated
 * directory of 100,000 users in a slapd of its own, the five services as
 * built, the test profile's PostgreSQL and RabbitMQ. Prints the time of a
 * first sync, a re-sync with nothing changed and a re-sync with 1% of the
 * users changed, and each service's peak memory (VmHWM) during each.
 *
 *   npm run bench:sync                 (starts the test servers and builds first)
 *   node dist/bench/sync.bench.js [--users N] [--changed-percent P]
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ServiceName } from '@dirsync/contracts';
import {
  ALL_SERVICES,
  DirsyncSystem,
  generatedUserDn,
  openLdapSampleSettings,
  PrivateServer,
  REPO_ROOT,
  seedAdminConnection,
  writeUsersDirectoryLdif,
} from '@dirsync/testing';

const run = promisify(execFile);

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

/** Peak resident memory since the last reset, in MiB (Linux /proc). */
function peakMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return Math.round(kib / 1024);
}

/** Writing 5 to clear_refs resets VmHWM, so each phase gets its own peak. */
function resetPeaks(pids: number[]) {
  for (const pid of pids) writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

async function main() {
  const users = option('users', 100_000);
  const changedPercent = option('changed-percent', 1);
  const ldif = join(REPO_ROOT, '.state', `bench-sync-${process.pid}.ldif`);
  const started = Date.now();
  await writeUsersDirectoryLdif(ldif, users);
  const slapd = await PrivateServer.slapd(ldif);
  console.log(
    `directory: ${users} users generated and loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );

  const system = await DirsyncSystem.start({
    env: { RPC_TIMEOUT_MS: '900000', LOG_LEVEL: 'warn' },
  });
  const pids = Object.fromEntries(
    ALL_SERVICES.map((name) => [name, system.processes.get(name).process.pid ?? 0]),
  ) as Record<ServiceName, number>;
  const rows: string[][] = [];
  try {
    await system.admin(
      'PUT',
      '/directory/settings',
      openLdapSampleSettings(seedAdminConnection('127.0.0.1', slapd.ports['ldap'] ?? 0)),
    );

    const phase = async (name: string, expect: (counts: Record<string, number>) => boolean) => {
      resetPeaks(Object.values(pids));
      const t0 = Date.now();
      const { status, body } = await system.admin('POST', '/directory/sync?wait=true');
      const seconds = (Date.now() - t0) / 1000;
      if (status !== 200 || !expect(body.plan.counts)) {
        throw new Error(
          `${name}: unexpected answer ${status} ${JSON.stringify(body.plan?.counts ?? body)}`,
        );
      }
      rows.push([
        name,
        seconds.toFixed(1),
        JSON.stringify(body.plan.counts),
        ...ALL_SERVICES.map((s) => String(peakMiB(pids[s]))),
      ]);
      console.log(`${name}: ${seconds.toFixed(1)} s`);
    };

    await phase('first sync', (c) => c['create'] === users);
    await phase('re-sync, nothing changed', (c) => c['unchanged'] === users);

    const changed = Math.floor((users * changedPercent) / 100);
    const modifications = Array.from(
      { length: changed },
      (_, i) =>
        `dn: ${generatedUserDn(i * Math.floor(users / changed))}\nchangetype: modify\nreplace: displayName\ndisplayName: Changed ${i}\n`,
    ).join('\n');
    const modifyFile = join(REPO_ROOT, '.state', `bench-sync-${process.pid}.modify.ldif`);
    writeFileSync(modifyFile, modifications);
    await run('ldapmodify', [
      '-x',
      '-H',
      `ldap://127.0.0.1:${slapd.ports['ldap']}`,
      '-D',
      'cn=admin,dc=example,dc=com',
      '-w',
      'MySecretPassword',
      '-f',
      modifyFile,
    ]);
    await rm(modifyFile);
    await phase(`re-sync, ${changedPercent}% changed`, (c) => c['update'] === changed);
  } finally {
    await system.stop();
    await slapd.destroy();
    await rm(ldif, { force: true });
  }

  const header = ['phase', 'seconds', 'plan counts', ...ALL_SERVICES.map((s) => `${s} peak MiB`)];
  console.log(`\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
