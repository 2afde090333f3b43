import { IsISO8601, IsOptional, IsString, IsUUID } from 'class-validator';

/** Every event carries an id (consumers de-duplicate on it) and when it happened. */
export abstract class EventBase {
  @IsUUID()
  eventId!: string;

  @IsISO8601()
  occurredAt!: string;

  /** The sync run that caused it, if any. */
  @IsOptional()
  @IsString()
  runId?: string | null;
}
