import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ServiceName } from '@dirsync/contracts';
import {
  DirsyncSystem,
  EventIdCapture,
  type FaultRow,
  faultTable,
  generatedUserDn,
  generatedUserUid,
  PgHold,
  PrivateServer,
  REPO_ROOT,
  someoneWaitsFor,
  waitUntil,
  writeReport,
  writeUsersDirectoryLdif,
} from '@dirsync/testing';
import { openLdapSample } from '../support/demo-directory';

const run = promisify(execFile);

/**
 * Fault injection (issue "Sync runs as durable, fenced, streamed jobs"): every
 * service killed with `kill -9` in every phase of a run, RabbitMQ and
 * PostgreSQL stopped and started, slapd stopped — during a first sync and
 * during an update sync of 20,000 users, on servers of the suite's own.
 *
 * Each phase is held deterministically while the fault strikes: reading by
 * freezing slapd (SIGSTOP) once the reader is connected; planning by a lock
 * on `sync_plan_changes` (the plan's staging waits); applying by a lock on
 * `users` (the apply's transaction waits); relaying by the relay's advisory
 * lock until the apply committed, then a lock on `outbox_events` (the relay
 * publishes a batch and waits to mark it). A killed service is started again
 * at once, as a process manager would; nothing else is done by hand.
 *
 * For each fault: the store is exactly as before or exactly the plan applied,
 * as the run's final state says; the final state comes by itself and the
 * one-sync lock is free again within the lease plus a margin; every committed
 * user change's event reaches a durable queue bound before the fault (distinct
 * event ids = the outbox's), and no event of an uncommitted change does; a new
 * sync succeeds afterwards. The table goes to the console and reports/faults.md.
 */

const USERS = 20_000;
/** Users whose display name changes before each update sync. */
const CHANGED = 1_000;
const LEASE_MS = 3_000;
/** The lock must be free again within the lease plus this (busy 2-core machine, a service restarting). */
const RECOVERY_MARGIN_S = 40;
const RELAY_LOCK = 'dirsync.user-store.outbox-relay';
const SERVICE_ENV = {
  RUN_LEASE_MS: String(LEASE_MS),
  // A 20,000-user apply on a busy machine takes longer than the tests' usual 20 s per reply.
  RPC_TIMEOUT_MS: '60000',
  OUTBOX_RELAY_INTERVAL_MS: '1000',
  LOG_LEVEL: 'info',
};

type Phase = 'reading' | 'planning' | 'applying' | 'relaying';
type SyncKind = 'first' | 'update';

interface Servers {
  pg: PrivateServer;
  broker: PrivateServer;
  slapd: PrivateServer;
}

interface Fault {
  fault: string;
  phase: Phase;
  /** Strikes while the phase is held; `release` lets the held phase go on. */
  inject: (release: () => Promise<void>) => Promise<void>;
}

