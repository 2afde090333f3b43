import type { DataSource, EntityManager } from 'typeorm';
import { uniqueViolationAsConflict } from './unique-violation';

/**
 * Runs `work` in one transaction: committed if it resolves, rolled back if
 * it throws. A unique violation comes out as a `conflict` naming what collided.
 */
export async function inTransaction<T>(
  dataSource: DataSource,
  work: (tx: EntityManager) => Promise<T>,
): Promise<T> {
  try {
    return await dataSource.transaction(work);
  } catch (error) {
    throw uniqueViolationAsConflict(error) ?? error;
  }
}
