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
  users: DirectoryUser[];
  summary: DirectoryReadSummary;
}

/**
 * Collects directory-reader's pages into one read. A stream that ends
 * without its summary page, or with a gap in the page sequence, was cut
 * short: it is an error, never a smaller directory.
 */
@Injectable()
export class DirectoryReaderClient {
  constructor(private readonly rpc: RpcClient) {}

  async readAll(
    runId: string,
    settingsVersion: number,
    onUsersRead: (count: number) => void = () => undefined,
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
            for (const user of page.users) acc.users.push(user);
            onUsersRead(acc.users.length);
            return {
              users: acc.users,
              summary: page.summary ?? acc.summary,
              expected: acc.expected + 1,
            };
          },
          {
            users: [] as DirectoryUser[],
            summary: undefined as DirectoryReadSummary | undefined,
            expected: 0,
          },
        ),
      ),
      { defaultValue: undefined },
    );
    if (!collected?.summary) {
      throw new AppError('incomplete-read', `directory read ${runId} ended without its summary`);
    }
    return { users: collected.users, summary: collected.summary };
  }
}
