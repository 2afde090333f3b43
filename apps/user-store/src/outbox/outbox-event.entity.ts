import { Column, Entity, Generated, Index, PrimaryColumn } from 'typeorm';

/**
 * An event written in the same transaction as the change it describes and
 * published later by the outbox relay: a committed change is always
 * published, even if RabbitMQ was down when it was committed.
 */
@Entity({ name: 'outbox_events' })
@Index('outbox_events_unpublished_idx', ['sequence'], { where: 'published_at IS NULL' })
@Index('outbox_events_snapshot_user_idx', ['snapshotUserId'], {
  where: 'snapshot_user_id IS NOT NULL',
})
export class OutboxEventEntity {
  /** The event's `eventId`: consumers de-duplicate on it (a relay may publish a row twice after a crash). */
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'outbox_events_pkey' })
  id!: string;

  /**
   * Publication order. Every row of a transaction shares its `created_at`
   * (now() is the transaction's start), so time cannot order them.
   * pg returns bigint as a string.
   */
  @Column('bigint')
  @Generated('increment')
  sequence!: string;

  @Column('text', { name: 'routing_key' })
  routingKey!: string;

  /**
   * The event without `eventId` and `occurredAt` (those are `id` and
   * `created_at`), and without its `user` while `snapshotUserId` is set.
   */
  @Column('jsonb')
  payload!: unknown;

  /**
   * A created event whose `user` is still to be taken from this stored
   * user: by the relay when it publishes the event, or before the user
   * changes (migration CreatedEventsReadTheirUser1801000000000). Null once
   * the payload is whole.
   */
  @Column('uuid', { name: 'snapshot_user_id', nullable: true })
  snapshotUserId!: string | null;

  /** When the change was committed: the event's `occurredAt`. */
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt!: Date | null;

  /** Failed publish attempts (a successful one does not count). */
  @Column('int', { default: 0 })
  attempts!: number;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;
}
