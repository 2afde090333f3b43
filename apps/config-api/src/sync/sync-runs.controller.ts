import { ApiTags } from '@nestjs/swagger';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { AppError, uuidParam } from '@dirsync/service-kit';
import type { AdminPrincipal } from '../admin-auth/admin-principal';
import { Principal } from '../admin-auth/route-access.decorators';
import { ListRunsParams } from './list-runs.params';
import { SynchronizeNowDto } from './sync.controller';
import { SyncService } from './sync.service';
import { SyncRunsRepository } from './sync-runs.repository';

@ApiTags('synchronization')
@Controller('directory/runs')
export class SyncRunsController {
  constructor(
    private readonly runs: SyncRunsRepository,
    private readonly sync: SyncService,
  ) {}

  /** Newest first, without the per-user changes. */
  @Get()
  list(@Query() params: ListRunsParams) {
    return this.runs.list(params.limit ?? 50);
  }

  /** One run with its whole report (every planned change). */
  @Get(':id')
  async get(@Param('id', uuidParam('id')) id: string) {
    const run = await this.runs.findOne(id);
    if (!run) throw new AppError('not-found', `no run ${id}`);
    return run;
  }

  /** Apply the plan of a Test Settings run, if planning again gives exactly the same plan (else 409 stale-plan). */
  @Post(':id/apply')
  @HttpCode(200)
  apply(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: SynchronizeNowDto,
    @Principal() principal: AdminPrincipal,
  ) {
    return this.sync.applyStoredPlan(id, principal.actor, body.allowMassDelete ?? false);
  }
}
