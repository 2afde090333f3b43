import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { validatePlain, type ClassOf } from './validation';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** For `@Transform(envInt)`: environment variables are strings; whole numbers become numbers. */
export const envInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

/** What every service reads from its environment. */
export class BaseServiceEnv {
  /** amqp://user:password@host:port[/vhost] */
  @Matches(/^amqps?:\/\/\S+$/, { message: 'must be an amqp:// or amqps:// URL' })
  AMQP_URL!: string;

  /** Prefix of every queue and exchange, so several installations can share a broker. */
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9.-]{0,62}$/, {
    message: 'must be lower-case letters, digits, dots or dashes',
  })
  AMQP_NAMESPACE: string = 'dirsync';

  @IsOptional()
  @Transform(envInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  HTTP_PORT!: number;

  /** Listen on loopback unless told otherwise. */
  @IsOptional()
  @IsString()
  HTTP_HOST: string = '127.0.0.1';

  @IsOptional()
  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** How long a request to another service may wait for its (first) reply. */
  @IsOptional()
  @Transform(envInt)
  @IsInt()
  @Min(100)
  RPC_TIMEOUT_MS: number = 120_000;
}

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: { field: string; message: string }[]) {
    super(
      `Invalid environment variables: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`,
    );
    this.name = 'InvalidEnvironmentError';
  }
}

/**
 * Reads the environment into one typed object, or throws naming every bad
 * variable. Variables the schema does not know are ignored (the environment
 * holds much else).
 */
export function loadEnv<T extends object>(
  schema: ClassOf<T>,
  env: NodeJS.ProcessEnv = process.env,
): T {
  const picked = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => value !== '' && isDeclared(schema, key)),
  );
  const result = validatePlain(schema, picked);
  if (result.problems.length > 0) throw new InvalidEnvironmentError(result.problems);
  return result.value as T;
}

/** Decorated properties carry `design:type` metadata (emitDecoratorMetadata). */
function isDeclared(schema: ClassOf<object>, key: string): boolean {
  return Reflect.getMetadata('design:type', schema.prototype as object, key) !== undefined;
}
