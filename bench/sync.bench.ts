/**
 * Synchronization benchmark (issue "Sync runs as durable, fenced, streamed
 * jobs"): a generated directory of N users in a slapd of its own, the five
 * services as built, the test profile's PostgreSQL and RabbitMQ. For each
 * size it measures, on the same data in the same run:
 *
 * - the baselines: `ldapsearch -E pr=1000/noprompt` of what the sync reads
 *   (the users' entryUUID, objectGUID, uid, cn, displayName, mail and the
 *   synchronized group's members; output to /dev/null, as
 *   directory-read.bench does) and a PostgreSQL `\copy` of N user rows into a
 *   scratch table shaped like `users` (no index);
 * - a first sync, a re-sync with nothing changed (checked to write nothing)
 *   and a re-sync with 1% of the users changed: wall time of
 *   `POST /directory/sync?wait=true`, sync-planner's steps (read, store list,
 *   plan, staging, apply) and user-store's apply steps from their logs, the
 *   outbox relay (answer → last user event received), and each service's
 *   peak RSS (VmHWM, reset before each phase) and CPU seconds until the answer
 *   (each phase starts once every service is idle: the events of the one
 *   before handled);
 *
 * and prints each phase's ratio against the baselines (targets: first sync
 * ≤ 5× (ldapsearch + COPY), no-change re-sync ≤ 2× ldapsearch, 1% changed
 * ≤ 1.1× the no-change re-sync, peaks ≤ 300 MB at 100,000 users and growing
 * by ≤ 20% at 200,000). With several rounds, every figure is the median.
 *
 *   npm run bench:sync                        (100,000 users; builds first)
 *   npm run bench:sync -- --users 200000
 *   npm run bench:sync -- --compare 100000,200000 --rounds 3
 *   node dist/bench/sync.bench.js [--users N] [--compare N,M] [--rounds R]
 *        [--changed-percent P] [--cpu-prof DIR] [--keep-logs DIR]
 *
 * `--cpu-prof DIR` runs every service with `node --cpu-prof` into DIR;
 * `--keep-logs DIR` writes each service's output of a round to
 * DIR/<service>-<users>-<round>.log (with DIRSYNC_NODE_ARGS=--trace-gc, the
 * heap after each collection; with DIRSYNC_LOG_LEVEL=debug, each request's
 * handler time).
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { connect } from 'amqplib';
import { Client } from 'pg';
import type { ServiceName } from '@dirsync/contracts';
import {
  ALL_SERVICES,
  DirsyncSystem,
  GENERATED_SUFFIX,
  generatedUserDn,
  generatedUserUid,
  openLdapSampleSettings,
  PrivateServer,
  REPO_ROOT,
  seedAdminConnection,
  waitUntil,
  writeUsersDirectoryLdif,
} from '@dirsync/testing';
import { processCpuSeconds } from './process-cpu';

const run = promisify(execFile);
const ADMIN_DN = `cn=admin,${GENERATED_SUFFIX}`;
const ADMIN_PASSWORD = 'MySecretPassword';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
};

/** Peak resident memory since the last reset, in MB (10^6 bytes, as the targets; Linux /proc). */
function peakMB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return (kib * 1024) / 1e6;
}

/** Writing 5 to clear_refs resets VmHWM, so each phase gets its own peak. */
function resetPeaks(pids: number[]) {
  for (const pid of pids) writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

async function timedMs(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

function toDevNull(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}`)),
    );
  });
}

/** The searches the sync makes (users, then the synchronized group's members), paged by 1,000. */
async function ldapsearch(port: number): Promise<void> {
  const common = [
    '-x',
    '-H',
    `ldap://127.0.0.1:${port}`,
    '-D',
    ADMIN_DN,
    '-w',
    ADMIN_PASSWORD,
    '-b',
    GENERATED_SUFFIX,
    '-E',
    'pr=1000/noprompt',
    '-LLL',
  ];
  await toDevNull('ldapsearch', [
    ...common,
    '(objectClass=posixAccount)',
    'entryUUID',
    'objectGUID',
    'uid',
    'cn',
    'displayName',
    'mail',
  ]);
  await toDevNull('ldapsearch', [
    ...common,
    '(objectClass=posixGroup)',
    'cn',
    'description',
    'member',
  ]);
}

