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

  open(settings: LdapConnectionSettings): Promise<LdapConnection> {
    return openLdapClient(settings, { logger: { warn: (message) => this.logger.warn(message) } });
  }
}
