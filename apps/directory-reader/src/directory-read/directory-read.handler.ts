import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { defer, mergeMap, type Observable } from 'rxjs';
import { type DirectoryReadPage, ReadDirectoryCommand } from '@dirsync/contracts';
import { paced, RpcHandler } from '@dirsync/messaging';
import { DirectoryReadService } from './directory-read.service';
import { RunSettingsClient } from './run-settings.client';

@Controller()
export class DirectoryReadHandler {
  constructor(
    private readonly reader: DirectoryReadService,
    private readonly settings: RunSettingsClient,
  ) {}

  /** Each page is its own reply message; unsubscribing stops the read and closes the connection. */
  @RpcHandler(ReadDirectoryCommand.routingKey)
  read(@Payload() command: ReadDirectoryCommand): Observable<DirectoryReadPage> {
    return defer(() => this.settings.forVersion(command.settingsVersion)).pipe(
      // Paced: the next LDAP page is asked for once the broker took the earlier ones.
      mergeMap((settings) => paced(this.reader.read({ runId: command.runId, settings }))),
    );
  }
}
