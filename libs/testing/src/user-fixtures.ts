import { type DirectoryUser, Privilege, type StoredUser } from '@dirsync/contracts';

/** A directory user as the reader would describe it, with overrides. */
export function directoryUser(name: string, overrides: Partial<DirectoryUser> = {}): DirectoryUser {
  return {
    externalId: `ext-${name}`,
    dn: `uid=${name},ou=people,dc=example,dc=com`,
    userName: name,
    fullName: `${name} Example`,
    emailAddresses: [`${name}@example.com`],
    ...overrides,
  };
}

/** The stored twin of `directoryUser(name)`, with overrides. */
export function storedUser(name: string, overrides: Partial<StoredUser> = {}): StoredUser {
  return {
    id: `id-${name}`,
    ...directoryUser(name),
    authMethod: 'directory',
    privileges: [Privilege.LogOn, Privilege.ReadOwnArchive],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** A local user (no directory identity). */
export function localUser(name: string): StoredUser {
  return storedUser(name, { authMethod: 'local', externalId: null, dn: null });
}
