import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateBy,
  type ValidationArguments,
} from 'class-validator';
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

  /**
   * amqps:// only: a PEM file of the CA(s) that signed the broker's
   * certificate (default: the system's CAs). Read and checked at start-up.
   */
  @IsOptional()
  @IsCaFileForAmqps()
  AMQP_CA_FILE?: string;

  /**
   * amqps:// only: the name the broker's certificate must carry when it is not
   * the URL's host (default: the URL's host; an IP address is checked against
   * the certificate's IP addresses).
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9.-]{1,253}$/, { message: 'must be a DNS name' })
  AMQP_TLS_SERVERNAME?: string;

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

/** Why AMQP_CA_FILE cannot be used, or null: amqps only, a readable file of PEM certificates. */
export function caFileProblem(path: string, amqpUrl: unknown): string | null {
  if (typeof amqpUrl !== 'string' || !amqpUrl.startsWith('amqps://')) {
    return 'is only used with an amqps:// AMQP_URL';
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return `cannot be read (${(error as Error).message})`;
  }
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) return `${path} holds no PEM certificate`;
  try {
    for (const block of blocks) new X509Certificate(block);
  } catch (error) {
    return `${path} holds a certificate that cannot be read (${(error as Error).message})`;
  }
  return null;
}

function IsCaFileForAmqps(): PropertyDecorator {
  let problem: string | null = null;
  return ValidateBy({
    name: 'isCaFileForAmqps',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const url = (args?.object as { AMQP_URL?: unknown } | undefined)?.AMQP_URL;
        problem = typeof value === 'string' ? caFileProblem(value, url) : 'must be a file path';
        return problem === null;
      },
      defaultMessage: () => problem ?? 'is not a usable CA file',
    },
  });
}
