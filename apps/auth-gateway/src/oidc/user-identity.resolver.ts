import { Injectable, Logger } from '@nestjs/common';
import type { StoredUser, UserSettings } from '@dirsync/contracts';
import { UserStoreClient } from '../lookups/user-store.client';
import { identityLookups } from './identity-claims';

export interface ResolvedIdentity {
  user: StoredUser | null;
  /** How the person is named in refusals and audit. */
  label: string;
}

/**
 * The synchronized user an AD FS ID token names: by user name (upn, then
 * unique_name, as the sync stores names), then by e-mail address. Only
 * directory users: an AD FS identity never becomes a local account.
 */
@Injectable()
export class UserIdentityResolver {
  private readonly logger = new Logger(UserIdentityResolver.name);

  constructor(private readonly users: UserStoreClient) {}

  async resolve(
    claims: Record<string, unknown>,
    userSettings: UserSettings,
  ): Promise<ResolvedIdentity> {
    const lookups = identityLookups(claims, userSettings.localPartOnly);
    for (const userName of lookups.userNames) {
      const user = await this.users.findByUserName(userName);
      if (user?.authMethod === 'directory') return { user, label: lookups.label };
    }
    if (lookups.emailAddress) {
      const user = await this.findByEmail(lookups.emailAddress);
      if (user?.authMethod === 'directory') return { user, label: lookups.label };
    }
    return { user: null, label: lookups.label };
  }

  /**
   * The last resort; a user-store that cannot answer it (an older version
   * without `users.find-by-email.v1`) means "not found", which still refuses.
   */
  private async findByEmail(emailAddress: string): Promise<StoredUser | null> {
    try {
      return await this.users.findByEmail(emailAddress);
    } catch (error) {
      this.logger.warn({ err: error }, 'user-store could not look up a user by e-mail address');
      return null;
    }
  }
}
