import { IsArray, IsOptional, IsString, MinLength } from 'class-validator';

/** One user as the directory describes it, after attribute mapping. */
export class DirectoryUser {
  /** Stable identity: `entryUUID` (OpenLDAP) or `objectGUID` (Active Directory), canonical text. */
  @IsString()
  @MinLength(1)
  externalId!: string;

  @IsString()
  @MinLength(1)
  dn!: string;

  /** From the user-name attribute, local part only when configured. */
  @IsString()
  @MinLength(1)
  userName!: string;

  @IsOptional()
  @IsString()
  fullName!: string | null;

  /** De-duplicated (case-insensitively); the primary address first. */
  @IsArray()
  @IsString({ each: true })
  emailAddresses!: string[];
}
