import { IsOptional, IsString } from 'class-validator';
import { IsTransportKeyList } from '@dirsync/messaging';
import { BaseServiceEnv } from '@dirsync/service-kit';

export class DirectoryReaderEnv extends BaseServiceEnv {
  override HTTP_PORT: number = 3002;

  /**
   * Keys that seal the secrets crossing the broker (the service account's
   * password, the AD FS client secret, a tested password): `id:base64(32 bytes)`,
   * comma-separated, the same on config-api, auth-gateway and directory-reader.
   * The first (or TRANSPORT_SEALING_ACTIVE_KEY) seals; all of them open.
   */
  @IsTransportKeyList()
  TRANSPORT_SEALING_KEYS!: string;

  @IsOptional()
  @IsString()
  TRANSPORT_SEALING_ACTIVE_KEY?: string;
}
