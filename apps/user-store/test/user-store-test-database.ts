import {
  emptyPlanCounts,
  PLAN_PAGE_SIZE,
  planPageOf,
  type PlanSummary,
  type PlannedUserChange,
} from '@dirsync/contracts';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AmqpConnection, EventPublisher, type MessagingOptions } from '@dirsync/messaging';
import { serversEnv, ThrowawayDatabase } from '@dirsync/testing';
import { ApplyPlanService } from '../src/apply/apply-plan.service';
import { ArchiveFolderRepository } from '../src/archive/archive-folder.repository';
import { userStoreDataSourceOptions } from '../src/database/data-source.options';
import { LocalUsersService } from '../src/local-users/local-users.service';
import { OutboxRelay } from '../src/outbox/outbox-relay';
import { UserPrivilegesService } from '../src/privileges/user-privileges.service';
import { OutboxRepository } from '../src/outbox/outbox.repository';
import { UserLifecycle } from '../src/users/user-lifecycle.service';
import { UserQueryService } from '../src/users/user-query.service';
import { UserRepository } from '../src/users/user.repository';
import { RunLedger } from '../src/runs/run-ledger.service';
import type { RunLedgerOptions } from '../src/runs/run-ledger.options';
import { SyncRunsRepository } from '../src/runs/sync-runs.repository';
import { PlanStagingRepository } from '../src/runs/plan-staging.repository';
import { StatementCounter } from './statement-counter';

/**
 * A database of its own on the test PostgreSQL (`.state/test/servers.env`;
 * missing means the test fails, it is never skipped), with the user store's
 * migrations applied, and the store's services wired on it as in the app.
 */
export class UserStoreTestDatabase {
  private constructor(
    readonly database: ThrowawayDatabase,
    readonly dataSource: DataSource,
    /** Every statement this DataSource sends. */
    readonly statements: StatementCounter,
  ) {}

  static async create(): Promise<UserStoreTestDatabase> {
    // The services log every apply and relay failure; tests assert outcomes instead.
    Logger.overrideLogger(false);
    const servers = serversEnv();
    const database = await ThrowawayDatabase.create(servers.DATABASE_URL, 'user_store');
    const statements = new StatementCounter();
    const dataSource = new DataSource({
      ...userStoreDataSourceOptions(database.url),
      migrationsRun: true,
      logging: ['query'],
      logger: statements,
    });
    try {
      await dataSource.initialize();
    } catch (error) {
      await database.drop();
      throw error;
    }
    return new UserStoreTestDatabase(database, dataSource, statements);
  }

  /**
   * The services on this database. The relay is never started (a commit's
   * `kick` does nothing), so outbox rows stay as the transaction left them;
   * `publisher` lets a test publish for real.
   */
  services(publisher: EventPublisher = unreachablePublisher()) {
    const users = new UserRepository(this.dataSource);
    const outbox = new OutboxRepository(this.dataSource);
    const folders = new ArchiveFolderRepository(this.dataSource);
    const lifecycle = new UserLifecycle(users, folders, outbox);
    const relay = new OutboxRelay(outbox, publisher, {
      intervalMs: 60_000,
      retentionMs: 7 * 24 * 60 * 60_000,
    });
    const ledger = new RunLedger(
      this.dataSource,
      new SyncRunsRepository(this.dataSource),
      new PlanStagingRepository(this.dataSource),
      outbox,
      relay,
      TEST_LEDGER_OPTIONS,
    );
    return {
      users,
      relay,
      ledger,
      queries: new UserQueryService(users, folders),
      applyPlan: new ApplyPlanService(ledger, users, lifecycle),
      localUsers: new LocalUsersService(this.dataSource, users, lifecycle, relay),
      privileges: new UserPrivilegesService(this.dataSource, users, folders, lifecycle, relay),
      /** A sync run queued and claimed, as sync-planner holds one before it applies. */
      leasedSyncRun: async (): Promise<{ runId: string; leaseToken: number }> => {
        const run = await ledger.create({
          mode: 'sync',
          requestedBy: 'test',
          settingsVersion: 1,
          allowMassDelete: false,
        });
        const lease = await ledger.claim(run.id, 'test-worker');
        return { runId: run.id, leaseToken: lease.leaseToken };
      },
      /** Stages `changes` as the run's whole plan, as sync-planner does before it applies. */
      stagePlan: async <R extends { runId: string; leaseToken: number }>(
        run: R,
        changes: PlannedUserChange[],
        summary: PlanSummary = planSummary(changes),
      ): Promise<R> => {
        for (let first = 0; first < changes.length; first += PLAN_PAGE_SIZE) {
          const page = changes.slice(first, first + PLAN_PAGE_SIZE);
          await ledger.stagePlanPage({ ...run, first, ...planPageOf(page) });
        }
        await ledger.completePlan({ ...run, lines: changes.length, summary, withdrawn: [] });
        return run;
      },
    };
  }

  query<T extends object = Record<string, unknown>>(
    sql: string,
    params: unknown[] = [],
  ): Promise<T[]> {
    return this.dataSource.query<T[]>(sql, params);
  }

  /** Removes every row of the store's tables, between tests. */
  async empty(): Promise<void> {
    await this.query(
      'TRUNCATE users, user_email_addresses, user_removals, archive_folders, outbox_events, sync_runs, sync_plan_changes',
    );
  }

  /** Every row of every table of the store, in a stable order: equal snapshots mean nothing changed. */
  async contents(): Promise<Record<string, unknown[]>> {
    return {
      users: await this.query('SELECT * FROM users ORDER BY id'),
      addresses: await this.query('SELECT * FROM user_email_addresses ORDER BY user_id, position'),
      folders: await this.query('SELECT * FROM archive_folders ORDER BY id'),
      outbox: await this.query('SELECT * FROM outbox_events ORDER BY sequence'),
      runs: await this.query('SELECT * FROM sync_runs ORDER BY id'),
    };
  }

  async close(): Promise<void> {
    await this.dataSource.destroy().catch(() => undefined);
    await this.database.drop();
  }
}

/**
 * A spec's database: created once before its tests, dropped after them, and
 * emptied before each test, which gets freshly wired services on it.
 */
export function useUserStoreTestDatabase(
  eachTest: (fresh: {
    db: UserStoreTestDatabase;
    store: ReturnType<UserStoreTestDatabase['services']>;
  }) => void,
): void {
  let db: UserStoreTestDatabase | undefined;
  beforeAll(async () => {
    db = await UserStoreTestDatabase.create();
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    if (!db) throw new Error('the test database was not created (see the beforeAll error)');
    await db.empty();
    eachTest({ db, store: db.services() });
  });
}

/** The summary sync-planner would send with these changes. */
export function planSummary(changes: readonly PlannedUserChange[]): PlanSummary {
  const counts = emptyPlanCounts();
  for (const change of changes) counts[change.action] += 1;
  return { fingerprint: `test-${changes.length}`, counts, warnings: [] };
}

/** Leases that outlive any test step; tests of expiry set their own. */
export const TEST_LEDGER_OPTIONS: RunLedgerOptions = {
  leaseMs: 600_000,
  queuedMs: 600_000,
  reaperIntervalMs: 60_000,
  planRetentionDays: 30,
};

/** A publisher whose broker is never reached in tests that do not publish. */
function unreachablePublisher(): EventPublisher {
  const options: MessagingOptions = {
    amqpUrl: 'amqp://nobody:nothing@127.0.0.1:1',
    namespace: 'unused',
    service: 'user-store',
    rpcTimeoutMs: 1_000,
  };
  return new EventPublisher(new AmqpConnection(options), options);
}