/** N user rows as CSV, in the columns of `users`. */
function writeUsersCsv(path: string, users: number) {
  const now = new Date().toISOString();
  const lines: string[] = [];
  for (let i = 0; i < users; i += 1) {
    const uid = generatedUserUid(i);
    const hex = i.toString(16).padStart(12, '0');
    lines.push(
      `00000000-0000-4000-8000-${hex},${uid},User ${i},directory,10000000-0000-4000-8000-${hex},"${generatedUserDn(i)}","{log-on,read-own-archive}",${now},${now}`,
    );
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** `\copy` of the CSV into a fresh scratch table shaped like `users` (columns only). */
/**
 * Waits until no service used more than 20 ms of CPU in half a second (at
 * most two minutes): a phase must not start while a service still works
 * through the events of the one before (auth-gateway and config-api
 * consume every user event), or it measures their work as its own.
 */
async function servicesIdle(pids: Record<ServiceName, number>): Promise<void> {
  const busy = () => ALL_SERVICES.map((service) => processCpuSeconds(pids[service]));
  const deadline = Date.now() + 120_000;
  let before = busy();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = busy();
    if (now.every((seconds, index) => seconds - (before[index] ?? 0) <= 0.02)) return;
    before = now;
  }
  console.log('  (the services were still busy after two minutes; measuring anyway)');
}

async function copyUsers(databaseUrl: string, csv: string): Promise<number> {
  const psql = (command: string) =>
    run('psql', [databaseUrl, '-v', 'ON_ERROR_STOP=1', '-qc', command]);
  await psql(
    'DROP TABLE IF EXISTS bench_copy_users; CREATE TABLE bench_copy_users (LIKE users INCLUDING DEFAULTS)',
  );
  const ms = await timedMs(() =>
    psql(
      `\\copy bench_copy_users (id, user_name, full_name, auth_method, external_id, dn, privileges, created_at, updated_at) FROM '${csv}' WITH (FORMAT csv)`,
    ),
  );
  await psql('DROP TABLE bench_copy_users');
  return ms;
}

interface Phase {
  name: string;
  seconds: number;
  counts: Record<string, number>;
  /** sync-planner's steps (read, list, plan, stage, apply), ms. */
  planner: Record<string, number>;
  /** user-store's apply steps (load, check, write, commit), ms. */
  store: Record<string, number>;
  /** From the answer to the last user event received, s. */
  relaySeconds: number;
  peaks: Record<ServiceName, number>;
  /** CPU seconds each service used from the request to the answer. */
  cpu: Record<ServiceName, number>;
  writes: string;
}

interface Round {
  ldapsearchSeconds: number;
  copySeconds: number;
  phases: Phase[];
}

/** The JSON log line of a service whose message is `msg`, after line `from`. */
function logLine(output: string[], from: number, msg: string): Record<string, any> | undefined {
  for (let i = output.length - 1; i >= from; i -= 1) {
    const line = output[i] ?? '';
    if (!line.includes(msg)) continue;
    try {
      const parsed = JSON.parse(line) as Record<string, any>;
      if (parsed['msg'] === msg) return parsed;
    } catch {
      // not JSON
    }
  }
  return undefined;
}

async function oneRound(
  users: number,
  changedPercent: number,
  round: number,
  cpuProf?: string,
): Promise<Round> {
  const ldif = join(REPO_ROOT, '.state', `bench-sync-${process.pid}.ldif`);
  const csv = join(REPO_ROOT, '.state', `bench-sync-${process.pid}.csv`);
  const started = Date.now();
  await writeUsersDirectoryLdif(ldif, users);
  writeUsersCsv(csv, users);
  const slapd = await PrivateServer.slapd(ldif);
  const ldapPort = slapd.ports['ldap'] ?? 0;
  console.log(
    `[${users} users, round ${round}] directory generated and loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  const system = await DirsyncSystem.start({
    env: {
      RPC_TIMEOUT_MS: '900000',
      // DIRSYNC_LOG_LEVEL=debug logs each request's handler time (with --keep-logs).
      LOG_LEVEL: process.env['DIRSYNC_LOG_LEVEL'] ?? 'info',
      // DIRSYNC_NODE_ARGS (e.g. "--max-old-space-size=200") goes to every service's node.
      DIRSYNC_NODE_ARGS: [
        process.env['DIRSYNC_NODE_ARGS'] ?? '',
        cpuProf ? `--cpu-prof --cpu-prof-dir=${cpuProf}` : '',
      ].join(' '),
    },
  });
  const pids = Object.fromEntries(
    ALL_SERVICES.map((name) => [name, system.processes.get(name).process.pid ?? 0]),
  ) as Record<ServiceName, number>;
  // Counts user events as they arrive, and when the last one came.
  const broker = await connect(system.servers.AMQP_URL);
  const channel = await broker.createChannel();
  const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
  await channel.bindQueue(queue, `${system.namespace}.events`, 'user.#');
  let userEvents = 0;
  let lastUserEventAt = 0;
  await channel.consume(
    queue,
    () => {
      userEvents += 1;
      lastUserEventAt = performance.now();
    },
    { noAck: true },
  );
  const db = new Client({ connectionString: system.database.url });
  await db.connect();
  const storeState = async () => {
    const [row] = (
      await db.query<{ users: number; updated: string | null; events: number; addresses: number }>(
        `SELECT (SELECT count(*)::int FROM users) AS users,
                (SELECT max(updated_at)::text FROM users) AS updated,
                (SELECT count(*)::int FROM outbox_events WHERE routing_key LIKE 'user.%') AS events,
                (SELECT count(*)::int FROM user_email_addresses) AS addresses`,
      )
    ).rows;
    return JSON.stringify(row);
  };

  const phases: Phase[] = [];
  let stopped: PromiseSettledResult<unknown>[];
  let ldapsearchSeconds: number;
  let copySeconds: number;
  try {
    await system.admin(
      'PUT',
      '/directory/settings',
      openLdapSampleSettings(seedAdminConnection('127.0.0.1', ldapPort)),
    );
    // Baselines on the same data: one untimed ldapsearch warms slapd, as the sync's read is warm too.
    await ldapsearch(ldapPort);
    ldapsearchSeconds = (await timedMs(() => ldapsearch(ldapPort))) / 1000;
    copySeconds = (await copyUsers(system.database.url, csv)) / 1000;
    console.log(
      `  ldapsearch -E pr=1000: ${ldapsearchSeconds.toFixed(2)} s; \\copy of ${users} user rows: ${copySeconds.toFixed(2)} s`,
    );

    const phase = async (
      name: string,
      expectedEvents: number,
      expect: (counts: Record<string, number>) => boolean,
    ) => {
      // The services that subscribe to user events may still be handling the last phase's.
      await servicesIdle(pids);
      const plannerOutput = system.processes.get('sync-planner').output;
      const storeOutput = system.processes.get('user-store').output;
      const plannerFrom = plannerOutput.length;
      const storeFrom = storeOutput.length;
      const before = await storeState();
      const eventsBefore = userEvents;
      resetPeaks(Object.values(pids));
      const cpuBefore = ALL_SERVICES.map((s) => processCpuSeconds(pids[s]));
      const t0 = performance.now();
      const { status, body } = await system.admin('POST', '/directory/sync?wait=true');
      const answered = performance.now();
      const cpu = Object.fromEntries(
        ALL_SERVICES.map((s, i) => [s, processCpuSeconds(pids[s]) - (cpuBefore[i] ?? 0)]),
      ) as Record<ServiceName, number>;
      const seconds = (answered - t0) / 1000;
      if (status !== 200 || !expect(body.plan?.counts ?? {})) {
        throw new Error(
          `${name}: unexpected answer ${status} ${JSON.stringify(body.plan?.counts ?? body)}`,
        );
      }
      await waitUntil(() => userEvents - eventsBefore >= expectedEvents, 600_000, 20);
      const relaySeconds =
        expectedEvents === 0 ? 0 : Math.max(0, lastUserEventAt - answered) / 1000;
      const peaks = Object.fromEntries(ALL_SERVICES.map((s) => [s, peakMB(pids[s])])) as Record<
        ServiceName,
        number
      >;
      await waitUntil(
        () => logLine(plannerOutput, plannerFrom, 'run succeeded') !== undefined,
        10_000,
        20,
      );
      const planner = (logLine(plannerOutput, plannerFrom, 'run succeeded')?.['ms'] ??
        {}) as Record<string, number>;
      const store = (logLine(storeOutput, storeFrom, 'sync plan applied')?.['steps'] ??
        {}) as Record<string, number>;
      const after = await storeState();
      const writes = before === after ? 'none' : 'some';
      phases.push({
        name,
        seconds,
        counts: body.plan.counts,
        planner,
        store,
        relaySeconds,
        peaks,
        cpu,
        writes,
      });
      console.log(
        `  ${name}: ${seconds.toFixed(2)} s; planner ${JSON.stringify(planner)}; apply ${JSON.stringify(store)}; relay ${relaySeconds.toFixed(2)} s; user writes: ${writes}`,
      );
    };

    await phase('first sync', users, (c) => c['create'] === users);
    await phase('re-sync, nothing changed', 0, (c) => c['unchanged'] === users);

    const changed = Math.floor((users * changedPercent) / 100);
    const modifications = Array.from(
      { length: changed },
      (_, i) =>
        `dn: ${generatedUserDn(i * Math.floor(users / changed))}\nchangetype: modify\nreplace: displayName\ndisplayName: Changed ${round} ${i}\n`,
    ).join('\n');
    const modifyFile = join(REPO_ROOT, '.state', `bench-sync-${process.pid}.modify.ldif`);
    writeFileSync(modifyFile, modifications);
    await run('ldapmodify', [
      '-x',
      '-H',
      `ldap://127.0.0.1:${ldapPort}`,
      '-D',
      ADMIN_DN,
      '-w',
      ADMIN_PASSWORD,
      '-f',
      modifyFile,
    ]);
    await rm(modifyFile);
    await phase(`re-sync, ${changedPercent}% changed`, changed, (c) => c['update'] === changed);
  } finally {
    await db.end().catch(() => undefined);
    await broker.close().catch(() => undefined);
    // Each step whatever the one before did: a failed stop must not leave the slapd running.
    const keepLogs = option('keep-logs');
    // The logs are copied before the services stop (stopping forgets them);
    // a log that cannot be written is reported after everything has stopped.
    const keptLogs = await Promise.allSettled([
      Promise.resolve().then(() => {
        if (!keepLogs) return;
        mkdirSync(keepLogs, { recursive: true });
        for (const name of ALL_SERVICES) {
          const output = system.processes.get(name).output.join('\n');
          writeFileSync(join(keepLogs, `${name}-${users}-${round}.log`), output);
        }
      }),
    ]);
    stopped = [...keptLogs, ...(await Promise.allSettled([system.stop(), slapd.destroy()]))];
    await rm(ldif, { force: true });
    await rm(csv, { force: true });
  }
  const failedStop = stopped.find((step) => step.status === 'rejected');
  if (failedStop) throw failedStop.reason;
  return { ldapsearchSeconds, copySeconds, phases };
}

