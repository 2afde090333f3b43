import { Injectable, Logger } from '@nestjs/common';
import { type RunPhase, type StartSyncRunCommand, SyncRunProgressEvent } from '@dirsync/contracts';
import { EventPublisher } from '@dirsync/messaging';

const MIN_INTERVAL_MS = 1_000;

export interface RunProgress {
  phase: RunPhase;
  usersRead: number;
  changesPlanned?: number;
  changesApplied?: number;
}

/**
 * Publishes a run's progress at most once a second (phase changes always),
 * so an admin watching a 100,000-user run sees it move. Best effort: a
 * broker hiccup never fails the run.
 */
@Injectable()
export class RunProgressReporter {
  private readonly logger = new Logger(RunProgressReporter.name);

  constructor(private readonly events: EventPublisher) {}

  forRun(command: StartSyncRunCommand): (progress: RunProgress) => void {
    let lastSent = 0;
    let lastPhase: RunPhase | undefined;
    return (progress) => {
      const now = Date.now();
      if (progress.phase === lastPhase && now - lastSent < MIN_INTERVAL_MS) return;
      lastSent = now;
      lastPhase = progress.phase;
      this.events
        .publish(SyncRunProgressEvent.routingKey, {
          runId: command.runId,
          mode: command.mode,
          ...progress,
        })
        .catch((error: unknown) =>
          this.logger.debug({ err: error }, 'progress event not published'),
        );
    };
  }
}
