import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import {
  AdfsFields,
  AUTHENTICATION_METHODS,
  type AuthenticationMethod,
  DirectorySettingsSections,
  LdapConnectionFields,
} from './directory-settings';

/**
 * The directory settings as they cross the broker: every secret sealed for
 * the message that carries it (AES-256-GCM with a transport key shared by
 * config-api and the receiver; the routing key and the purpose below are the
 * associated data). There is no plaintext secret field to fill in by mistake.
 */
export const SEALED_SETTINGS_PURPOSES = {
  bindPassword: 'connection.bindPassword',
  clientSecret: 'authentication.adfs.clientSecret',
} as const;

/** A sealed value: `t1:<keyId>:<iv>:<tag>:<data>`. */
const SEALED_MAX_LENGTH = 8192;

export class SealedLdapConnectionSettings extends LdapConnectionFields {
  /** The service account's password, sealed (purpose `connection.bindPassword`). */
  @IsOptional()
  @IsString()
  @MaxLength(SEALED_MAX_LENGTH)
  bindPasswordSealed?: string;
}

export class SealedAdfsSettings extends AdfsFields {
  /** The client secret, sealed (purpose `authentication.adfs.clientSecret`); only for auth-gateway. */
  @IsOptional()
  @IsString()
  @MaxLength(SEALED_MAX_LENGTH)
  clientSecretSealed?: string;
}

export class SealedAuthenticationSettings {
  @IsIn(AUTHENTICATION_METHODS)
  method!: AuthenticationMethod;

  @IsOptional()
  @ValidateNested()
  @Type(() => SealedAdfsSettings)
  adfs?: SealedAdfsSettings;
}

export class SealedDirectorySettings extends DirectorySettingsSections {
  @IsDefined({ message: '$property is required' })
  @ValidateNested()
  @Type(() => SealedLdapConnectionSettings)
  connection!: SealedLdapConnectionSettings;

  @IsDefined({ message: '$property is required' })
  @ValidateNested()
  @Type(() => SealedAuthenticationSettings)
  authentication!: SealedAuthenticationSettings;
}
