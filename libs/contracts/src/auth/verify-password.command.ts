import { IsOptional, IsString, MaxLength } from 'class-validator';

/**
 * config-api → auth-gateway: "Test authentication" for one user; issues no
 * session. The password never crosses the broker in clear: it is sealed for
 * this message and this user (purpose `verifyPasswordPurpose(userName)`).
 */
export class VerifyPasswordCommand {
  static readonly routingKey = 'auth.verify-password.v1' as const;

  @IsString()
  @MaxLength(512)
  userName!: string;

  /** `t1:<keyId>:<iv>:<tag>:<data>` (a password of at most 1,024 characters, sealed). */
  @IsString()
  @MaxLength(8192)
  passwordSealed!: string;
}

/** The associated data of a sealed password: bound to the user it is tested for. */
export function verifyPasswordPurpose(userName: string): string {
  return `password of ${userName}`;
}

/**
 * Every outcome of checking a password; a refusal says precisely why (the
 * public sign-in answer does not: it is one 401 for every refusal a person
 * could probe with).
 */
export const VERIFY_OUTCOMES = [
  'success',
  'invalid-credentials',
  /** Active Directory's reasons for refusing a bind (the `data` code of its diagnostic message). */
  'account-disabled',
  'account-locked',
  'account-expired',
  'password-expired',
  'password-must-change',
  'logon-hours-restricted',
  'workstation-restricted',
  /** The directory accepted the password, but the entry at the stored DN is another object (other stable id). */
  'identity-mismatch',
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
