import { Type } from 'class-transformer';
import {
  IsDefined,
  IsISO8601,
  IsString,
  IsUUID,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { StoredUser } from './stored-user';

/** The archive folder a user owns (one per user, created with it; kept when the user is deleted). */
export class ArchiveFolderSummary {
  @IsUUID()
  id!: string;

  /** Named after the user when it was created. */
  @IsString()
  name!: string;

  @IsISO8601()
  createdAt!: string;
}

/** One user as an admin's details view shows it: the stored user and its archive folder. */
export class UserDetails extends StoredUser {
  /** Always present; null only for a user that has no folder (none is created without one). */
  @ValidateIf((details: UserDetails) => details.archiveFolder !== null)
  @IsDefined({ message: '$property is required (null when the user has no folder)' })
  @ValidateNested()
  @Type(() => ArchiveFolderSummary)
  archiveFolder!: ArchiveFolderSummary | null;
}
