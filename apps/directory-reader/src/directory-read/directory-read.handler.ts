import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { from, type Observable } from 'rxjs';
import { type DirectoryReadPage, ReadDirectoryCommand } from '@dirsync/contracts';
import { RpcHandler } from '@dirsync/messaging';
import { DirectoryReadService } from './directory-read.service';

@Controller()
export class DirectoryReadHandler {
  constructor(private readonly reader: DirectoryReadService) {}

  /** Each page is its own reply message; unsubscribing stops the read and closes the connection. */
  @RpcHandler(ReadDirectoryCommand.routingKey)
  read(@Payload() command: ReadDirectoryCommand): Observable<DirectoryReadPage> {
    return from(this.reader.read(command));
  }
}
