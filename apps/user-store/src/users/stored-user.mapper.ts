import type { DirectoryUser, Privilege, StoredUser, UserSnapshot } from '@dirsync/contracts';
import type { UserEmailAddressEntity } from './user-email-address.entity';
import type { UserEntity } from './user.entity';

/** A row of `users` plus its addresses (primary first), as the contracts describe a user. */
export function toStoredUser(row: UserEntity, emailAddresses: readonly string[]): StoredUser {
  return {
    id: row.id,
    userName: row.userName,
    fullName: row.fullName,
    emailAddresses: [...emailAddresses],
    authMethod: row.authMethod,
    externalId: row.externalId,
    dn: row.dn,
    privileges: [...row.privileges],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Address rows grouped by user, each list in `position` order whatever order the rows came in. */
export function groupAddresses(
  rows: readonly Pick<UserEmailAddressEntity, 'userId' | 'position' | 'address'>[],
) {
  const sorted = [...rows].sort((a, b) => a.position - b.position);
  const byUser = new Map<string, string[]>();
  for (const row of sorted) {
    const list = byUser.get(row.userId);
    if (list) list.push(row.address);
    else byUser.set(row.userId, [row.address]);
  }
  return byUser;
}

/** The rows that store a user's addresses: position 0 is the primary address. */
export function toAddressRows(userId: string, addresses: readonly string[]) {
  return addresses.map((address, position) => ({ userId, position, address }));
}

/** The fields an event tells about a user (a stored user, or one about to be). */
export interface SnapshotSource {
  id: string;
  userName: string;
  fullName: string | null;
  emailAddresses: readonly string[];
  externalId: string | null;
  dn: string | null;
  privileges: readonly Privilege[];
}

/** What subscribers learn about a user: no timestamps, no auth method, never a secret. */
export function toUserSnapshot(user: SnapshotSource): UserSnapshot {
  return {
    id: user.id,
    userName: user.userName,
    fullName: user.fullName,
    emailAddresses: [...user.emailAddresses],
    externalId: user.externalId,
    dn: user.dn,
    privileges: [...user.privileges],
  };
}

/**
 * A directory user's state laid over the stored one: the directory owns
 * name, DN, full name and addresses; id, privileges and times stay the store's.
 */
export function withDirectoryFields(stored: StoredUser, directoryUser: DirectoryUser): StoredUser {
  return {
    ...stored,
    userName: directoryUser.userName,
    dn: directoryUser.dn,
    fullName: directoryUser.fullName ?? null,
    emailAddresses: [...directoryUser.emailAddresses],
  };
}
