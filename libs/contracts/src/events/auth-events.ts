import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  ValidateNested,
} from 'class-validator';
import { EventBase } from './event-base';

export const SIGN_IN_METHODS = ['ldap', 'adfs-oidc'] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];

/** The most sign-ins one audit event carries. */
export const MAX_SIGN_INS_PER_AUDIT_EVENT = 500;

/** One successful sign-in; never carries the password. */
export class SucceededSignIn {
  @IsString()
  userId!: string;

  @IsString()
  userName!: string;

  @IsIn(SIGN_IN_METHODS)
  method!: SignInMethod;

  @IsOptional()
  @IsString()
  clientAddress!: string | null;

  /** When this sign-in was decided (the event's own `occurredAt` is when it was published). */
  @IsISO8601()
  occurredAt!: string;
}

/** One refused sign-in; never carries the password. */
export class RefusedSignIn {
  /** The name as typed (the person may not exist). */
  @IsString()
  userName!: string;

  @IsIn(SIGN_IN_METHODS)
  method!: SignInMethod;

  @IsOptional()
  @IsString()
  clientAddress!: string | null;

  /** e.g. `invalid-credentials`, `user-not-found`, `directory-unreachable`, `too-many-attempts`. */
  @IsString()
  reason!: string;

  /** When this sign-in was refused (the event's own `occurredAt` is when it was published). */
  @IsISO8601()
  occurredAt!: string;
}

/**
 * Audit of successful sign-ins, several per event: auth-gateway gathers the
 * sign-ins of a short span (at most `AUDIT_BATCH_MAX_DELAY_MS`) into one
 * message, so the broker handles one message per batch, not one per sign-in.
 * A batch the broker did not confirm is published again with the same
 * `eventId`: consumers de-duplicate on it.
 */
export class AuthSucceededEvent extends EventBase {
  static readonly routingKey = 'auth.succeeded.v2' as const;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SIGN_INS_PER_AUDIT_EVENT)
  @ValidateNested({ each: true })
  @Type(() => SucceededSignIn)
  signIns!: SucceededSignIn[];
}

/** Audit of refused sign-ins, several per event (as `AuthSucceededEvent`). */
export class AuthFailedEvent extends EventBase {
  static readonly routingKey = 'auth.failed.v2' as const;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SIGN_INS_PER_AUDIT_EVENT)
  @ValidateNested({ each: true })
  @Type(() => RefusedSignIn)
  signIns!: RefusedSignIn[];
}