interface SizeResult {
  users: number;
  rounds: Round[];
  load: string[];
}

const fmt = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

function printSize({ users, rounds, load }: SizeResult) {
  const ldap = median(rounds.map((r) => r.ldapsearchSeconds));
  const copy = median(rounds.map((r) => r.copySeconds));
  const phaseNames = rounds[0]?.phases.map((p) => p.name) ?? [];
  const of = (index: number, pick: (p: Phase) => number) =>
    median(rounds.map((r) => (r.phases[index] ? pick(r.phases[index]) : NaN)));
  const seconds = phaseNames.map((_, i) => of(i, (p) => p.seconds));
  const [first, noChange, changed] = seconds as [number, number, number];
  console.log(
    `\n### ${users.toLocaleString('en-US')} users — ${rounds.length} round(s), medians; load average (1/5/15 min) before each round: ${load.join('; ')}\n`,
  );
  console.log(
    `ldapsearch -E pr=1000 (users + group members) ${fmt(ldap)} s, \\copy of ${users} user rows ${fmt(copy)} s\n`,
  );
  const header = [
    'phase',
    'seconds',
    'ratio (target)',
    'read',
    'store list',
    'plan',
    'staging',
    'apply',
    'outbox relay',
    'user writes',
  ];
  console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
  const ratios = [
    `${fmt(first / (ldap + copy))}× (ldapsearch + COPY) (≤ 5×)`,
    `${fmt(noChange / ldap)}× ldapsearch (≤ 2×)`,
    `${fmt(changed / noChange)}× no-change re-sync (≤ 1.1×)`,
  ];
  phaseNames.forEach((name, i) => {
    const step = (key: string) => fmt(of(i, (p) => (p.planner[key] ?? NaN) / 1000));
    console.log(
      `| ${[
        name,
        fmt(seconds[i] ?? NaN),
        ratios[i] ?? '',
        step('read'),
        step('list'),
        step('plan'),
        step('stage'),
        step('apply'),
        fmt(of(i, (p) => p.relaySeconds)),
        rounds.map((r) => r.phases[i]?.writes).join('/'),
      ].join(' | ')} |`,
    );
  });
  console.log(`\nuser-store's apply steps (s): `);
  phaseNames.forEach((name, i) => {
    const keys = Object.keys(rounds[0]?.phases[i]?.store ?? {});
    console.log(
      `  ${name}: ${keys.map((k) => `${k} ${fmt(of(i, (p) => (p.store[k] ?? NaN) / 1000))}`).join(', ')}`,
    );
  });
  console.log(`\nCPU seconds each service used from the request to the answer:\n`);
  const cpuHeader = ['phase', ...ALL_SERVICES];
  console.log(`| ${cpuHeader.join(' | ')} |\n|${cpuHeader.map(() => '---').join('|')}|`);
  phaseNames.forEach((name, i) => {
    console.log(
      `| ${[name, ...ALL_SERVICES.map((s) => fmt(of(i, (p) => p.cpu[s])))].join(' | ')} |`,
    );
  });
  console.log(`\npeak RSS (MB) during each phase:\n`);
  const peakHeader = ['phase', ...ALL_SERVICES];
  console.log(`| ${peakHeader.join(' | ')} |\n|${peakHeader.map(() => '---').join('|')}|`);
  phaseNames.forEach((name, i) => {
    console.log(
      `| ${[
        name,
        ...ALL_SERVICES.map((s) =>
          fmt(
            of(i, (p) => p.peaks[s]),
            0,
          ),
        ),
      ].join(' | ')} |`,
    );
  });
}

