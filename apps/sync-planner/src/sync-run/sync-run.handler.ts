import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { StartSyncRunCommand, type SyncRunAccepted } from '@dirsync/contracts';
import { RpcHandler } from '@dirsync/messaging';
import { SyncRunService } from './sync-run.service';

@Controller()
export class SyncRunHandler {
  constructor(private readonly syncRuns: SyncRunService) {}

  @RpcHandler(StartSyncRunCommand.routingKey)
  start(@Payload() command: StartSyncRunCommand): Promise<SyncRunAccepted> {
    return this.syncRuns.start(command);
  }
}