describe('faults during sync runs of 20,000 users', () => {
  const ldif = join(REPO_ROOT, '.state', `faults-directory-${process.pid}.ldif`);
  const rows: FaultRow[] = [];
  const startedAt = Date.now();
  let servers: Servers;
  let system: DirsyncSystem;
  let capture: EventIdCapture;
  /** The display name of every user as the directory has it now (user i at index i). */
  const names = Array.from({ length: USERS }, (_, i) => `User ${i}`);
  let round = 0;

  beforeAll(async () => {
    await writeUsersDirectoryLdif(ldif, USERS);
    const [pg, broker, slapd] = await Promise.all([
      PrivateServer.postgres(),
      PrivateServer.rabbitmq(),
      PrivateServer.slapd(ldif),
    ]);
    servers = { pg, broker, slapd };
    system = await DirsyncSystem.start({
      amqpUrl: broker.amqpUrl,
      databaseUrl: pg.databaseUrl,
      env: SERVICE_ENV,
    });
    // The system's own capture keeps every event's body: 20,000 a sync is too many.
    await system.events.stop();
    capture = await EventIdCapture.start(
      broker.amqpUrl,
      `${system.namespace}.events`,
      `${system.namespace}.fault-subscriber`,
      'user.#',
    );
    const settings = openLdapSample({ ...system.servers, LDAP_PORT: String(slapd.ports['ldap']) });
    settings.connection.operationTimeoutMs = 30_000;
    expect((await system.admin('PUT', '/directory/settings', settings)).status).toBe(200);
  }, 300_000);

  afterAll(async () => {
    const minutes = ((Date.now() - startedAt) / 60_000).toFixed(1);
    const table = faultTable(rows);
    const report = [
      '# Fault injection',
      '',
      `Last run: ${new Date().toISOString()}, ${rows.length} faults, ${minutes} min ` +
        `(\`bash infra/jest.sh e2e/faults\` after \`npm run -s build\`; RUN_LEASE_MS=${LEASE_MS}).`,
      '',
      table,
      '',
    ].join('\n');
    console.log(`\n${report}`);
    await writeReport(join(REPO_ROOT, 'reports', 'faults.md'), report);
    await capture?.close();
    await system?.stop().catch(() => undefined);
    await Promise.all(
      Object.values(servers ?? {}).map((server: PrivateServer) => server.destroy()),
    );
    await rm(ldif, { force: true });
  }, 120_000);

  const killFaults = (service: ServiceName, phases: Phase[]): Fault[] =>
    phases.map((phase) => ({
      fault: `kill -9 ${service}`,
      phase,
      inject: async (release) => {
        await system.processes.kill(service);
        await release();
        await system.startService(service, SERVICE_ENV);
      },
    }));
  const ALL_PHASES: Phase[] = ['reading', 'planning', 'applying', 'relaying'];
  const serverFaults: Fault[] = [
    {
      fault: 'slapd stopped',
      phase: 'reading',
      inject: async () => {
        // Killed while frozen: the reader's connection closes mid-read.
        await servers.slapd.signalSlapd('SIGKILL');
      },
    },
    ...(['reading', 'relaying'] as Phase[]).map((phase): Fault => ({
      fault: 'RabbitMQ stopped and started',
      phase,
      inject: async (release) => {
        await servers.broker.stop();
        await release();
        await servers.broker.start();
        await capture.connect();
      },
    })),
    ...(['reading', 'applying'] as Phase[]).map((phase): Fault => ({
      fault: 'PostgreSQL stopped and started',
      phase,
      inject: async (release) => {
        await servers.pg.stop();
        await release();
        await servers.pg.start();
      },
    })),
  ];
  const faults: Fault[] = [
    ...(['user-store', 'sync-planner', 'directory-reader', 'config-api'] as ServiceName[]).flatMap(
      (service) => killFaults(service, ALL_PHASES),
    ),
    ...killFaults('auth-gateway', ['reading']),
    ...serverFaults,
  ];

  describe('during a first sync', () => {
    for (const fault of faults) {
      it(`${fault.fault} while ${fault.phase}`, () => check(fault, 'first'), 300_000);
    }
  });

  describe('during an update sync', () => {
    beforeAll(async () => {
      // The store holds the directory as it is (the first-sync group ends that way, or this does).
      const { body } = await system.admin('POST', '/directory/sync?wait=true');
      expect(body.state).toBe('succeeded');
    }, 300_000);

    for (const fault of faults) {
      it(`${fault.fault} while ${fault.phase}`, () => check(fault, 'update'), 300_000);
    }
  });

  async function check(fault: Fault, kind: SyncKind): Promise<void> {
    const wrong: string[] = [];
    // The store before, and the plan applied, as the directory says.
    if (kind === 'first') {
      await system.database.query(
        'TRUNCATE users, user_email_addresses, archive_folders RESTART IDENTITY',
      );
    } else {
      await changeDirectory();
    }
    const modelBefore = kind === 'first' ? new Map<string, string>() : await snapshot();
    const modelAfter = directoryModel();
    const planned = kind === 'first' ? USERS : CHANGED;

    const { runId, injectedAt } = await strike(fault);
    if (fault.fault === 'slapd stopped') {
      // The run must fail by itself first; then the directory comes back for the next sync.
      await waitFinal(runId);
      await servers.slapd.start();
    }

    const final = await waitFinal(runId).catch(() => undefined);
    const atEnd = await snapshot();
    let outcome = 'no final state';
    let changesLost = 0;
    if (!final) {
      wrong.push('no final state');
    } else {
      // config-api answers 503 while it reconnects to a broker that came back: ask until it answers.
      let viaApi: { status: number; body: any } | undefined;
      await waitUntil(
        async () => {
          viaApi = await system.admin('GET', `/directory/runs/${runId}`).catch(() => undefined);
          return viaApi?.status === 200;
        },
        60_000,
        250,
      ).catch(() => undefined);
      if (viaApi?.body?.state !== final.state)
        wrong.push(`API says ${viaApi?.status} ${viaApi?.body?.state ?? viaApi?.body?.code}`);
      outcome = final.state === 'failed' ? `failed (${final.error?.code})` : final.state;
      const runEvents = await userEventsOf(runId);
      if (final.state === 'failed') {
        changesLost = differences(atEnd, modelBefore);
        if (changesLost > 0) wrong.push('failed, yet the store changed');
        if (final.applied) wrong.push('failed, yet marked applied');
        if (runEvents > 0) wrong.push(`failed, yet ${runEvents} user events`);
      } else if (final.state === 'succeeded') {
        changesLost = differences(atEnd, modelAfter);
        if (changesLost > 0) wrong.push('succeeded, yet the store is not the plan applied');
        if (!final.applied) wrong.push('succeeded, not applied');
        if (runEvents !== planned) wrong.push(`succeeded with ${runEvents}/${planned} user events`);
      } else {
        wrong.push(`final state ${final.state}`);
      }
    }

    // The one-sync lock is free: the next sync is accepted (and must succeed).
    const deadline = injectedAt + LEASE_MS + RECOVERY_MARGIN_S * 1000;
    let next: { status: number; body: any } | undefined;
    await waitUntil(
      async () => {
        next = await system.admin('POST', '/directory/sync').catch(() => undefined);
        return next?.status === 202;
      },
      Math.max(1_000, deadline - Date.now() + 60_000),
      250,
    ).catch(() => undefined);
    const recoveredAt = Date.now();
    const secondsToRecover = next?.status === 202 ? (recoveredAt - injectedAt) / 1000 : null;
    if (secondsToRecover === null) wrong.push(`lock held (${next?.status})`);
    else if (recoveredAt > deadline) wrong.push(`lock free only after ${secondsToRecover} s`);
    if (next?.status === 202) {
      const after = await waitFinal(next.body.id).catch(() => undefined);
      if (after?.state !== 'succeeded') wrong.push(`next sync ${after?.state ?? 'never ended'}`);
      const left = differences(await snapshot(), modelAfter);
      if (left > 0) wrong.push(`next sync left ${left} users wrong`);
    }

    // Every committed change's event, delivered; none of an uncommitted one.
    const eventsLost = await eventsMissing(wrong);
    rows.push({
      sync: kind,
      fault: fault.fault,
      phase: fault.phase,
      outcome,
      changesLost,
      eventsLost,
      wrongStates: wrong,
      secondsToRecover,
    });
    expect({ changesLost, eventsLost, wrong }).toEqual({
      changesLost: 0,
      eventsLost: 0,
      wrong: [],
    });
  }

  /** Starts a sync, holds it in the fault's phase, and strikes there; the hold is always released. */
  async function strike(fault: Fault): Promise<{ runId: string; injectedAt: number }> {
    const hold = await holdPhase(fault.phase);
    try {
      const started = await system.admin('POST', '/directory/sync');
      expect(started.status).toBe(202);
      const runId: string = started.body.id;
      await hold.reached(runId);
      const injectedAt = Date.now();
      await fault.inject(hold.release);
      return { runId, injectedAt };
    } finally {
      await hold.release();
    }
  }

  /** Takes what holds the run in `phase` (before the run starts) and says when it is held there. */
  async function holdPhase(phase: Phase) {
    const url = system.database.url;
    const holds: PgHold[] = [];
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      if (phase === 'reading') await servers.slapd.signalSlapd('SIGCONT').catch(() => undefined);
      await Promise.all(holds.map((hold) => hold.release()));
    };
    const lock = async (tables: string[]) => {
      const hold = await PgHold.open(url);
      holds.push(hold);
      await hold.lockTables(tables);
      return hold;
    };
    let reached: (runId: string) => Promise<void>;
    switch (phase) {
      case 'reading':
        await servers.slapd.signalSlapd('SIGSTOP');
        reached = async (runId) => {
          await waitUntil(async () => (await runPhase(runId)) === 'reading', 60_000, 50);
          // The reader is connected to the frozen slapd: certainly mid-read.
          await waitUntil(() => connectionsTo(servers.slapd.ports['ldap']!) > 0, 60_000, 50);
        };
        break;
      case 'planning':
        await lock(['sync_plan_changes']);
        reached = () => waitUntil(() => someoneWaitsFor(url, 'sync_plan_changes'), 120_000, 50);
        break;
      case 'applying':
        await lock(['users']);
        reached = () => waitUntil(() => someoneWaitsFor(url, 'users'), 120_000, 50);
        break;
      case 'relaying': {
        const relay = await PgHold.open(url);
        holds.push(relay);
        await relay.advisoryLock(RELAY_LOCK);
        reached = async (runId) => {
          await waitUntil(async () => (await runState(runId))?.state === 'succeeded', 120_000, 50);
          // The relay may go: it publishes one batch and waits to mark it published.
          await lock(['outbox_events']);
          await relay.advisoryUnlock(RELAY_LOCK);
          await waitUntil(() => someoneWaitsFor(url, 'outbox_events'), 60_000, 50);
        };
        break;
      }
    }
    return { reached, release };
  }

  async function runState(runId: string) {
    const [row] = await system.database
      .query<{
        state: string;
        applied: boolean;
        error: { code: string } | null;
        phase: string | null;
      }>("SELECT state, applied, error, progress->>'phase' AS phase FROM sync_runs WHERE id = $1", [
        runId,
      ])
      .catch(() => []);
    return row;
  }

  async function runPhase(runId: string) {
    const row = await runState(runId);
    return row?.state === 'running' ? row.phase : undefined;
  }

  async function waitFinal(runId: string, ms = 180_000) {
    let final: Awaited<ReturnType<typeof runState>>;
    await waitUntil(
      async () => {
        final = await runState(runId);
        return final?.state === 'succeeded' || final?.state === 'failed';
      },
      ms,
      100,
    );
    return final!;
  }

  async function userEventsOf(runId: string): Promise<number> {
    const [row] = await system.database.query<{ n: number }>(
      "SELECT count(DISTINCT id)::int AS n FROM outbox_events WHERE routing_key LIKE 'user.%' AND payload->>'runId' = $1",
      [runId],
    );
    return row?.n ?? 0;
  }

  /** Outbox user events not delivered (this fault's), and delivered events with no outbox row. */
  async function eventsMissing(wrong: string[]): Promise<number> {
    await waitUntil(
      async () => {
        const [row] = await system.database
          .query<{ n: number }>(
            'SELECT count(*)::int AS n FROM outbox_events WHERE published_at IS NULL',
          )
          .catch(() => [{ n: -1 }]);
        return row?.n === 0;
      },
      120_000,
      200,
    ).catch(() => wrong.push('outbox not drained'));
    await capture.catchUp();
    const fresh = capture.takeNew();
    const [phantom] = await system.database.query<{ n: number }>(
      `SELECT cardinality($1::uuid[]) - count(*)::int AS n FROM outbox_events WHERE id = ANY($1::uuid[])`,
      [fresh],
    );
    if ((phantom?.n ?? 0) > 0) wrong.push(`${phantom?.n} events of no committed change`);
    const committed = await system.database.query<{ id: string }>(
      "SELECT id FROM outbox_events WHERE routing_key LIKE 'user.%'",
    );
    const delivered = capture.distinct('user.');
    return committed.filter((row) => !delivered.has(row.id)).length;
  }

  /** Each user's stored full name, DN and addresses, by user name. */
  async function snapshot(): Promise<Map<string, string>> {
    const rows = await system.database.query<{ user_name: string; v: string }>(
      `SELECT u.user_name, coalesce(u.full_name, '') || '|' || coalesce(u.dn, '') || '|' ||
              coalesce(string_agg(e.address, ',' ORDER BY e.position), '') AS v
         FROM users u LEFT JOIN user_email_addresses e ON e.user_id = u.id GROUP BY u.id`,
    );
    return new Map(rows.map((row) => [row.user_name, row.v]));
  }

  function directoryModel(): Map<string, string> {
    return new Map(
      names.map((name, i) => [
        generatedUserUid(i),
        `${name}|${generatedUserDn(i)}|${generatedUserUid(i)}@example.com`,
      ]),
    );
  }

  /** Changes the display name of CHANGED users (another slice each round) with ldapmodify. */
  async function changeDirectory(): Promise<void> {
    round += 1;
    const first = (round * CHANGED) % USERS;
    const modifications: string[] = [];
    for (let k = 0; k < CHANGED; k += 1) {
      const i = (first + k) % USERS;
      names[i] = `User ${i} r${round}`;
      modifications.push(
        `dn: ${generatedUserDn(i)}\nchangetype: modify\nreplace: displayName\ndisplayName: ${names[i]}\n`,
      );
    }
    const file = join(REPO_ROOT, '.state', `faults-modify-${process.pid}.ldif`);
    await writeFile(file, modifications.join('\n'));
    try {
      await run('ldapmodify', [
        '-x',
        '-H',
        `ldap://127.0.0.1:${servers.slapd.ports['ldap']}`,
        '-D',
        'cn=admin,dc=example,dc=com',
        '-w',
        'MySecretPassword',
        '-f',
        file,
      ]);
    } finally {
      await rm(file, { force: true });
    }
  }
});

function differences(a: Map<string, string>, b: Map<string, string>): number {
  let n = 0;
  for (const [key, value] of a) if (b.get(key) !== value) n += 1;
  for (const key of b.keys()) if (!a.has(key)) n += 1;
  return n;
}

function readIfThere(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Established TCP connections to a local port (slapd's: the reader's, while it is frozen). */
function connectionsTo(port: number): number {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  let n = 0;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readIfThere(file).split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[1]?.endsWith(`:${hex}`) && fields[3] === '01') n += 1;
    }
  }
  return n;
}