/** Each service's highest peak over the phases of a size (median over rounds). */
function peaksOf({ rounds }: SizeResult): Record<ServiceName, number> {
  return Object.fromEntries(
    ALL_SERVICES.map((s) => [
      s,
      median(rounds.map((r) => Math.max(...r.phases.map((p) => p.peaks[s])))),
    ]),
  ) as Record<ServiceName, number>;
}

async function main() {
  const sizes = (option('compare') ?? option('users') ?? '100000').split(',').map(Number);
  const rounds = Number(option('rounds') ?? 1);
  const changedPercent = Number(option('changed-percent') ?? 1);
  const cpuProf = option('cpu-prof');
  const results: SizeResult[] = [];
  for (const users of sizes) {
    const result: SizeResult = { users, rounds: [], load: [] };
    for (let round = 1; round <= rounds; round += 1) {
      result.load.push(readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '));
      result.rounds.push(await oneRound(users, changedPercent, round, cpuProf));
    }
    results.push(result);
  }
  for (const result of results) printSize(result);

  const [small, large] = results;
  if (small && large) {
    const a = peaksOf(small);
    const b = peaksOf(large);
    console.log(
      `\n### Peak RSS, highest over the three phases: ${small.users} → ${large.users} users (target: ≤ 300 MB at 100,000, growth ≤ 20%)\n`,
    );
    const header = ['service', `${small.users} users MB`, `${large.users} users MB`, 'growth'];
    console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
    for (const s of ALL_SERVICES)
      console.log(
        `| ${[s, fmt(a[s], 0), fmt(b[s], 0), `${fmt((b[s] / a[s] - 1) * 100, 0)}%`].join(' | ')} |`,
      );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
