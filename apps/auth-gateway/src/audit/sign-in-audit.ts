import { Injectable, Logger } from '@nestjs/common';
import type { SignInMethod, StoredUser } from '@dirsync/contracts';
import { EventPublisher } from '@dirsync/messaging';

/**
 * `auth.succeeded.v1` / `auth.failed.v1` on the events exchange. Published
 * without holding up the answer: the broker's confirm can take a while, and
 * a sign-in's timing must not depend on it. A lost audit event is logged
 * (with the same fields) so it can still be found. Never given the password.
 */
@Injectable()
export class SignInAudit {
  private readonly logger = new Logger(SignInAudit.name);

  constructor(private readonly events: EventPublisher) {}

  succeeded(user: StoredUser, method: SignInMethod, clientAddress: string | null): void {
    const payload = { userId: user.id, userName: user.userName, method, clientAddress };
    this.logger.log(payload, 'sign-in succeeded');
    this.events.publish('auth.succeeded.v1', payload).catch((error: unknown) => {
      this.logger.error({ err: error, ...payload }, 'could not publish auth.succeeded.v1');
    });
  }

  /** `userName` as typed or as the identity provider named the person; `reason` a stable code. */
  failed(
    userName: string,
    method: SignInMethod,
    clientAddress: string | null,
    reason: string,
  ): void {
    const payload = { userName, method, clientAddress, reason };
    this.logger.warn(payload, 'sign-in refused');
    this.events.publish('auth.failed.v1', payload).catch((error: unknown) => {
      this.logger.error({ err: error, ...payload }, 'could not publish auth.failed.v1');
    });
  }
}
