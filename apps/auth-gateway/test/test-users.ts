import { randomUUID } from 'node:crypto';
import {
  toUserSnapshot,
  type DirectorySettings,
  Privilege,
  type StoredUser,
  type UserSnapshot,
} from '@dirsync/contracts';
import type { ServersEnv } from '@dirsync/testing';

/** A user as user-store would hold it after a sync. */
export function storedUser(userName: string, overrides: Partial<StoredUser> = {}): StoredUser {
  return {
    id: randomUUID(),
    userName,
    fullName: null,
    emailAddresses: [],
    authMethod: 'directory',
    externalId: null,
    dn: null,
    privileges: [Privilege.LogOn, Privilege.ReadOwnArchive],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** The seed's OpenLDAP sample pointed at the test slapd. */
export function ldapSettings(
  servers: ServersEnv,
  overrides: Partial<DirectorySettings['connection']> = {},
): DirectorySettings {
  return {
    connection: {
      host: servers.LDAP_HOST,
      port: Number(servers.LDAP_PORT),
      protocol: 'ldap',
      acceptAllCertificates: false,
      bindDn: servers.LDAP_BIND_DN,
      bindPassword: servers.LDAP_BIND_PASSWORD,
      baseDn: servers.LDAP_BASE_DN,
      connectTimeoutMs: 2_000,
      operationTimeoutMs: 5_000,
      ...overrides,
    },
    users: {
      userNameAttribute: 'uid',
      localPartOnly: false,
      filter: '(objectClass=inetOrgPerson)',
    },
    groups: {
      filter: '(objectClass=posixGroup)',
      nameAttribute: 'cn',
      membersAttribute: 'member',
      syncGroups: [],
    },
    authentication: { method: 'ldap' },
    options: {
      autoDeleteUsers: false,
      defaultPrivileges: [Privilege.LogOn, Privilege.ReadOwnArchive],
    },
  };
}

/** What user-store's events say about a user (never a secret). */
export const userSnapshot = (user: StoredUser): UserSnapshot => toUserSnapshot(user);
