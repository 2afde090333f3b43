import type { SyncedUserState } from '@dirsync/contracts';

/** How a plan's reasons and parties name a stored user. */
export function describeUser(user: SyncedUserState): string {
  return user.authMethod === 'local'
    ? `local user "${user.userName}"`
    : `directory user "${user.userName}" (${user.dn ?? 'no DN'})`;
}
