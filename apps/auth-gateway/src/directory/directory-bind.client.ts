import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { DirectorySettings, StoredUser } from '@dirsync/contracts';
import {
  type BindRefusalCode,
  isBindRefusal,
  type LdapConnection,
  type LdapEntry,
  LdapError,
  STABLE_ID_ATTRIBUTES,
  STABLE_ID_BINARY_ATTRIBUTES,
  stableId,
} from '@dirsync/ldap';
import { AppError } from '@dirsync/service-kit';
import type {
  AccountRefusal,
  DirectoryFailure,
  DirectoryVerdict,
} from '../verification/verification';
import { identityMismatch, readStableId, sameDn, storedStableId } from './entry-identity';
import { LdapConnector } from './ldap-connector';
import { userSearchFilter } from './user-search-filter';

/**
 * Verifies a password by binding to the directory as the user, on one
 * connection: first with the DN the sync stored. A bind proves only that
 * *some* entry at that DN has this password: a deleted user's DN may hold
 * another person by now. So every accepted bind is followed by a base read
 * of the entry's stable id (objectGUID / entryUUID) on the same connection,
 * which must be the one the store holds: one connection, one bind, one
 * search when the password is right.
 *
 * A refused bind may also mean the entry moved (slapd and Active Directory
 * both answer "invalid credentials" for a DN that no longer exists), so the
 * service account then looks the user up by name (escaped filter, within the
 * user filter) and, if the entry now has another DN, the bind is tried
 * there. Every error ends in a refusal.
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
      if (user.dn) {
        const refusal = await bindAs(connection, user.dn, password);
        if (!refusal) return await this.confirmIdentity(connection, settings, user, user.dn);
        // Active Directory named a state of the account: the DN is right, searching adds nothing.
        if (accountRefusal(refusal.code)) return refusalVerdict(refusal, user.dn);
      }

      const current = await this.findCurrentEntry(connection, settings, user);
      if (current.kind === 'gone') {
        return {
          outcome: 'user-not-found',
          message: `"${user.userName}" is no longer in the directory (within the user filter)`,
        };
      }
      if (current.kind === 'another-object') {
        return identityMismatch(user, current.dn, current.stableId);
      }
      if (user.dn && sameDn(current.dn, user.dn)) return invalidCredentials(current.dn);
      const refusal = await bindAs(connection, current.dn, password);
      if (!refusal) return await this.confirmIdentity(connection, settings, user, current.dn);
      return refusalVerdict(refusal, current.dn);
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
      await bindAs(
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

  /**
   * After the user's bind to `dn` succeeded: proves that the entry there is
   * the one the store knows (same stable id). Read as the user first; only
   * when the user may not read its own id, as the service account. Without a
   * stored id, or an id the directory shows, nothing is proven: refused.
   */
  private async confirmIdentity(
    connection: LdapConnection,
    settings: DirectorySettings,
    user: StoredUser,
    dn: string,
  ): Promise<DirectoryVerdict> {
    const stored = storedStableId(user);
    if (!stored) {
      return {
        outcome: 'identity-mismatch',
        message: `no stable id (objectGUID / entryUUID) is stored for "${user.userName}", so the entry at ${dn} cannot be proven to be this user; a sync stores it`,
      };
    }
    let found = await readStableId(connection, dn);
    if (found === null) {
      await this.bindServiceAccount(connection, settings);
      found = await readStableId(connection, dn);
    }
    if (found === null) {
      return {
        outcome: 'directory-error',
        message: `the stable id (objectGUID / entryUUID) of ${dn} cannot be read, neither as the user nor as the service account "${settings.connection.bindDn}"; sign-in needs it to prove that the entry is still "${user.userName}"`,
      };
    }
    if (found !== stored) {
      this.logger.warn(
        { userId: user.id, dn, storedStableId: stored, foundStableId: found },
        'identity-mismatch: the entry at the stored DN accepted the password but is another directory object',
      );
      return identityMismatch(user, dn, found);
    }
    return { outcome: 'success', dn };
  }

  /** The entry holding the user's name now, found by the service account, and whether it is still the same object. */
  private async findCurrentEntry(
    connection: LdapConnection,
    settings: DirectorySettings,
    user: StoredUser,
  ): Promise<
    | { kind: 'gone' }
    | { kind: 'same-object'; dn: string }
    | { kind: 'another-object'; dn: string; stableId: string }
  > {
    await this.bindServiceAccount(connection, settings);
    const filter = userSearchFilter(settings.users, user.userName);
    const searchBase = settings.connection.baseDn?.trim() || (await connection.detectBaseDn());
    // Two are enough to tell "exactly one" from "ambiguous".
    let entries: LdapEntry[] = [];
    for await (const page of connection.searchPages({
      baseDn: searchBase,
      filter,
      attributes: [settings.users.userNameAttribute, ...STABLE_ID_ATTRIBUTES],
      binaryAttributes: STABLE_ID_BINARY_ATTRIBUTES,
      pageSize: 2,
    })) {
      entries = page;
      break;
    }
    const [entry, ...others] = entries;
    if (!entry) return { kind: 'gone' };
    if (others.length > 0) {
      throw new AppError(
        'ambiguous-user',
        `more than one directory entry matches ${filter}; refusing to guess`,
      );
    }
    const found = stableId(entry);
    const stored = storedStableId(user);
    // An id the search cannot see is checked after the bind (confirmIdentity).
    if (found !== null && stored !== null && found !== stored) {
      this.logger.warn(
        { userId: user.id, dn: entry.dn, storedStableId: stored, foundStableId: found },
        'the entry now holding this user name is another directory object',
      );
      return { kind: 'another-object', dn: entry.dn, stableId: found };
    }
    return { kind: 'same-object', dn: entry.dn };
  }

  private async bindServiceAccount(
    connection: LdapConnection,
    settings: DirectorySettings,
  ): Promise<void> {
    const { bindDn, bindPassword } = settings.connection;
    if (!bindPassword) {
      throw new AppError(
        'service-account-refused',
        `no password is configured for the service account "${bindDn}"`,
      );
    }
    try {
      await connection.bind(bindDn, bindPassword);
    } catch (error) {
      if (isBindRefusal(error)) {
        throw new AppError(
          'service-account-refused',
          `the directory refused the service account "${bindDn}": ${error.message}`,
          {
            cause: error,
          },
        );
      }
      throw error;
    }
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

type BindRefusal = LdapError & { code: BindRefusalCode | 'ldap-no-such-object' };

/** Null when the directory accepts the password for this DN; the refusal when it refuses it; throws on anything else. */
async function bindAs(
  connection: LdapConnection,
  dn: string,
  password: string,
): Promise<BindRefusal | null> {
  try {
    await connection.bind(dn, password);
    return null;
  } catch (error) {
    if (isBindRefusal(error)) return error;
    if (error instanceof LdapError && error.code === 'ldap-no-such-object') {
      return error as BindRefusal;
    }
    throw error;
  }
}

/** The verify outcome of a refusal that names a state of the account (Active Directory); null for a plain refusal. */
function accountRefusal(code: BindRefusal['code']): AccountRefusal | null {
  switch (code) {
    case 'ldap-invalid-credentials':
    case 'ldap-no-such-object':
      return null;
    case 'ldap-account-disabled':
      return 'account-disabled';
    case 'ldap-account-locked':
      return 'account-locked';
    case 'ldap-account-expired':
      return 'account-expired';
    case 'ldap-password-expired':
      return 'password-expired';
    case 'ldap-password-must-change':
      return 'password-must-change';
    case 'ldap-logon-hours-restricted':
      return 'logon-hours-restricted';
    case 'ldap-workstation-restricted':
      return 'workstation-restricted';
  }
}

function refusalVerdict(refusal: BindRefusal, dn: string): DirectoryVerdict {
  const outcome = accountRefusal(refusal.code);
  return outcome ? { outcome, message: refusal.message } : invalidCredentials(dn);
}

function invalidCredentials(dn: string): DirectoryVerdict {
  return {
    outcome: 'invalid-credentials',
    message: `the directory refused the password for ${dn}`,
  };
}
