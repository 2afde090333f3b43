import { Injectable, Logger } from '@nestjs/common';
import {
  type PlanCounts,
  type RunError,
  type StartSyncRunCommand,
  SyncRunCompletedEvent,
  SyncRunFailedEvent,
} from '@dirsync/contracts';
import { EventPublisher } from '@dirsync/messaging';

/**
 * Tells subscribers how each run ended. A run's outcome does not depend on
 * this: if the broker is down the run still answers its caller (and the
 * failure is logged), while user changes have their own outbox in user-store.
 */
@Injectable()
export class RunEventsPublisher {
  private readonly logger = new Logger(RunEventsPublisher.name);

  constructor(private readonly events: EventPublisher) {}

  async completed(command: StartSyncRunCommand, counts: PlanCounts) {
    await this.publish(() =>
      this.events.publish(SyncRunCompletedEvent.routingKey, {
        runId: command.runId,
        mode: command.mode,
        counts,
      }),
    );
  }

  async failed(command: StartSyncRunCommand, error: RunError) {
    await this.publish(() =>
      this.events.publish(SyncRunFailedEvent.routingKey, {
        runId: command.runId,
        mode: command.mode,
        error,
        requestedBy: command.requestedBy,
      }),
    );
  }

  private async publish(send: () => Promise<unknown>) {
    try {
      await send();
    } catch (error) {
      this.logger.error({ err: error }, 'could not publish the run outcome event');
    }
  }
}
