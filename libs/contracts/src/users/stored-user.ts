import { IsArray, IsEnum, IsIn, IsOptional, IsString } from 'class-validator';
import { Privilege } from '../settings/privilege';

export const USER_AUTH_METHODS = ['directory', 'local'] as const;
/** `directory`: synchronized, signs in against the directory. `local`: added by an admin, never touched by a sync. */
export type UserAuthMethod = (typeof USER_AUTH_METHODS)[number];

/** A user as the user store holds it. */
export class StoredUser {
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

  @IsArray()
  @IsEnum(Privilege, { each: true })
  privileges!: Privilege[];

  @IsString()
  createdAt!: string;

  @IsString()
  updatedAt!: string;
}
