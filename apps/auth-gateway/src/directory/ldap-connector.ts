import { Injectable, Logger } from '@nestjs/common';
import type { LdapConnectionSettings } from '@dirsync/contracts';
import { type LdapConnection, openLdapClient } from '@dirsync/ldap';

/**
 * Opens connections to the directory (TLS and certificate checks by
 * @dirsync/ldap). Its own class so that tests can see whether, and how often,
 * the directory was contacted.
 */
@Injectable()
export class LdapConnector {
  private readonly logger = new Logger(LdapConnector.name);
  /** Warnings (certificate checks off) once per distinct text, not once per sign-in. */
  private readonly warned = new Set<string>();

  open(settings: LdapConnectionSettings): Promise<LdapConnection> {
    return openLdapClient(settings, { logger: { warn: (message) => this.warnOnce(message) } });
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    if (this.warned.size > 100) this.warned.clear();
    this.warned.add(message);
    this.logger.warn(message);
  }
}
