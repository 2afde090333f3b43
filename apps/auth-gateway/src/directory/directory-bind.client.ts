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
import type { LdapConnectionPool } from './ldap-connection-pool';
import { type DirectoryPools, LdapPools } from './ldap-pools';
import { userSearchFilter } from './user-search-filter';

/**
 * Verifies a password by binding to the directory as the user: first with
 * the DN the sync stored. A bind proves only that *some* entry at that DN
 * has this password: a deleted user's DN may hold another person by now. So
 * every accepted bind is followed by a base read of the entry's stable id
 * (objectGUID / entryUUID) on the same connection, which must be the one the
 * store holds: one bind and one search when the password is right.
 *
 * Connections come from pools (ldap-pools.ts): a connection that served an
 * earlier sign-in is bound again as this user; one whose bind was refused
 * or that failed is closed, never handed out again. A reused connection
 * that turns out dead (the server closed it meanwhile) is replaced and the
 * step tried again on another.
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

  constructor(private readonly pools: LdapPools) {}

  async verifyPassword(
    settings: DirectorySettings,
    user: StoredUser,
    password: string,
  ): Promise<DirectoryVerdict> {
    try {
      const pools = this.pools.forSettings(settings.connection);
      if (user.dn) {
        const attempt = await this.bindAndConfirm(pools, settings, user, user.dn, password);
        if (!isRefusal(attempt)) return attempt;
        // Active Directory named a state of the account: the DN is right, searching adds nothing.
        if (accountRefusal(attempt.code)) return refusalVerdict(attempt, user.dn);
      }

      const current = await this.asServiceAccount(pools, settings, (connection) =>
        this.findCurrentEntry(connection, settings, user),
      );
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
      const attempt = await this.bindAndConfirm(pools, settings, user, current.dn, password);
      return isRefusal(attempt) ? refusalVerdict(attempt, current.dn) : attempt;
    } catch (error) {
      return this.verdictFor(error);
    }
  }

  /**
   * One bind that cannot succeed (random DN and password), for refusals
   * decided without the directory: they then cost about what a wrong
   * password costs, and fail like it when the directory is down. Null when
   * the directory answered.
   */
  async probe(settings: DirectorySettings): Promise<DirectoryFailure | null> {
    try {
      const pools = this.pools.forSettings(settings.connection);
      await this.leased(pools.userBinds, async (connection) => {
        await bindAs(
          connection,
          `cn=dirsync-probe-${randomBytes(8).toString('hex')}`,
          randomBytes(16).toString('hex'),
        );
        // Refused, as intended: the connection's bind failed, so it is not kept.
        return { value: null, keep: false };
      });
      return null;
    } catch (error) {
      const verdict = this.verdictFor(error);
      return verdict.outcome === 'directory-unreachable' || verdict.outcome === 'tls-error'
        ? verdict
        : null;
    }
  }

  /**
   * Binds as the user at `dn` on a connection of the user-bind pool and,
   * when the directory accepts, proves the identity on that same
   * connection. The refusal when the bind was refused (that connection is
   * closed); the connection goes back to the pool otherwise.
   */
  private bindAndConfirm(
    pools: DirectoryPools,
    settings: DirectorySettings,
    user: StoredUser,
    dn: string,
    password: string,
  ): Promise<DirectoryVerdict | BindRefusal> {
    return this.leased<DirectoryVerdict | BindRefusal>(pools.userBinds, async (connection) => {
      const refusal = await bindAs(connection, dn, password);
      if (refusal) return { value: refusal, keep: false };
      return { value: await this.confirmIdentity(connection, settings, user, dn), keep: true };
    });
  }

  /** `work` on a connection of the service-account pool, bound as the service account. */
  private asServiceAccount<T>(
    pools: DirectoryPools,
    settings: DirectorySettings,
    work: (connection: LdapConnection) => Promise<T>,
  ): Promise<T> {
    return this.leased(pools.serviceAccount, async (connection, reused) => {
      if (!reused) await this.bindServiceAccount(connection, settings);
      return { value: await work(connection), keep: true };
    });
  }

  /**
   * Runs `work` on a pooled connection; keeps the connection only when
   * `work` says so and did not throw. When a connection that served earlier
   * sign-ins fails (closed by the server meanwhile, or a server that does
   * not take a second bind), it is closed and `work` runs again on the next
   * one; a new connection's failure is the answer.
   */
  private async leased<T>(
    pool: LdapConnectionPool,
    work: (connection: LdapConnection, reused: boolean) => Promise<{ value: T; keep: boolean }>,
  ): Promise<T> {
    for (;;) {
      const { connection, reused } = await pool.acquire();
      let keep = false;
      try {
        const result = await work(connection, reused);
        keep = result.keep;
        return result.value;
      } catch (error) {
        if (!reused || !connectionFailure(error)) throw error;
        this.logger.debug(
          { err: error },
          'a pooled LDAP connection failed; trying again on another',
        );
      } finally {
        if (keep) pool.release(connection);
        else pool.discard(connection);
      }
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

/** Lost, or an error the server gave that is no answer about a password or an entry. */
function connectionFailure(error: unknown): boolean {
  return (
    error instanceof LdapError && (error.code === 'ldap-unreachable' || error.code === 'ldap-error')
  );
}

function isRefusal(attempt: DirectoryVerdict | BindRefusal): attempt is BindRefusal {
  return attempt instanceof LdapError;
}

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
