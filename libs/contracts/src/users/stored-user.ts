import { IsArray, IsEnum, IsIn, IsOptional, IsString } from 'class-validator';
import { Privilege } from '../settings/privilege';

export const USER_AUTH_METHODS = ['directory', 'local'] as const;
/** `directory`: synchronized, signs in against the directory. `local`: added by an admin, never touched by a sync. */
export type UserAuthMethod = (typeof USER_AUTH_METHODS)[number];

/**
 * What a sync compares of a stored user (users.list.v2 carries only this):
 * who it is, how it signs in, and the fields the directory sets.
 */
export class SyncedUserState {
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

  @IsIn(USER_AUTH_METHODS)
  authMethod!: UserAuthMethod;

  @IsOptional()
  @IsString()
  externalId!: string | null;

  @IsOptional()
  @IsString()
  dn!: string | null;
}

/** A user as the user store holds it. */
export class StoredUser extends SyncedUserState {
  @IsArray()
  @IsEnum(Privilege, { each: true })
  privileges!: Privilege[];

  @IsString()
  createdAt!: string;

  @IsString()
  updatedAt!: string;
}
