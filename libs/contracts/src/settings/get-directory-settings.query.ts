import { Type } from 'class-transformer';
import { IsInt, IsOptional, ValidateNested } from 'class-validator';
import { DirectorySettings } from './directory-settings';

/** auth-gateway → config-api: the current directory settings (with secrets, for binding). */
export class GetDirectorySettingsQuery {
  static readonly routingKey = 'settings.directory.get.v1' as const;
}

export class DirectorySettingsResult {
  /** Null until an admin has saved settings. */
  @IsOptional()
  @ValidateNested()
  @Type(() => DirectorySettings)
  settings!: DirectorySettings | null;

  @IsInt()
  version!: number;
}
