import { ApiTags } from '@nestjs/swagger';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { uuidParam } from '@dirsync/service-kit';
import type { AdminPrincipal } from '../admin-auth/admin-principal';
import { Principal } from '../admin-auth/route-access.decorators';
import { ListRunsParams } from './list-runs.params';
import { RunChangesParams } from './run-changes.params';
import { SynchronizeNowDto } from './sync.controller';
import { SyncService } from './sync.service';
import { answerForRun, RunWaitParams, WAIT_LIMIT_MS } from './run-answer';
import { RunLedgerClient } from './run-ledger.client';

@ApiTags('synchronization')
@Controller('directory/runs')
export class SyncRunsController {
  constructor(
    private readonly runs: RunLedgerClient,
    private readonly sync: SyncService,
  ) {}

  /** Newest first, without the per-user changes. */
  @Get()
  list(@Query() params: ListRunsParams) {
    return this.runs.list(params.limit ?? 50);
  }

  /**
   * One run: its state and live progress, and once planned its plan's
   * summary (counts, warnings, fingerprint); the changes are paged below.
   */
  @Get(':id')
  get(@Param('id', uuidParam('id')) id: string) {
    return this.runs.get(id, true);
  }

  /** A page of the run's planned changes (by action, then user name), filtered by action or user name. */
  @Get(':id/changes')
  changes(@Param('id', uuidParam('id')) id: string, @Query() params: RunChangesParams) {
    return this.runs.changes({
      runId: id,
      offset: params.offset ?? 0,
      limit: params.limit ?? 100,
      ...(params.action ? { action: params.action } : {}),
      ...(params.userName ? { userName: params.userName } : {}),
    });
  }

  /**
   * Apply the plan of a Test Settings run: a new sync run that applies only
   * if planning again gives exactly the same plan (else it fails, stale-plan).
   */
  @Post(':id/apply')
  @HttpCode(202)
  async apply(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: SynchronizeNowDto,
    @Query() params: RunWaitParams,
    @Principal() principal: AdminPrincipal,
    @Res({ passthrough: true }) response: Response,
  ) {
    const run = await this.sync.applyStoredPlan(id, principal.actor, body.allowMassDelete ?? false);
    const answer = params.wait === 'true' ? await this.sync.waitForEnd(run.id, WAIT_LIMIT_MS) : run;
    response.location(`/api/v1/directory/runs/${run.id}`);
    return answerForRun(answer, (status) => response.status(status));
  }
}
