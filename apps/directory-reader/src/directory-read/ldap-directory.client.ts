import { Injectable, Logger } from '@nestjs/common';
import type { LdapConnectionSettings } from '@dirsync/contracts';
import { openBoundLdapClient, type LdapConnection } from '@dirsync/ldap';

/** The one door to the directory server: a connection bound with the settings' administrative account. */
@Injectable()
export class LdapDirectoryClient {
  private readonly logger = new Logger(LdapDirectoryClient.name);

  /** Close the connection in a `finally`. */
  open(settings: LdapConnectionSettings): Promise<LdapConnection> {
    return openBoundLdapClient(settings, { logger: this.logger });
  }
}
