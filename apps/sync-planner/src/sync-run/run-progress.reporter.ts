import { Injectable, Logger } from '@nestjs/common';
import {
  type RunPhase,
  type RunProgress,
  type SyncRunRecord,
  SyncRunProgressEvent,
} from '@dirsync/contracts';
import { EventPublisher } from '@dirsync/messaging';

const MIN_INTERVAL_MS = 1_000;

/**
 * Publishes a run's progress at most once a second (phase changes always),
 * so an admin watching a 100,000-user run sees it move. Best effort: a
 * broker hiccup never fails the run.
 */
@Injectable()
export class RunProgressReporter {
  private readonly logger = new Logger(RunProgressReporter.name);

  constructor(private readonly events: EventPublisher) {}

  forRun(run: Pick<SyncRunRecord, 'id' | 'mode'>): (progress: RunProgress) => void {
    let lastSent = 0;
    let lastPhase: RunPhase | undefined;
    return (progress) => {
      const now = Date.now();
      if (progress.phase === lastPhase && now - lastSent < MIN_INTERVAL_MS) return;
      lastSent = now;
      lastPhase = progress.phase;
      this.events
        .publish(SyncRunProgressEvent.routingKey, {
          runId: run.id,
          mode: run.mode,
          ...progress,
        })
        .catch((error: unknown) =>
          this.logger.debug({ err: error }, 'progress event not published'),
        );
    };
  }
}
