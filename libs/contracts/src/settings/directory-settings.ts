import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { NoControlCharacters } from '../validation/no-control-characters';
import { Privilege } from './privilege';

/**
 * The directory settings an admin configures, one class per section of the
 * seed's "Generic LDAP Integration" page, secrets included: the form an admin
 * saves and the services use in memory. It never travels as is: the admin
 * API leaves the secrets out, and messages carry `SealedDirectorySettings`.
 */

export const LDAP_PROTOCOLS = ['ldap', 'ldap-tls', 'ldap-ssl'] as const;
/** `ldap`: plain on 389; `ldap-tls`: StartTLS on 389; `ldap-ssl`: LDAPS on 636. */
export type LdapProtocol = (typeof LDAP_PROTOCOLS)[number];

export const AUTHENTICATION_METHODS = ['ldap', 'adfs-oidc'] as const;
export type AuthenticationMethod = (typeof AUTHENTICATION_METHODS)[number];

/** The connection without its secret: what a message carries beside the sealed password. */
export class LdapConnectionFields {
  /** DNS name or IP address of the LDAP server. */
  @IsString()
  @MinLength(1)
  @MaxLength(253)
  host!: string;

  @IsIn(LDAP_PROTOCOLS)
  protocol!: LdapProtocol;

  /** Defaults to 389 for `ldap`/`ldap-tls` and 636 for `ldap-ssl`. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  port?: number;

  /** Skip certificate verification (TLS/SSL only). Insecure: the summary warns. */
  @IsBoolean()
  acceptAllCertificates!: boolean;

  /** An extra CA (PEM) to trust besides the system's. */
  @IsOptional()
  @IsString()
  @MaxLength(65536)
  caCertificatePem?: string;

  /** A DN, or a user name such as `admin@example.com` (Active Directory accepts UPNs). */
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  @NoControlCharacters()
  bindDn!: string;

  /** Empty means: detect it from the RootDSE (Active Directory). */
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  @NoControlCharacters()
  baseDn?: string;

  /** Default 10 s. */
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(300_000)
  connectTimeoutMs?: number;

  /** Default 120 s per LDAP operation (one page of a search, one bind). */
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  operationTimeoutMs?: number;
}

export class LdapConnectionSettings extends LdapConnectionFields {
  /**
   * Write-only in the admin API; encrypted at rest; never on the broker in
   * clear (messages carry `SealedLdapConnectionSettings.bindPasswordSealed`).
   */
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  bindPassword?: string;
}

export class UserSettings {
  /** Optional LDAP filter selecting user objects; default `(objectClass=*)`. */
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  @NoControlCharacters()
  filter?: string;

  /** Attribute holding the user name (`uid`, `userPrincipalName`, `sAMAccountName`, `cn`). */
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  userNameAttribute!: string;

  /** `jdoe@example.com` becomes `jdoe`. */
  @IsBoolean()
  localPartOnly!: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  fullNameAttribute?: string;

  /** Multi-valued; each value may hold several comma-separated addresses. */
  @IsOptional()
  @IsString()
  @MaxLength(128)
  emailAttribute?: string;

  /** Active Directory: skip accounts whose userAccountControl has the ACCOUNTDISABLE bit. */
  @IsOptional()
  @IsBoolean()
  skipDisabledAccounts?: boolean;
}

export class GroupSettings {
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  @NoControlCharacters()
  filter!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(128)
  nameAttribute!: string;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  descriptionAttribute?: string;

  @IsString()
  @MinLength(1)
  @MaxLength(128)
  membersAttribute!: string;

  /**
   * For members given as plain names (posixGroup `memberUid`): a filter with a
   * `{member}` placeholder, filled in with each (escaped) member value.
   */
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  @NoControlCharacters()
  memberSearchFilter?: string;

  /** Names of the groups whose members (direct or nested) are synchronized. Empty: all users. */
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(256, { each: true })
  @NoControlCharacters({ each: true })
  syncGroups!: string[];
}

/** The AD FS client without its secret. */
export class AdfsFields {
  /** e.g. https://adfs.example.com/adfs */
  @IsString()
  @MaxLength(2048)
  discoveryUri!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(256)
  clientId!: string;

  @IsString()
  @MaxLength(2048)
  redirectUri!: string;

  /** Send `prompt=login` so AD FS asks for credentials on every sign-in. */
  @IsBoolean()
  alwaysRequireCredentials!: boolean;
}

export class AdfsSettings extends AdfsFields {
  /**
   * Write-only in the admin API; encrypted at rest; never on the broker in
   * clear (`SealedAdfsSettings.clientSecretSealed`). AD FS public clients have none.
   */
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  clientSecret?: string;
}

export class AuthenticationSettings {
  @IsIn(AUTHENTICATION_METHODS)
  method!: AuthenticationMethod;

  @IsOptional()
  @ValidateNested()
  @Type(() => AdfsSettings)
  adfs?: AdfsSettings;
}

export class DeletionThreshold {
  /** Stop a run that would delete more users than this. Default 500. */
  @IsInt()
  @Min(0)
  maxCount!: number;

  /** ...or more than this percentage of the directory's users. Default 20. */
  @IsInt()
  @Min(0)
  @Max(100)
  maxPercent!: number;
}

/** When Synchronize now runs by itself: every N minutes, or on a cron expression (UTC). Exactly one. */
export class SyncSchedule {
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(10_080)
  intervalMinutes?: number;

  /** Five fields, UTC, e.g. `0 2 * * *` for 02:00 every night. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  cron?: string;
}

export class SyncOptions {
  /** Delete store users that vanished from the directory or fell out of scope. */
  @IsBoolean()
  autoDeleteUsers!: boolean;

  @IsArray()
  @IsEnum(Privilege, { each: true })
  defaultPrivileges!: Privilege[];

  @IsOptional()
  @ValidateNested()
  @Type(() => DeletionThreshold)
  deletionThreshold?: DeletionThreshold;

  /** Absent: runs only when an admin asks. */
  @IsOptional()
  @ValidateNested()
  @Type(() => SyncSchedule)
  schedule?: SyncSchedule;
}

/**
 * The sections that are the same whether the settings carry their secrets
 * (DirectorySettings) or carry them sealed for the broker
 * (SealedDirectorySettings): only `connection` and `authentication` differ.
 */
export abstract class DirectorySettingsSections {
  @IsDefined({ message: '$property is required' })
  @ValidateNested()
  @Type(() => UserSettings)
  users!: UserSettings;

  @IsDefined({ message: '$property is required' })
  @ValidateNested()
  @Type(() => GroupSettings)
  groups!: GroupSettings;

  @IsDefined({ message: '$property is required' })
  @ValidateNested()
  @Type(() => SyncOptions)
  options!: SyncOptions;
}

export class DirectorySettings extends DirectorySettingsSections {
  @IsDefined({ message: '$property is required' })
  @ValidateNested()
  @Type(() => LdapConnectionSettings)
  connection!: LdapConnectionSettings;

  @IsDefined({ message: '$property is required' })
  @ValidateNested()
  @Type(() => AuthenticationSettings)
  authentication!: AuthenticationSettings;
}

export const DEFAULT_PORTS: Record<LdapProtocol, number> = {
  ldap: 389,
  'ldap-tls': 389,
  'ldap-ssl': 636,
};
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_OPERATION_TIMEOUT_MS = 120_000;
export const DEFAULT_DELETION_THRESHOLD: DeletionThreshold = { maxCount: 500, maxPercent: 20 };
