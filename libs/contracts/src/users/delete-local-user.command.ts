import { IsOptional, IsString, IsUUID } from 'class-validator';

/**
 * admin API → user-store: remove a `local` user. Directory users are refused
 * (only a sync deletes them). The user's archive folder stays, no longer owned.
 */
export class DeleteLocalUserCommand {
  static readonly routingKey = 'users.delete-local.v1' as const;

  @IsUUID()
  userId!: string;
}

export class DeleteLocalUserResult {
  @IsUUID()
  userId!: string;

  /** The folder that stays behind, marked as no longer owned. */
  @IsOptional()
  @IsString()
  archiveFolderId!: string | null;
}
