import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';
import { IsTransportKeyList } from '@dirsync/messaging';
import { BaseServiceEnv, envInt, IsDatabaseUrl } from '@dirsync/service-kit';

export class ConfigApiEnv extends BaseServiceEnv {
  override HTTP_PORT: number = 3000;

  @IsDatabaseUrl()
  DATABASE_URL!: string;

  /**
   * Keys that encrypt secrets at rest: `id:base64(32 bytes)`, comma-separated.
   * The first (or CONFIG_ENCRYPTION_ACTIVE_KEY) encrypts; all of them decrypt,
   * so a key can be rotated by adding a new one in front.
   */
  @Matches(/^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=)*$/, {
    message: 'must be a comma-separated list of keyId:base64-of-32-bytes',
  })
  CONFIG_ENCRYPTION_KEYS!: string;

  @IsOptional()
  @IsString()
  CONFIG_ENCRYPTION_ACTIVE_KEY?: string;

  /**
   * Keys that seal the secrets crossing the broker (the service account's
   * password, the AD FS client secret, a tested password): `id:base64(32 bytes)`,
   * comma-separated, the same on config-api, auth-gateway and directory-reader.
   * The first (or TRANSPORT_SEALING_ACTIVE_KEY) seals; all of them open.
   */
  @IsTransportKeyList()
  TRANSPORT_SEALING_KEYS!: string;

  @IsOptional()
  @IsString()
  TRANSPORT_SEALING_ACTIVE_KEY?: string;

  /**
   * Express `trust proxy` (e.g. `loopback`, `1`, `10.0.0.0/8`) for a load
   * balancer in front: only then is X-Forwarded-Proto believed, so that a
   * console reached over https behind a balancer ending TLS gets its Secure
   * `__Host-` cookie and passes the Origin check. Unset: the socket's protocol.
   */
  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  /** The bootstrap admin credential (a bearer token); API tokens are created with it. */
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  ADMIN_TOKEN!: string;

  /** How often the scheduler looks whether a scheduled synchronization is due. */
  @IsOptional()
  @Transform(envInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  SCHEDULER_TICK_SECONDS: number = 30;

  /** auth-gateway, which checks the password of a directory user signing in to the console. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  AUTH_GATEWAY_URL: string = 'http://127.0.0.1:3001';

  /** How long an admin console session lasts after sign-in. */
  @IsOptional()
  @Transform(envInt)
  @IsInt()
  @Min(5)
  @Max(7 * 24 * 60)
  CONSOLE_SESSION_MINUTES: number = 8 * 60;

  /** The admin console's built files, served at /console/ (default: dist/apps/admin-console). */
  @IsOptional()
  @IsString()
  CONSOLE_DIR?: string;
}
