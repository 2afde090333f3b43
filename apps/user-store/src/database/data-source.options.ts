import type { DataSourceOptions } from 'typeorm';
import { ArchiveFolderEntity } from '../archive/archive-folder.entity';
import { OutboxEventEntity } from '../outbox/outbox-event.entity';
import { UserEmailAddressEntity } from '../users/user-email-address.entity';
import { UserEntity } from '../users/user.entity';
import { CreateUserStore1795392000000 } from './migrations/1795392000000-create-user-store';
import { CreateSyncRuns1796000000000 } from './migrations/1796000000000-create-sync-runs';
import { StagedPlanWithoutRunKey1797000000000 } from './migrations/1797000000000-staged-plan-without-run-key';
import { UserWritesForMirrors1798000000000 } from './migrations/1798000000000-user-writes-for-mirrors';
import { TypedStagedCreates1799000000000 } from './migrations/1799000000000-typed-staged-creates';
import { OwnersCheckedPerStatement1800000000000 } from './migrations/1800000000000-owners-checked-per-statement';
import { CreatedEventsReadTheirUser1801000000000 } from './migrations/1801000000000-created-events-read-their-user';
import { SyncPlanChangeEntity } from '../runs/sync-plan-change.entity';
import { SyncRunEntity } from '../runs/sync-run.entity';

/**
 * The one description of the user store's database, for the service, the
 * migration command and the tests. Entities and migrations are listed
 * explicitly (globs find nothing in a bundle); the schema comes from the
 * migrations only, never from `synchronize`.
 */
export function userStoreDataSourceOptions(url: string) {
  return {
    type: 'postgres',
    url,
    entities: [
      UserEntity,
      UserEmailAddressEntity,
      ArchiveFolderEntity,
      OutboxEventEntity,
      SyncRunEntity,
      SyncPlanChangeEntity,
    ],
    migrations: [
      CreateUserStore1795392000000,
      CreateSyncRuns1796000000000,
      StagedPlanWithoutRunKey1797000000000,
      UserWritesForMirrors1798000000000,
      TypedStagedCreates1799000000000,
      OwnersCheckedPerStatement1800000000000,
      CreatedEventsReadTheirUser1801000000000,
    ],
    migrationsTableName: 'user_store_migrations',
    // Each migration commits on its own, so a failure leaves the earlier ones applied and reported.
    migrationsTransactionMode: 'each',
    synchronize: false,
    applicationName: 'user-store',
    // No JIT: right after a sync writes 100,000 rows the tables have no
    // statistics yet, every page query is then estimated costly enough to be
    // JIT-compiled (~100 ms of CPU each, measured), and these short indexed
    // statements never gain from it.
    extra: { options: '-c jit=off' },
  } satisfies DataSourceOptions;
}
