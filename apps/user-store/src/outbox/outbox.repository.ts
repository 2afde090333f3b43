import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import { PlannedCreates } from '../apply/planned-creates';
import { inBatches } from '../database/batches';
import { insertRows } from '../database/insert-rows';
import { OutboxEventEntity } from './outbox-event.entity';
import type { EventPayload } from '@dirsync/contracts';
import type { OutboxMessage } from './outbox-message';

export type PendingEvent = Pick<OutboxEventEntity, 'id' | 'routingKey' | 'payload' | 'createdAt'>;

/**
 * An event's payload as published (`e` is its row): with its user's
 * snapshot written in if it still waits for one (migration
 * CreatedEventsReadTheirUser1801000000000; its `published_payload(e)` is the
 * same, as a function the planner cannot inline: ≈ 0.1 ms a row).
 */
const PUBLISHED_PAYLOAD_SQL = `CASE WHEN e.snapshot_user_id IS NULL THEN e.payload
  ELSE e.payload || jsonb_build_object('user', (SELECT s.snapshot FROM user_snapshots AS s WHERE s.id = e.snapshot_user_id))
  END`;

/** Names the advisory lock that lets one relay at a time publish (per database). */
const RELAY_LOCK = 'dirsync.user-store.outbox-relay';

/** The `outbox_events` table. */
@Injectable()
export class OutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Writes events in the caller's transaction: they exist if and only if the change commits. */
  async add(tx: EntityManager, messages: readonly OutboxMessage[]): Promise<void> {
    for (const batch of inBatches(messages)) {
      await insertRows(
        tx,
        'outbox_events',
        [
          ['id', 'uuid'],
          ['routing_key', 'text'],
          ['payload', 'jsonb'],
        ],
        batch.map((message) => [message.id, message.routingKey, JSON.stringify(message.payload)]),
      );
    }
  }

  /**
   * Writes `user.created.v1` for each user a plan creates (PlannedCreates),
   * in the order staged. Each event names its user instead of
   * carrying a copy: the snapshot is written into it when it is published
   * or before the user changes (migration CreatedEventsReadTheirUser1801000000000).
   */
  async addUserCreatedForPlanned(
    tx: EntityManager,
    planned: PlannedCreates,
    runId: string,
  ): Promise<void> {
    if (planned.count === 0) return;
    const routingKey: OutboxMessage['routingKey'] = 'user.created.v1';
    const withoutUser: Omit<EventPayload<typeof routingKey>, 'user'> = { runId };
    await tx.query(
      `INSERT INTO outbox_events (id, routing_key, payload, snapshot_user_id)
       SELECT ${PlannedCreates.rowIdSql('p')}, '${routingKey}', $4::jsonb, ${PlannedCreates.userIdSql('p')}
         FROM ${PlannedCreates.lines} AS p ORDER BY position`,
      [...planned.params, JSON.stringify(withoutUser)],
    );
  }

  /**
   * Runs `work` in a transaction that holds the relay lock, or returns
   * `undefined` at once when another relay (another instance) holds it.
   * One relay at a time keeps events in commit order across instances.
   */
  async asTheOnlyRelay<T>(work: (tx: EntityManager) => Promise<T>): Promise<T | undefined> {
    return this.dataSource.transaction(async (tx) => {
      const [row] = await tx.query<{ locked: boolean }[]>(
        'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked',
        [RELAY_LOCK],
      );
      return row?.locked ? work(tx) : undefined;
    });
  }

  /**
   * The oldest unpublished events, locked until `tx` ends, each as it is
   * published: an event still waiting for its user's snapshot gets it from
   * the stored user (the user cannot change meanwhile without writing the
   * snapshot into this row, which waits for `tx`). SKIP LOCKED: rows another
   * transaction holds (one writing a snapshot in before it changes the
   * user) are left for the next pass; its own events about that user come
   * after them.
   */
  async claimUnpublished(tx: EntityManager, limit: number): Promise<PendingEvent[]> {
    return tx.query<PendingEvent[]>(
      `SELECT id, routing_key AS "routingKey", ${PUBLISHED_PAYLOAD_SQL} AS payload, created_at AS "createdAt"
         FROM outbox_events AS e WHERE published_at IS NULL
        ORDER BY sequence LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  /** Marks claimed events published, each with its whole payload from now on (its user's snapshot written in). */
  async markPublished(tx: EntityManager, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await tx.query(
      `UPDATE outbox_events AS e SET published_at = now(), payload = ${PUBLISHED_PAYLOAD_SQL}, snapshot_user_id = NULL
        WHERE id = ANY($1::uuid[])`,
      [ids],
    );
  }

  async markFailed(tx: EntityManager, ids: readonly string[], error: string): Promise<void> {
    if (ids.length === 0) return;
    await tx.update(
      OutboxEventEntity,
      { id: In([...ids]) },
      { attempts: () => 'attempts + 1', lastError: error.slice(0, 2_000) },
    );
  }

  /** Deletes events published before `cutoff`; unpublished ones always stay. */
  async deletePublishedBefore(cutoff: Date): Promise<number> {
    const result = await this.dataSource
      .createQueryBuilder()
      .delete()
      .from(OutboxEventEntity)
      .where('published_at IS NOT NULL AND published_at < :cutoff', { cutoff })
      .execute();
    return result.affected ?? 0;
  }
}
