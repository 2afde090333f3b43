import type { DirectoryUser, StoredUser } from '@dirsync/contracts';
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
