import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';
import { IsTransportKeyList } from '@dirsync/messaging';
import {
  BaseServiceEnv,
  envInt,
  InvalidEnvironmentError,
  IsDatabaseUrl,
  loadEnv,
} from '@dirsync/service-kit';
import { IsSigningKey } from './signing-key';

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class AuthGatewayEnv extends BaseServiceEnv {
  override HTTP_PORT: number = 3001;

  /**
   * PostgreSQL (the database the other services use): the failed sign-ins
   * that the rate limits count, shared by every instance. Its migrations
   * (table `auth_gateway_migrations`) run at start-up.
   */
  @IsDatabaseUrl()
  DATABASE_URL!: string;

  /**
   * LDAP connections kept open per pool (one pool re-binds as each user
   * signing in, one is bound as the service account). Sign-ins beyond it
   * wait for a connection.
   */
  @IsOptional()
  @Transform(envInt)
  @IsInt()
  @Min(1)
  @Max(1_000)
  LDAP_POOL_SIZE: number = 16;

  /**
   * Users kept after a sign-in looked them up, so that the next sign-in asks
   * user-store nothing (dropped on user-store's event about them; least
   * recently used dropped first beyond this many). 0: no cache, every
   * sign-in asks user-store.
   */
  @IsOptional()
  @Transform(envInt)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  USER_CACHE_SIZE: number = 10_000;

  /**
   * The longest a cached user is used without asking user-store again: the
   * bound on a stale answer when user-store changed the user but could not
   * publish the event (its outbox relay is stuck). Events normally drop it
   * within milliseconds of the change.
   */
  @IsOptional()
  @Transform(envInt)
  @IsInt()
  @Min(1)
  @Max(86_400)
  USER_CACHE_MAX_AGE_SECONDS: number = 300;

  /**
   * The longest a sign-in's audit record waits to be published: the sign-ins
   * of this span (at most 500) travel in one `auth.succeeded.v2` /
   * `auth.failed.v2` event, so the broker handles one message per batch, not
   * one per sign-in. Also what a crash can lose beyond the batches the
   * broker has not confirmed yet. 0: each sign-in is published on its own at once.
   */
  @IsOptional()
  @Transform(envInt)
  @IsInt()
  @Min(0)
  @Max(1_000)
  AUDIT_BATCH_MAX_DELAY_MS: number = 20;

  /** Signs session tokens (HS256) and, through a derived key, seals the OIDC flow cookie. Hex or base64, ≥ 32 bytes. */
  @IsSigningKey()
  SESSION_SIGNING_KEY!: string;

  /**
   * Keys that open the secrets config-api seals for the broker (the service
   * account's password, the AD FS client secret, a tested password), as on
   * config-api: `id:base64(32 bytes)`, comma-separated. The first (or
   * TRANSPORT_SEALING_ACTIVE_KEY) would seal; all of them open.
   */
  @IsTransportKeyList()
  TRANSPORT_SEALING_KEYS!: string;

  @IsOptional()
  @IsString()
  TRANSPORT_SEALING_ACTIVE_KEY?: string;

  /** Lifetime of a session token. Short: there is no revocation list. */
  @IsOptional()
  @Transform(envInt)
  @IsInt()
  @Min(60)
  @Max(86_400)
  SESSION_TTL_SECONDS: number = 900;

  /**
   * Where browsers reach this service. The AD FS redirect URI must point here
   * (same origin), and an https URL makes the flow cookie `Secure`.
   */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  PUBLIC_BASE_URL: string = 'http://127.0.0.1:3001';

  /**
   * A refused password sign-in is answered no sooner than this after the
   * request arrived, so an unknown user (no LDAP call) and a wrong password
   * (bind, search) take about as long.
   */
  @IsOptional()
  @Transform(envInt)
  @IsInt()
  @Min(0)
  @Max(10_000)
  SIGN_IN_FAILURE_MIN_MS: number = 400;

  /** Sliding window over which failed sign-ins are counted. */
  @IsOptional()
  @Transform(envInt)
  @IsInt()
  @Min(1)
  @Max(86_400)
  RATE_LIMIT_WINDOW_SECONDS: number = 900;

  /** Failed attempts for one user name within the window before further attempts get 429. */
  @IsOptional()
  @Transform(envInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_MAX_FAILURES_PER_USER: number = 5;

  /** Failed attempts from one client address within the window (higher: offices share addresses). */
  @IsOptional()
  @Transform(envInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_MAX_FAILURES_PER_CLIENT: number = 50;

  /**
   * Express `trust proxy` (e.g. `loopback`, `1`, `10.0.0.0/8`): only then is
   * X-Forwarded-For believed for the client address. Unset: the socket's address.
   */
  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  /** How long a started AD FS sign-in may take before the callback is refused. */
  @IsOptional()
  @Transform(envInt)
  @IsInt()
  @Min(60)
  @Max(3_600)
  OIDC_FLOW_TTL_SECONDS: number = 600;

  /** Allowed clock difference with AD FS when checking exp, iat and auth_time. */
  @IsOptional()
  @Transform(envInt)
  @IsInt()
  @Min(0)
  @Max(300)
  OIDC_CLOCK_TOLERANCE_SECONDS: number = 30;

  /**
   * Tests only: accept an `http://` AD FS (a local OpenID provider). Without
   * it an http discovery URI is refused; the service refuses to start with it
   * when NODE_ENV=production.
   */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  OIDC_ALLOW_INSECURE_HTTP_ISSUER: boolean = false;

  @IsOptional()
  @IsString()
  NODE_ENV?: string;
}

/** `loadEnv` plus the rules that span several variables. */
export function loadAuthGatewayEnv(source: NodeJS.ProcessEnv = process.env): AuthGatewayEnv {
  const env = loadEnv(AuthGatewayEnv, source);
  if (env.OIDC_ALLOW_INSECURE_HTTP_ISSUER && env.NODE_ENV === 'production') {
    throw new InvalidEnvironmentError([
      {
        field: 'OIDC_ALLOW_INSECURE_HTTP_ISSUER',
        message: 'must not be true when NODE_ENV=production',
      },
    ]);
  }
  return env;
}
