import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import type { AdminPrincipal } from '../admin-auth/admin-principal';
import { Principal } from '../admin-auth/route-access.decorators';
import { SyncService } from './sync.service';

export class SynchronizeNowDto {
  /** Let this run delete more users than the deletion threshold allows. */
  @IsOptional()
  @IsBoolean()
  allowMassDelete?: boolean;
}

/** The seed's two buttons: "Test Settings" (a dry run) and "Synchronize now". */
@ApiTags('synchronization')
@Controller('directory')
export class SyncController {
  constructor(private readonly sync: SyncService) {}

  @ApiOperation({
    summary: 'Test Settings: read the directory and return the plan; nothing is written',
  })
  @Post('test')
  @HttpCode(200)
  testSettings(@Principal() principal: AdminPrincipal) {
    return this.sync.run('test', principal.actor, false);
  }

  @ApiOperation({ summary: 'Synchronize now: plan and apply; a failed run changes nothing' })
  @Post('sync')
  @HttpCode(200)
  synchronizeNow(@Body() body: SynchronizeNowDto, @Principal() principal: AdminPrincipal) {
    return this.sync.run('sync', principal.actor, body.allowMassDelete ?? false);
  }
}
