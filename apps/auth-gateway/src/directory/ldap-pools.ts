import { createHash } from 'node:crypto';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { LdapConnectionSettings } from '@dirsync/contracts';
import { AuthGatewayEnv } from '../config/auth-gateway.env';
import { LdapConnectionPool } from './ldap-connection-pool';
import { LdapConnector } from './ldap-connector';

/** The two pools of one set of connection settings. */
export interface DirectoryPools {
  /** Connections re-bound as each signing-in user (a failed bind's connection is discarded). */
  readonly userBinds: LdapConnectionPool;
  /** Connections bound once as the service account, for the search that finds a moved user. */
  readonly serviceAccount: LdapConnectionPool;
}

/**
 * The connection pools of the current connection settings. Settings that
 * differ in anything (host, TLS, CA, timeouts, service account, its
 * password) get new pools and close the old ones, so a connection is never
 * used with settings other than those it was opened and bound with.
 * `drop()` when the settings changed; closed on shutdown.
 */
@Injectable()
export class LdapPools implements OnApplicationShutdown {
  private current?: { key: string; pools: DirectoryPools };
  private readonly maxSize: number;
  /**
   * The key of each settings object seen: the settings cache hands out the
   * same object until the settings change, so the hash is made once, not
   * once per sign-in. Settings objects are never changed once read.
   */
  private readonly keys = new WeakMap<LdapConnectionSettings, string>();

  constructor(
    private readonly connector: LdapConnector,
    env: AuthGatewayEnv,
  ) {
    this.maxSize = env.LDAP_POOL_SIZE;
  }

  forSettings(settings: LdapConnectionSettings): DirectoryPools {
    let key = this.keys.get(settings);
    if (key === undefined) {
      key = connectionKey(settings);
      this.keys.set(settings, key);
    }
    if (this.current?.key === key) return this.current.pools;
    void this.drop();
    const open = () => this.connector.open(settings);
    const pools = {
      userBinds: new LdapConnectionPool(open, this.maxSize),
      serviceAccount: new LdapConnectionPool(open, this.maxSize),
    };
    this.current = { key, pools };
    return pools;
  }

  /** Closes every connection (leased ones when they come back); the next sign-in opens new ones. */
  async drop(): Promise<void> {
    const dropped = this.current?.pools;
    this.current = undefined;
    if (dropped) await Promise.all([dropped.userBinds.close(), dropped.serviceAccount.close()]);
  }

  onApplicationShutdown(): Promise<void> {
    return this.drop();
  }
}

/** Every connection setting, the service account's password included (hashed, not kept in clear twice). */
export function connectionKey(settings: LdapConnectionSettings): string {
  const entries = Object.entries(settings)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256').update(JSON.stringify(entries)).digest('hex');
}
