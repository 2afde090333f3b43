import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, ValidateNested } from 'class-validator';
import { SealedDirectorySettings } from './sealed-directory-settings';

/** Who asks for the settings, so that the reply carries only the secrets that service uses. */
export const SETTINGS_AUDIENCES = ['auth-gateway', 'directory-reader'] as const;
export type SettingsAudience = (typeof SETTINGS_AUDIENCES)[number];

/**
 * auth-gateway / directory-reader → config-api: the current directory
 * settings, with the secrets the asker needs sealed for this reply
 * (directory-reader gets no AD FS client secret).
 */
export class GetDirectorySettingsQuery {
  static readonly routingKey = 'settings.directory.get.v1' as const;

  @IsIn(SETTINGS_AUDIENCES)
  audience!: SettingsAudience;
}

export class DirectorySettingsResult {
  /** Null until an admin has saved settings. */
  @IsOptional()
  @ValidateNested()
  @Type(() => SealedDirectorySettings)
  settings!: SealedDirectorySettings | null;

  @IsInt()
  version!: number;
}
