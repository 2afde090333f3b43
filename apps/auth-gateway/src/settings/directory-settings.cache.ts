import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type DirectorySettings, SettingsChangedEvent } from '@dirsync/contracts';
import { EventSubscriber } from '@dirsync/messaging';
import { AppError } from '@dirsync/service-kit';
import { connectionKey, LdapPools } from '../directory/ldap-pools';
import { DirectorySettingsClient } from '../lookups/directory-settings.client';

/**
 * The directory settings, asked of config-api once and kept until config-api
 * announces a save (`settings.changed.v1`, published after the save
 * committed), instead of one request per sign-in. Kept only while this
 * instance's subscription to that event is live: when the broker connection
 * is lost nothing is cached (every sign-in asks), and once it is back the
 * settings are read again, since announcements made meanwhile are gone.
 * New connection settings also close the LDAP connection pools.
 */
@Injectable()
export class DirectorySettingsCache implements OnApplicationBootstrap {
  private readonly logger = new Logger(DirectorySettingsCache.name);
  private cached?: Promise<DirectorySettings | null>;
  /** Grows with every invalidation, so an answer asked for before one is not kept after it. */
  private generation = 0;
  private live = false;
  private lastConnectionKey?: string;
  private announcements = 0;

  constructor(
    private readonly client: DirectorySettingsClient,
    private readonly events: EventSubscriber,
    private readonly pools: LdapPools,
  ) {}

  onApplicationBootstrap(): void {
    this.events.subscribe(
      'settings-changed',
      [SettingsChangedEvent.routingKey],
      (routingKey) => {
        if (routingKey === SettingsChangedEvent.routingKey) {
          this.announcements += 1;
          this.invalidate();
          this.warm();
        }
        return Promise.resolve();
      },
      {
        perInstance: true,
        onSubscribed: () => {
          this.live = true;
          this.invalidate();
          this.warm();
        },
        onLost: () => {
          this.live = false;
          this.invalidate();
        },
      },
    );
  }

  /** The settings for a sign-in; `directory-not-configured` when none are saved. */
  async current(): Promise<DirectorySettings> {
    return requireSettings(await this.read());
  }

  /** Asked of config-api now, bypassing the cache (the admin's Test authentication, right after a save). */
  async fresh(): Promise<DirectorySettings> {
    return requireSettings(await this.fetch(this.generation));
  }

  /** True while announcements of saves reach this instance (the cache is in use). */
  get subscribed(): boolean {
    return this.live;
  }

  /** `settings.changed.v1` events handled so far. */
  get announcementsHandled(): number {
    return this.announcements;
  }

  private read(): Promise<DirectorySettings | null> {
    if (this.cached) return this.cached;
    const fetching = this.fetch(this.generation);
    if (this.live) {
      this.cached = fetching;
      fetching.catch(() => {
        if (this.cached === fetching) this.cached = undefined;
      });
    }
    return fetching;
  }

  private async fetch(generation: number): Promise<DirectorySettings | null> {
    const settings = await this.client.fetch();
    if (generation === this.generation) this.noteConnection(settings);
    return settings;
  }

  private invalidate(): void {
    this.generation += 1;
    this.cached = undefined;
  }

  /** Reads the settings ahead of the next sign-in (config-api may not be up yet: that sign-in asks again). */
  private warm(): void {
    this.read().catch((error: unknown) =>
      this.logger.debug({ err: error }, 'directory settings not read yet'),
    );
  }

  private noteConnection(settings: DirectorySettings | null): void {
    const key = settings ? connectionKey(settings.connection) : undefined;
    if (this.lastConnectionKey !== undefined && key !== this.lastConnectionKey) {
      void this.pools.drop();
    }
    this.lastConnectionKey = key;
  }
}

function requireSettings(settings: DirectorySettings | null): DirectorySettings {
  if (!settings) {
    throw new AppError('directory-not-configured', 'no directory settings have been saved yet');
  }
  return settings;
}
