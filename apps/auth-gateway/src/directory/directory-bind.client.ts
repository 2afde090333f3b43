import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { DirectorySettings, StoredUser } from '@dirsync/contracts';
import { type LdapConnection, type LdapEntry, LdapError, normalizeDnOrNull } from '@dirsync/ldap';
import { AppError } from '@dirsync/service-kit';
import type { DirectoryFailure, DirectoryVerdict } from '../verification/verification';
import { BINARY_IDENTITY_ATTRIBUTES, IDENTITY_ATTRIBUTES, isSameIdentity } from './entry-identity';
import { LdapConnector } from './ldap-connector';
import { userSearchFilter } from './user-search-filter';

/**
 * Verifies a password by binding to the directory as the user, on one
 * connection: first with the DN the sync stored (one round trip when the
 * password is right). A refused bind may also mean the entry moved (slapd
 * and Active Directory both answer "invalid credentials" for a DN that no
 * longer exists), so the service account then looks the user up by name
 * (escaped filter, within the user filter) and, if the entry now has
 * another DN, the bind is tried there. Every error ends in a refusal.
 */
@Injectable()
export class DirectoryBindClient {
  private readonly logger = new Logger(DirectoryBindClient.name);

  constructor(private readonly connector: LdapConnector) {}

  async verifyPassword(
    settings: DirectorySettings,
    user: StoredUser,
    password: string,
  ): Promise<DirectoryVerdict> {
    let connection: LdapConnection | undefined;
    try {
      connection = await this.connector.open(settings.connection);
      if (user.dn && (await bindsAs(connection, user.dn, password)))
        return { outcome: 'success', dn: user.dn };

      const currentDn = await this.findCurrentDn(connection, settings, user);
      if (!currentDn) {
        return {
          outcome: 'user-not-found',
          message: `"${user.userName}" is no longer in the directory (within the user filter)`,
        };
      }
      if (user.dn && sameDn(currentDn, user.dn)) return invalidCredentials(currentDn);
      if (await bindsAs(connection, currentDn, password))
        return { outcome: 'success', dn: currentDn };
      return invalidCredentials(currentDn);
    } catch (error) {
      return this.verdictFor(error);
    } finally {
      await connection?.close();
    }
  }

  /**
   * One connection and one bind that cannot succeed (random DN and password),
   * for refusals decided without the directory: they then cost about what a
   * wrong password costs, and fail like it when the directory is down.
   * Null when the directory answered.
   */
  async probe(settings: DirectorySettings): Promise<DirectoryFailure | null> {
    let connection: LdapConnection | undefined;
    try {
      connection = await this.connector.open(settings.connection);
      await bindsAs(
        connection,
        `cn=dirsync-probe-${randomBytes(8).toString('hex')}`,
        randomBytes(16).toString('hex'),
      );
      return null;
    } catch (error) {
      const verdict = this.verdictFor(error);
      return verdict.outcome === 'directory-unreachable' || verdict.outcome === 'tls-error'
        ? verdict
        : null;
    } finally {
      await connection?.close();
    }
  }

  /** The user's DN as the directory has it now, found by the service account; null if gone or another person. */
  private async findCurrentDn(
    connection: LdapConnection,
    settings: DirectorySettings,
    user: StoredUser,
  ): Promise<string | null> {
    const { bindDn, bindPassword, baseDn } = settings.connection;
    if (!bindPassword) {
      throw new AppError(
        'service-account-refused',
        `no password is configured for the service account "${bindDn}"`,
        {
          status: 502,
        },
      );
    }
    try {
      await connection.bind(bindDn, bindPassword);
    } catch (error) {
      if (error instanceof LdapError && error.code === 'ldap-invalid-credentials') {
        throw new AppError(
          'service-account-refused',
          `the directory refused the service account "${bindDn}"`,
          {
            status: 502,
            cause: error,
          },
        );
      }
      throw error;
    }
    const filter = userSearchFilter(settings.users, user.userName);
    const searchBase = baseDn?.trim() || (await connection.detectBaseDn());
    // Two are enough to tell "exactly one" from "ambiguous".
    let entries: LdapEntry[] = [];
    for await (const page of connection.searchPages({
      baseDn: searchBase,
      filter,
      attributes: [settings.users.userNameAttribute, ...IDENTITY_ATTRIBUTES],
      binaryAttributes: BINARY_IDENTITY_ATTRIBUTES,
      pageSize: 2,
    })) {
      entries = page;
      break;
    }
    const [entry, ...others] = entries;
    if (!entry) return null;
    if (others.length > 0) {
      throw new AppError(
        'ambiguous-user',
        `more than one directory entry matches ${filter}; refusing to guess`,
        {
          status: 502,
        },
      );
    }
    if (!isSameIdentity(entry, user.externalId)) {
      this.logger.warn(
        { userId: user.id, dn: entry.dn },
        'the entry now holding this user name is another person',
      );
      return null;
    }
    return entry.dn;
  }

  private verdictFor(error: unknown): DirectoryFailure {
    if (error instanceof LdapError && error.code === 'ldap-unreachable') {
      return { outcome: 'directory-unreachable', message: error.message };
    }
    if (error instanceof LdapError && error.code === 'ldap-tls-error')
      return { outcome: 'tls-error', message: error.message };
    if (error instanceof AppError) return { outcome: 'directory-error', message: error.message };
    this.logger.error({ err: error }, 'unexpected error while verifying a password');
    return {
      outcome: 'directory-error',
      message: 'unexpected error while talking to the directory (see the auth-gateway log)',
    };
  }
}

/** True when the directory accepts the password for this DN; false when it refuses it; throws on anything else. */
async function bindsAs(connection: LdapConnection, dn: string, password: string): Promise<boolean> {
  try {
    await connection.bind(dn, password);
    return true;
  } catch (error) {
    if (
      error instanceof LdapError &&
      (error.code === 'ldap-invalid-credentials' || error.code === 'ldap-no-such-object')
    ) {
      return false;
    }
    throw error;
  }
}

function sameDn(a: string, b: string): boolean {
  const normalizedA = normalizeDnOrNull(a);
  return normalizedA !== null
    ? normalizedA === normalizeDnOrNull(b)
    : a.toLowerCase() === b.toLowerCase();
}

function invalidCredentials(dn: string): DirectoryVerdict {
  return {
    outcome: 'invalid-credentials',
    message: `the directory refused the password for ${dn}`,
  };
}
