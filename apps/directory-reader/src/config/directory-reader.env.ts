import { BaseServiceEnv } from '@dirsync/service-kit';

export class DirectoryReaderEnv extends BaseServiceEnv {
  override HTTP_PORT: number = 3002;
}
