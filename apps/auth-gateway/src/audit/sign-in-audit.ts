import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import {
  MAX_SIGN_INS_PER_AUDIT_EVENT,
  type RefusedSignIn,
  type SignInMethod,
  type StoredUser,
  type SucceededSignIn,
} from '@dirsync/contracts';
import { EventPublisher } from '@dirsync/messaging';
import { logLevelEnabled } from '@dirsync/service-kit';
import { AuthGatewayEnv } from '../config/auth-gateway.env';
import { AuditBatch } from './audit-batch';

/**
 * `auth.succeeded.v2` / `auth.failed.v2` on the events exchange, each
 * carrying the sign-ins of up to AUDIT_BATCH_MAX_DELAY_MS (`AuditBatch`):
 * one broker message per batch instead of one per sign-in. Published
 * without holding up the answer: the broker's confirm can take a while, and
 * a sign-in's timing must not depend on it. A batch the broker did not
 * confirm is published again (same eventId); one given up is logged with its
 * sign-ins, so they can still be found. Never given the password. At
 * shutdown (before the broker connection closes) what is pending is
 * published and confirmed.
 */
@Injectable()
export class SignInAudit implements BeforeApplicationShutdown {
  private readonly logger = new Logger(SignInAudit.name);
  private readonly succeededBatch: AuditBatch<SucceededSignIn>;
  private readonly failedBatch: AuditBatch<RefusedSignIn>;

  constructor(events: EventPublisher, env: AuthGatewayEnv) {
    const options = {
      maxDelayMs: env.AUDIT_BATCH_MAX_DELAY_MS,
      maxItems: MAX_SIGN_INS_PER_AUDIT_EVENT,
    };
    this.succeededBatch = new AuditBatch(
      (event) => events.publish('auth.succeeded.v2', event),
      (signIns, error) =>
        this.logger.error({ err: error, signIns }, 'could not publish auth.succeeded.v2'),
      options,
    );
    this.failedBatch = new AuditBatch(
      (event) => events.publish('auth.failed.v2', event),
      (signIns, error) =>
        this.logger.error({ err: error, signIns }, 'could not publish auth.failed.v2'),
      options,
    );
  }

  succeeded(user: StoredUser, method: SignInMethod, clientAddress: string | null): void {
    const signIn = { userId: user.id, userName: user.userName, method, clientAddress };
    if (logLevelEnabled('info')) this.logger.log(signIn, 'sign-in succeeded');
    this.succeededBatch.add({ ...signIn, occurredAt: new Date().toISOString() });
  }

  /** `userName` as typed or as the identity provider named the person; `reason` a stable code. */
  failed(
    userName: string,
    method: SignInMethod,
    clientAddress: string | null,
    reason: string,
  ): void {
    const signIn = { userName, method, clientAddress, reason };
    this.logger.warn(signIn, 'sign-in refused');
    this.failedBatch.add({ ...signIn, occurredAt: new Date().toISOString() });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([this.succeededBatch.drain(), this.failedBatch.drain()]);
  }
}
