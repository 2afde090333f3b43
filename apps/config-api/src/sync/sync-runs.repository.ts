import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, type Repository } from 'typeorm';
import type { SyncMode, SyncRunReport } from '@dirsync/contracts';
import { AppError } from '@dirsync/service-kit';
import { SyncRunEntity } from './sync-run.entity';

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class SyncRunsRepository {
  constructor(@InjectRepository(SyncRunEntity) private readonly runs: Repository<SyncRunEntity>) {}

  /** Records a run as running; refuses a second running `sync` (the database decides, for every instance). */
  async start(run: {
    id: string;
    mode: SyncMode;
    requestedBy: string;
    settingsVersion: number;
  }): Promise<void> {
    try {
      await this.runs.insert({ ...run, state: 'running', startedAt: new Date() });
    } catch (error) {
      if ((error as { driverError?: { code?: string } }).driverError?.code === UNIQUE_VIOLATION) {
        const running = await this.runs.findOne({ where: { state: 'running', mode: 'sync' } });
        throw new AppError(
          'sync-already-running',
          `a synchronization is already running (run ${running?.id ?? '?'})`,
          {
            details: { runId: running?.id ?? null },
          },
        );
      }
      throw error;
    }
  }

  async finish(
    id: string,
    report: SyncRunReport | null,
    error: { code: string; message: string } | null,
  ) {
    await this.runs.update(
      { id },
      {
        state: report?.state ?? 'failed',
        finishedAt: new Date(),
        counts: report?.plan?.counts ?? null,
        error: report?.error ?? error,
        report,
      },
    );
  }

  /** Only while the run is still running: a late progress event must not overwrite the outcome. */
  async recordProgress(id: string, progress: Record<string, unknown>) {
    await this.runs.update({ id, state: 'running' }, { progress: progress as never });
  }

  /** Runs left `running` by a process that died are marked failed, so they stop blocking. */
  async failAbandoned(olderThan: Date): Promise<void> {
    await this.runs.update(
      { state: 'running', startedAt: LessThan(olderThan) },
      {
        state: 'failed',
        finishedAt: new Date(),
        error: { code: 'interrupted', message: 'the run was interrupted' },
      },
    );
  }

  list(limit: number) {
    return this.runs.find({
      select: {
        id: true,
        mode: true,
        state: true,
        requestedBy: true,
        settingsVersion: true,
        startedAt: true,
        finishedAt: true,
        progress: true,
        counts: true,
        error: true,
      },
      order: { startedAt: 'DESC' },
      take: limit,
    });
  }

  findOne(id: string) {
    return this.runs.findOne({ where: { id } });
  }

  latest() {
    return this.runs.findOne({ where: {}, order: { startedAt: 'DESC' } });
  }

  async lastStartedBy(actor: string): Promise<Date | null> {
    const run = await this.runs.findOne({
      where: { requestedBy: actor },
      order: { startedAt: 'DESC' },
    });
    return run?.startedAt ?? null;
  }
}
