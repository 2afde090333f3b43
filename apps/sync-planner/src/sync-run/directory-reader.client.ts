import { Injectable } from '@nestjs/common';
import { lastValueFrom, reduce } from 'rxjs';
import {
  type DirectoryReadSummary,
  type DirectoryUser,
  ReadDirectoryCommand,
} from '@dirsync/contracts';
import { RpcClient } from '@dirsync/messaging';
import { AppError } from '@dirsync/service-kit';

export interface DirectoryRead {
  summary: DirectoryReadSummary;
  usersRead: number;
}

/**
 * Hands directory-reader's pages on as they arrive, in order, and answers
 * with the read's summary. A stream that ends without its summary page, or
 * with a gap in the page sequence, was cut short: it is an error, never a
 * smaller directory (whatever was handed on before is then thrown away by
 * the caller, with the run).
 */
@Injectable()
export class DirectoryReaderClient {
  constructor(private readonly rpc: RpcClient) {}

  async read(
    runId: string,
    settingsVersion: number,
    onUsers: (users: readonly DirectoryUser[], usersRead: number) => void,
  ): Promise<DirectoryRead> {
    const collected = await lastValueFrom(
      this.rpc.stream(ReadDirectoryCommand.routingKey, { runId, settingsVersion }).pipe(
        reduce(
          (acc, page) => {
            if (page.sequence !== acc.expected || acc.summary) {
              throw new AppError(
                'incomplete-read',
                `directory read ${runId}: page ${page.sequence} out of order`,
              );
            }
            const usersRead = acc.usersRead + page.users.length;
            onUsers(page.users, usersRead);
            return { usersRead, summary: page.summary ?? acc.summary, expected: acc.expected + 1 };
          },
          { usersRead: 0, summary: undefined as DirectoryReadSummary | undefined, expected: 0 },
        ),
      ),
      { defaultValue: undefined },
    );
    if (!collected?.summary) {
      throw new AppError('incomplete-read', `directory read ${runId} ended without its summary`);
    }
    return { summary: collected.summary, usersRead: collected.usersRead };
  }
}
