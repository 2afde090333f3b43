import { Type } from 'class-transformer';
import { IsArray, IsInt, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import type { DirectorySettings } from '../settings/directory-settings';
import { DirectoryUser } from './directory-user';
import { DirectoryWarning } from './directory-warning';

/**
 * sync-planner → directory-reader: read the users in scope, with the
 * settings of this version (directory-reader asks config-api for them, so
 * the service account's password never travels with the run). Replies
 * stream as pages.
 */
export class ReadDirectoryCommand {
  static readonly routingKey = 'directory.read.v1' as const;

  @IsString()
  runId!: string;

  @IsInt()
  @Min(1)
  settingsVersion!: number;
}

/** What directory-reader reads with: the run and its settings (secrets included). */
export interface DirectoryReadRequest {
  runId: string;
  settings: DirectorySettings;
}

/** Two or more directory users that end with the same user name. */
export class UserNameConflict {
  @IsString()
  userName!: string;

  @IsArray()
  @IsString({ each: true })
  dns!: string[];
}

/** Sent once, as the last page: without it a read is incomplete. */
export class DirectoryReadSummary {
  @IsString()
  baseDn!: string;

  @IsInt()
  @Min(0)
  usersInScope!: number;

  @IsInt()
  @Min(0)
  groupsRead!: number;

  /** Stable ids of users that match the user filter but are outside the synchronized groups. */
  @IsArray()
  @IsString({ each: true })
  outOfScopeExternalIds!: string[];

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => UserNameConflict)
  conflicts!: UserNameConflict[];

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => DirectoryWarning)
  warnings!: DirectoryWarning[];
}

export class DirectoryReadPage {
  @IsInt()
  @Min(0)
  sequence!: number;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => DirectoryUser)
  users!: DirectoryUser[];

  @IsOptional()
  @ValidateNested()
  @Type(() => DirectoryReadSummary)
  summary?: DirectoryReadSummary;
}
