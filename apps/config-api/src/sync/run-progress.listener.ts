import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { SyncRunProgressEvent } from '@dirsync/contracts';
import { EventSubscriber } from '@dirsync/messaging';
import { SyncRunsRepository } from './sync-runs.repository';

/** Keeps each running run's progress up to date from the planner's progress events. */
@Injectable()
export class RunProgressListener implements OnApplicationBootstrap {
  constructor(
    private readonly events: EventSubscriber,
    private readonly runs: SyncRunsRepository,
  ) {}

  onApplicationBootstrap() {
    this.events.subscribe(
      'run-progress',
      [SyncRunProgressEvent.routingKey],
      async (routingKey, event) => {
        if (routingKey !== SyncRunProgressEvent.routingKey || !event.runId) return;
        const { phase, usersRead, changesPlanned, changesApplied, occurredAt } =
          event as SyncRunProgressEvent;
        await this.runs.recordProgress(event.runId, {
          phase,
          usersRead,
          changesPlanned,
          changesApplied,
          at: occurredAt,
        });
      },
    );
  }
}
