import { Body, Controller, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { IsBoolean, IsOptional } from 'class-validator';
import type { AdminPrincipal } from '../admin-auth/admin-principal';
import { Principal } from '../admin-auth/route-access.decorators';
import { answerForRun, RunWaitParams, WAIT_LIMIT_MS } from './run-answer';
import { type RunRequest, SyncService } from './sync.service';

export class SynchronizeNowDto {
  /** Let this run delete more users than the deletion threshold allows. */
  @IsOptional()
  @IsBoolean()
  allowMassDelete?: boolean;
}

/**
 * The seed's two buttons: "Test Settings" (a dry run) and "Synchronize now".
 * Both answer 202 with the queued run at once (`GET /directory/runs/:id`
 * follows it); `?wait=true` answers when the run ended.
 */
@ApiTags('synchronization')
@Controller('directory')
export class SyncController {
  constructor(private readonly sync: SyncService) {}

  @ApiOperation({
    summary: 'Test Settings: read the directory and make the plan; nothing is written',
  })
  @Post('test')
  @HttpCode(202)
  testSettings(
    @Query() params: RunWaitParams,
    @Principal() principal: AdminPrincipal,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.startRun(
      { mode: 'test', actor: principal.actor, allowMassDelete: false },
      params,
      response,
    );
  }

  @ApiOperation({ summary: 'Synchronize now: plan and apply; a failed run changes nothing' })
  @Post('sync')
  @HttpCode(202)
  synchronizeNow(
    @Body() body: SynchronizeNowDto,
    @Query() params: RunWaitParams,
    @Principal() principal: AdminPrincipal,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.startRun(
      { mode: 'sync', actor: principal.actor, allowMassDelete: body.allowMassDelete ?? false },
      params,
      response,
    );
  }

  private async startRun(request: RunRequest, params: RunWaitParams, response: Response) {
    const run = await this.sync.start(request);
    const answer = params.wait === 'true' ? await this.sync.waitForEnd(run.id, WAIT_LIMIT_MS) : run;
    response.location(`/api/v1/directory/runs/${run.id}`);
    return answerForRun(answer, (status) => response.status(status));
  }
}
