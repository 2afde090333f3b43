import { IsArray, IsEnum, IsOptional, IsString } from 'class-validator';
import { Privilege } from '../settings/privilege';

/** What subscribers learn about a user: never a secret. */
export class UserSnapshot {
  @IsString()
  id!: string;

  @IsString()
  userName!: string;

  @IsOptional()
  @IsString()
  fullName!: string | null;

  @IsArray()
  @IsString({ each: true })
  emailAddresses!: string[];

  @IsOptional()
  @IsString()
  externalId!: string | null;

  @IsOptional()
  @IsString()
  dn!: string | null;

  @IsArray()
  @IsEnum(Privilege, { each: true })
  privileges!: Privilege[];
}

/** The fields an event tells about a user (a stored user, or one about to be). */
export interface SnapshotSource {
  id: string;
  userName: string;
  fullName: string | null;
  emailAddresses: readonly string[];
  externalId: string | null;
  dn: string | null;
  privileges: readonly Privilege[];
}

/** What subscribers learn about a user: no timestamps, no auth method, never a secret. */
export function toUserSnapshot(user: SnapshotSource): UserSnapshot {
  return {
    id: user.id,
    userName: user.userName,
    fullName: user.fullName,
    emailAddresses: [...user.emailAddresses],
    externalId: user.externalId,
    dn: user.dn,
    privileges: [...user.privileges],
  };
}
