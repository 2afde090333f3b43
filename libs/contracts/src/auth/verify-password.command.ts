import { IsOptional, IsString, MaxLength } from 'class-validator';

/** config-api → auth-gateway: "Test authentication" for one user; issues no session. */
export class VerifyPasswordCommand {
  static readonly routingKey = 'auth.verify-password.v1' as const;

  @IsString()
  @MaxLength(512)
  userName!: string;

  @IsString()
  @MaxLength(1024)
  password!: string;
}

export const VERIFY_OUTCOMES = [
  'success',
  'invalid-credentials',
  'empty-password',
  'user-not-found',
  'not-a-directory-user',
  'directory-unreachable',
  'tls-error',
  'directory-error',
  'password-sign-in-unavailable',
] as const;
export type VerifyOutcome = (typeof VERIFY_OUTCOMES)[number];

export class VerifyPasswordResult {
  @IsString()
  outcome!: VerifyOutcome;

  @IsString()
  message!: string;

  @IsOptional()
  @IsString()
  dn?: string;
}
