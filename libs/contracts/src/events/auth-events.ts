import { IsIn, IsOptional, IsString } from 'class-validator';
import { EventBase } from './event-base';

export const SIGN_IN_METHODS = ['ldap', 'adfs-oidc'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];

/** Audit of sign-ins; never carries the password. */
export class AuthSucceededEvent extends EventBase {
  static readonly routingKey = 'auth.succeeded.v1' as const;

  @IsString()
  userId!: string;

  @IsString()
  userName!: string;

  @IsIn(SIGN_IN_METHODS)
  method!: SignInMethod;

  @IsOptional()
  @IsString()
  clientAddress!: string | null;
}

export class AuthFailedEvent extends EventBase {
  static readonly routingKey = 'auth.failed.v1' as const;

  /** The name as typed (the person may not exist). */
  @IsString()
  userName!: string;

  @IsIn(SIGN_IN_METHODS)
  method!: SignInMethod;

  @IsOptional()
  @IsString()
  clientAddress!: string | null;

  /** e.g. `invalid-credentials`, `unknown-user`, `directory-unavailable`. */
  @IsString()
  reason!: string;
}
