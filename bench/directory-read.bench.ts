/**
 * Directory read benchmark (issue 4): a 100,000-user / 2,000-group directory
 * in a slapd of its own, read by `ldapsearch -E pr=1000/noprompt` and by
 * DirectoryReadService; prints both times, the ratio (target ≤ 1.5×) and the
 * reader's peak RSS.
 *
 *   npm run bench:directory-read            (after a build of this folder, see package.json)
 *   node dist/bench/directory-read.bench.js [--users N] [--groups N] [--rounds N] [--keep]
 *
 * The slapd is infra/slapd.sh's, with its own state folder and ports
 * (DIRSYNC_STATE, DIRSYNC_LDAP_PORT, DIRSYNC_LDAPS_PORT), loaded offline with
 * `slapadd -q`; it is stopped at the end, whatever happens.
 */
import { execFile, spawn } from 'node:child_process';
import { createWriteStream, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DirectorySettings } from '@dirsync/contracts';
import {
  openLdapSampleSettings,
  PrivateServer,
  REPO_ROOT,
  seedAdminConnection,
  serviceNodeOptions,
} from '@dirsync/testing';

const run = promisify(execFile);
/** The issue "Sync runs as durable, fenced, streamed jobs": the read at most 1.5× ldapsearch. */
const TARGET_RATIO = 1.5;
const REPO = REPO_ROOT;
const SUFFIX = 'dc=example,dc=com';
const ADMIN_DN = `cn=admin,${SUFFIX}`;
const ADMIN_PASSWORD = 'MySecretPassword';

interface Options {
  users: number;
  groups: number;
  membersPerGroup: number;
  rounds: number;
  keep: boolean;
}

function options(argv: string[]): Options {
  const value = (name: string, fallback: number) => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? Number(argv[index + 1]) : fallback;
  };
  return {
    users: value('users', 100_000),
    groups: value('groups', 2_000),
    // ~540 members per group: 2,000 groups hold 1.08M member values, as measured in the notes.
    membersPerGroup: value('members', 540),
    rounds: value('rounds', 3),
    keep: argv.includes('--keep'),
  };
}

const userDn = (i: number) => `uid=b${String(i).padStart(6, '0')},ou=people,${SUFFIX}`;
const groupName = (g: number) => `bench-group-${String(g).padStart(4, '0')}`;
const groupDn = (g: number) => `cn=${groupName(g)},ou=groups,${SUFFIX}`;

/**
 * Users `b000000…`; group g holds a window of `membersPerGroup` users starting
 * at g·users/groups (so every user is in about ten groups) and nests groups
 * 2g+1 and 2g+2 (a tree eleven levels deep); the last group nests the first,
 * a cycle. Synchronizing bench-group-0000 therefore takes every group and
 * every user.
 */
