import { Logger } from '@nestjs/common';
import type { RunProgress } from '@dirsync/contracts';
import type { HeldRun, RunLedgerClient } from './run-ledger.client';

/**
 * Renews a run's lease three times per lease period, carrying the run's
 * latest progress. When the ledger refuses a renewal (the lease expired and
 * the run was failed, or it ended) the run is aborted: nothing it does after
 * that could be applied anyway. A renewal that merely fails (broker or
 * database away) is retried at the next beat; the lease decides.
 */
export class LeaseKeeper {
  private readonly logger = new Logger(LeaseKeeper.name);
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private progress?: RunProgress;
  private beating = false;
  private stopped = false;
  /** A beat was asked for while one was under way (a new phase): send it right after. */
  private again = false;
  /** The progress the beat under way carries. */
  private sending?: RunProgress;
  /** Waiting for the beats under way and asked for to end (`flush`). */
  private flushed: (() => void)[] = [];

  constructor(
    private readonly ledger: RunLedgerClient,
    private readonly run: HeldRun,
    leaseMs: number,
  ) {
    this.timer = setInterval(() => this.beat(), Math.max(100, Math.floor(leaseMs / 3)));
  }

  /** Aborted when the lease is lost; the run checks it between steps. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The run's progress, carried by the next beat; a new phase is sent at once. */
  report(progress: RunProgress): void {
    const newPhase = progress.phase !== this.progress?.phase;
    this.progress = progress;
    if (newPhase) this.beat();
  }

  /**
   * Resolves once a beat carrying the latest progress has ended, whether the
   * ledger took it or not (the lease decides, as ever). Before a step that
   * holds the run's row for long (the apply), so that the run's recorded
   * progress is that step's while it lasts: no beat can record anything then.
   */
  async flush(): Promise<void> {
    if (!this.beating) this.beat();
    else if (this.sending !== this.progress) this.again = true;
    if (!this.beating) return; // stopped or aborted: nothing is sent any more
    await new Promise<void>((resolve) => this.flushed.push(resolve));
  }

  /** Ends the run from inside (shutdown): the lease is given up to the reaper. */
  abort(reason: Error): void {
    this.controller.abort(reason);
  }

  stop(): void {
    clearInterval(this.timer);
    this.stopped = true;
  }

  private beat(): void {
    if (this.beating) {
      this.again = true;
      return;
    }
    if (this.signal.aborted || this.stopped) return;
    this.beating = true;
    this.sending = this.progress;
    this.ledger
      .heartbeat(this.run, this.progress)
      .catch((error: unknown) => {
        if ((error as { code?: unknown }).code === 'run-lease-lost') {
          this.logger.warn({ runId: this.run.runId }, 'run lease lost: the run stops');
          this.stop();
          this.controller.abort(error);
        } else {
          this.logger.warn({ runId: this.run.runId, err: error }, 'lease renewal failed; retrying');
        }
      })
      .finally(() => {
        this.beating = false;
        if (this.again) {
          this.again = false;
          this.beat();
        }
        if (!this.beating) for (const resolve of this.flushed.splice(0)) resolve();
      });
  }
}
