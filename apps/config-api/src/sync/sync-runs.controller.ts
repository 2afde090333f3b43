import { ApiTags } from '@nestjs/swagger';
import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { AppError } from '@dirsync/service-kit';
import { SyncRunsRepository } from './sync-runs.repository';

@ApiTags('synchronization')
@Controller('directory/runs')
export class SyncRunsController {
  constructor(private readonly runs: SyncRunsRepository) {}

  /** Newest first, without the per-user changes. */
  @Get()
  list(@Query('limit') limit?: string) {
    return this.runs.list(Math.min(Math.max(Number(limit) || 50, 1), 500));
  }

  /** One run with its whole report (every planned change). */
  @Get(':id')
  async get(@Param('id', new ParseUUIDPipe()) id: string) {
    const run = await this.runs.findOne(id);
    if (!run) throw new AppError('not-found', `no run ${id}`, { status: 404 });
    return run;
  }
}
