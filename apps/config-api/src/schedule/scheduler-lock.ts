import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

const LOCK_NAME = 'dirsync:config-api:scheduler';

/**
 * One config-api instance at a time looks at the schedule and starts its
 * run: a PostgreSQL advisory lock held from reading the last scheduled run
 * until the new one is recorded. Without it, two instances can both read
 * "nothing ran since the slot", and if the first run ends before the second
 * instance asks to start (the one-sync rule no longer stops it), the slot
 * runs twice.
 */
@Injectable()
export class SchedulerLock {
  constructor(private readonly dataSource: DataSource) {}

  /** Runs `work` under the lock; false, without waiting, when another instance holds it. */
  async ifFree(work: () => Promise<void>): Promise<boolean> {
    const session = this.dataSource.createQueryRunner();
    await session.connect();
    try {
      const [row] = (await session.query('SELECT pg_try_advisory_lock(hashtext($1)) AS taken', [
        LOCK_NAME,
      ])) as { taken: boolean }[];
      if (!row?.taken) return false;
      try {
        await work();
        return true;
      } finally {
        await session.query('SELECT pg_advisory_unlock(hashtext($1))', [LOCK_NAME]);
      }
    } finally {
      await session.release();
    }
  }
}
