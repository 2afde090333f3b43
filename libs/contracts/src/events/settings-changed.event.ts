import { IsArray, IsInt, IsString, Min } from 'class-validator';
import { EventBase } from './event-base';

/**
 * config-api saved new directory settings (published after the save
 * committed). Carries no settings and no secrets: whoever caches them
 * (auth-gateway) asks `settings.directory.get.v1` again.
 */
export class SettingsChangedEvent extends EventBase {
  static readonly routingKey = 'settings.changed.v1' as const;

  /** The saved version (settings versions only grow). */
  @IsInt()
  @Min(1)
  version!: number;

  /** What changed, as in the settings history (`connection.host`, `connection.bindPassword`, …). */
  @IsArray()
  @IsString({ each: true })
  changedFields!: string[];
}
