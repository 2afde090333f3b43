import { Injectable } from '@nestjs/common';
import { type DirectorySettings, hasControlCharacters } from '@dirsync/contracts';
import { DirectoryBindClient } from '../directory/directory-bind.client';
import { DirectorySettingsCache } from '../settings/directory-settings.cache';
import { StoredUserCache } from '../users/stored-user.cache';
import { refused, type Verification } from './verification';

/**
 * `sign-in`: refusals that the directory never saw (unknown or local user)
 * still make one connection to it, so that they take about as long as a
 * wrong password and, when the directory is down, end the same way (503).
 * `diagnose` (Test authentication): the exact reason, nothing extra.
 */
export type VerificationMode = 'sign-in' | 'diagnose';

/**
 * Checks a user name and password the way the seed describes: the user must
 * be a synchronized user of the store, and the directory must accept a bind
 * as that user with the password. Shared by the password sign-in and the
 * admin's "Test authentication", so both can never disagree.
 */
@Injectable()
export class PasswordVerifier {
  constructor(
    private readonly settings: DirectorySettingsCache,
    private readonly users: StoredUserCache,
    private readonly directory: DirectoryBindClient,
  ) {}

  /**
   * `admission`: the directory is asked nothing (no bind, no probe) until it
   * resolves, and its rejection is the verification's: the sign-in's rate
   * limits are checked in PostgreSQL while the settings and the user are
   * looked up, and a guess over the limit never reaches the directory.
   */
  async verify(
    userName: string,
    password: string,
    mode: VerificationMode,
    admission: Promise<unknown> = Promise.resolve(),
  ): Promise<Verification> {
    // RFC 4513 §5.1.2: a DN with an empty password is an unauthenticated bind that many servers "accept".
    if (password.length === 0) {
      return refused('empty-password', 'an empty password is refused without asking the directory');
    }
    // Test authentication reads the settings and the user anew: the admin may have saved
    // them a moment ago, and is told what the store holds now.
    const settings =
      mode === 'diagnose' ? await this.settings.fresh() : await this.settings.current();
    if (settings.authentication.method === 'adfs-oidc') {
      return refused('password-sign-in-unavailable', PASSWORD_SIGN_IN_UNAVAILABLE);
    }
    // A name with control characters (NUL, CR, LF) is no one's: it is not looked up (PostgreSQL
    // refuses NUL), and the refusal is the one of an unknown user, with its timing and count.
    const user =
      userName && !hasControlCharacters(userName)
        ? await (mode === 'diagnose' ? this.users.fresh(userName) : this.users.find(userName))
        : null;
    if (!user) {
      return this.withoutDirectory(
        settings,
        mode,
        admission,
        refused(
          'user-not-found',
          userName ? `no user is named "${userName}"` : 'no user name was given',
        ),
      );
    }
    if (user.authMethod !== 'directory') {
      const notDirectory = refused(
        'not-a-directory-user',
        `"${user.userName}" is a local user, not one synchronized from the directory`,
        user,
      );
      return this.withoutDirectory(settings, mode, admission, notDirectory);
    }
    await admission;
    const verdict = await this.directory.verifyPassword(settings, user, password);
    return verdict.outcome === 'success'
      ? { outcome: 'success', user, dn: verdict.dn }
      : { ...verdict, user };
  }

  private async withoutDirectory(
    settings: DirectorySettings,
    mode: VerificationMode,
    admission: Promise<unknown>,
    refusal: Verification,
  ): Promise<Verification> {
    if (mode === 'diagnose') return refusal;
    await admission;
    const unavailable = await this.directory.probe(settings);
    return unavailable ?? refusal;
  }
}

export const PASSWORD_SIGN_IN_UNAVAILABLE =
  'password sign-in is not available when users sign in through AD FS';