async function writeLdif(path: string, o: Options): Promise<void> {
  const out = createWriteStream(path);
  const write = (text: string) =>
    out.write(text)
      ? Promise.resolve()
      : new Promise<void>((resolve) => out.once('drain', resolve));
  await write(
    `dn: ${SUFFIX}\nobjectClass: top\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Bench Corp\n\n`,
  );
  await write(`dn: cn=admin,${SUFFIX}\nobjectClass: organizationalRole\ncn: admin\n\n`);
  for (const ou of ['people', 'groups'])
    await write(
      `dn: ou=${ou},${SUFFIX}\nobjectClass: top\nobjectClass: organizationalUnit\nou: ${ou}\n\n`,
    );
  for (let i = 0; i < o.users; i += 1) {
    const uid = `b${String(i).padStart(6, '0')}`;
    await write(
      `dn: ${userDn(i)}\nobjectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\nobjectClass: inetOrgPerson\nobjectClass: posixAccount\n` +
        `uid: ${uid}\ncn: Bench User ${i}\nsn: User ${i}\ndisplayName: Bench User ${i}\nmail: ${uid}@example.com\n` +
        `uidNumber: ${100_000 + i}\ngidNumber: 100000\nhomeDirectory: /home/${uid}\n\n`,
    );
  }
  const stride = o.users / o.groups;
  for (let g = 0; g < o.groups; g += 1) {
    const lines = [
      `dn: ${groupDn(g)}`,
      'objectClass: top',
      'objectClass: groupOfNames',
      `cn: ${groupName(g)}`,
      `description: bench group ${g}`,
    ];
    const start = Math.floor(g * stride);
    for (let k = 0; k < o.membersPerGroup; k += 1)
      lines.push(`member: ${userDn((start + k) % o.users)}`);
    for (const child of [2 * g + 1, 2 * g + 2])
      if (child < o.groups) lines.push(`member: ${groupDn(child)}`);
    if (g === o.groups - 1) lines.push(`member: ${groupDn(0)}`);
    await write(`${lines.join('\n')}\n\n`);
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await work();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

interface Scenario {
  name: string;
  syncGroups: string[];
  /** What the reader asks of each group in this scenario (members only when groups decide the scope). */
  groupAttributes: string[];
}

/**
 * Both searches the reader makes (same base, filters and attributes), paged
 * by 1,000. Output goes straight to /dev/null when timed: piping 60 MB of
 * LDIF into this process would slow ldapsearch down and flatter the ratio.
 * Returns the number of entries when counting.
 */
async function ldapsearch(port: number, scenario: Scenario, count = false): Promise<number> {
  const common = [
    '-x',
    '-H',
    `ldap://127.0.0.1:${port}`,
    '-D',
    ADMIN_DN,
    '-w',
    ADMIN_PASSWORD,
    '-b',
    SUFFIX,
    '-E',
    'pr=1000/noprompt',
    '-LLL',
  ];
  const searches: [string, string[]][] = [
    ['(objectClass=posixAccount)', ['objectGUID', 'entryUUID', 'uid', 'displayName', 'mail']],
    ['(objectClass=groupOfNames)', scenario.groupAttributes],
  ];
  let entries = 0;
  for (const [filter, attributes] of searches) {
    if (count) {
      // "1.1": DNs only, enough to count.
      const { stdout } = await run('ldapsearch', [...common, filter, '1.1'], {
        maxBuffer: 1 << 28,
      });
      entries += stdout.match(/^dn: /gm)?.length ?? 0;
    } else {
      await toDevNull('ldapsearch', [...common, filter, ...attributes]);
    }
  }
  return entries;
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

interface ReaderResult {
  ms: number;
  users: number;
  groups: number;
  warnings: number;
  replyMegabytes: number;
  peakRssMegabytes: number;
  cpuSeconds: number;
  readCpuSeconds: number;
}

async function reader(port: number, scenario: Scenario): Promise<ReaderResult> {
  const sample = openLdapSampleSettings(seedAdminConnection('127.0.0.1', port, SUFFIX));
  const settings: DirectorySettings = {
    ...sample,
    groups: {
      ...sample.groups,
      filter: '(objectClass=groupOfNames)',
      syncGroups: scenario.syncGroups,
    },
    options: { autoDeleteUsers: false, defaultPrivileges: [] },
  };
  const { stdout } = await run(
    process.execPath,
    [
      // The flags directory-reader runs with in production, then any of the caller's.
      ...serviceNodeOptions(),
      ...(process.env['DIRSYNC_NODE_ARGS']?.split(' ').filter(Boolean) ?? []),
      join(__dirname, 'directory-read.child.js'),
      JSON.stringify(settings),
    ],
    {
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(stdout) as ReaderResult;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function main() {
  const o = options(process.argv.slice(2));
  const ldif = join(REPO, '.state', `bench-directory-read-${process.pid}.ldif`);
  console.log(
    `generating ${o.users} users and ${o.groups} groups (${o.groups * o.membersPerGroup} member values) …`,
  );
  await writeLdif(ldif, o);
  const started = Date.now();
  // A slapd of its own, loaded offline (slapadd -q) by infra/slapd.sh.
  const slapd = await PrivateServer.slapd(ldif);
  const ldapPort = slapd.ports['ldap'] ?? 0;
  console.log(`slapd started and loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  try {
    const scenarios: Scenario[] = [
      // Worst case: the synchronized group nests every group, so every member value counts.
      {
        name: `scope = ${groupName(0)} (nests all groups)`,
        syncGroups: [groupName(0)],
        groupAttributes: ['cn', 'description', 'member'],
      },
      // No synchronized groups: every user of the filter; groups are read without members.
      {
        name: 'scope = all users (no synchronized groups)',
        syncGroups: [],
        groupAttributes: ['cn', 'description'],
      },
    ];
    let worst = 0;
    console.log('');
    console.log(
      `directory: ${o.users} users, ${o.groups} groups, ${o.groups * o.membersPerGroup} member values`,
    );
    for (const scenario of scenarios) {
      // One untimed round each warms slapd's caches, so neither side pays for a cold start.
      const entries = await ldapsearch(ldapPort, scenario, true);
      await ldapsearch(ldapPort, scenario);
      const warm = await reader(ldapPort, scenario);
      if (warm.users !== o.users)
        throw new Error(`the reader returned ${warm.users} users, expected ${o.users}`);
      const searchMs: number[] = [];
      const readerRuns: ReaderResult[] = [];
      for (let round = 1; round <= o.rounds; round += 1) {
        searchMs.push((await timed(() => ldapsearch(ldapPort, scenario))).ms);
        readerRuns.push(await reader(ldapPort, scenario));
      }
      const ldapsearchMs = median(searchMs);
      const readerMs = median(readerRuns.map((result) => result.ms));
      const ratio = readerMs / ldapsearchMs;
      worst = Math.max(worst, ratio);
      const last = readerRuns.at(-1) as ReaderResult;
      const rounds = (values: number[]) => values.map((ms) => (ms / 1000).toFixed(2)).join(' / ');
      console.log('');
      console.log(
        `${scenario.name}: ${warm.users} users in scope, ${warm.groups} groups, ${entries} entries for ldapsearch`,
      );
      console.log(
        `  ldapsearch -E pr=1000 (users + groups): ${(ldapsearchMs / 1000).toFixed(2)} s median (${rounds(searchMs)})`,
      );
      console.log(
        `  DirectoryReadService:                  ${(readerMs / 1000).toFixed(2)} s median (${rounds(readerRuns.map((result) => result.ms))})`,
      );
      console.log(
        `  ratio: ${ratio.toFixed(2)}× (target ≤ ${TARGET_RATIO}×) ${ratio <= TARGET_RATIO ? 'OK' : 'TOO SLOW'}`,
      );
      // Each reader round runs right after its ldapsearch round: on a machine whose speed
      // drifts (a shared VM), these pairs show how much of the spread is the machine's.
      const paired = readerRuns.map((result, index) => result.ms / (searchMs[index] ?? NaN));
      console.log(`  round by round: ${paired.map((value) => `${value.toFixed(2)}×`).join(' / ')}`);
      console.log(
        `  reader CPU (user + system): ${rounds(readerRuns.map((result) => result.readCpuSeconds * 1000))} s in the read, ${rounds(readerRuns.map((result) => result.cpuSeconds * 1000))} s with start-up`,
      );
      console.log(
        `  reader peak RSS: ${Math.max(...readerRuns.map((result) => result.peakRssMegabytes)).toFixed(0)} MB; reply pages ${last.replyMegabytes.toFixed(1)} MB`,
      );
    }
    process.exitCode = worst <= TARGET_RATIO ? 0 : 1;
  } finally {
    if (o.keep) await slapd.stop();
    else await slapd.destroy();
    rmSync(ldif, { force: true });
  }
}

if (!existsSync(join(__dirname, 'directory-read.child.js'))) {
  console.error(
    'build first: swc apps/directory-reader/src libs bench … -d dist (see the npm script bench:directory-read)',
  );
  process.exit(2);
}
main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
