import type { DirectorySettings, StoredUser } from '@dirsync/contracts';
import type { DirectoryBindClient } from '../directory/directory-bind.client';
import type { DirectorySettingsCache } from '../settings/directory-settings.cache';
import type { StoredUserCache } from '../users/stored-user.cache';
import { storedUser } from '../../test/test-users';
import { PasswordVerifier } from './password-verifier.service';

/** The checks before the directory is asked, with the user store and directory faked. */
describe(PasswordVerifier.name, () => {
  const settings = { authentication: { method: 'ldap' } } as DirectorySettings;

  function verifierWith(users: StoredUser[]) {
    const lookedUp: string[] = [];
    /** Lookups that bypassed the cache. */
    const freshLookups: string[] = [];
    const probed: unknown[] = [];
    const bound: string[] = [];
    const lookUp = (name: string) => {
      // As user-store's PostgreSQL does with NUL in a text parameter.
      if (name.includes('\u0000')) throw new Error('invalid byte sequence for encoding "UTF8"');
      lookedUp.push(name);
      return Promise.resolve(users.find((user) => user.userName === name) ?? null);
    };
    const userStore = {
      find: lookUp,
      fresh: (name: string) => {
        freshLookups.push(name);
        return lookUp(name);
      },
    };
    const directory = {
      probe: (given: DirectorySettings) => {
        probed.push(given);
        return Promise.resolve(null);
      },
      verifyPassword: (_: DirectorySettings, user: StoredUser) => {
        bound.push(user.userName);
        return Promise.resolve({ outcome: 'success', dn: 'uid=x' });
      },
    };
    const sut = new PasswordVerifier(
      {
        current: () => Promise.resolve(settings),
        fresh: () => Promise.resolve(settings),
      } as unknown as DirectorySettingsCache,
      userStore as unknown as StoredUserCache,
      directory as unknown as DirectoryBindClient,
    );
    return { sut, lookedUp, freshLookups, probed, bound };
  }

  it.each(['abello\u0000', 'abello\r\nadmin', '\u001b[2Jabello'])(
    'treats the name %j as no one, without looking it up, and still asks the directory at sign-in',
    async (userName) => {
      const { sut, lookedUp, probed } = verifierWith([storedUser('abello')]);
      const verification = await sut.verify(userName, 'guess', 'sign-in');
      expect(verification.outcome).toBe('user-not-found');
      expect(lookedUp).toEqual([]);
      expect(probed).toEqual([settings]);
    },
  );

  it('looks an ordinary name up, through the cache at sign-in', async () => {
    const { sut, lookedUp, freshLookups } = verifierWith([storedUser('abello')]);
    const verification = await sut.verify('abello', 'right', 'sign-in');
    expect(verification.outcome).toBe('success');
    expect(lookedUp).toEqual(['abello']);
    expect(freshLookups).toEqual([]);
  });

  it('asks user-store itself for Test authentication (the admin is told what the store holds now)', async () => {
    const { sut, freshLookups } = verifierWith([storedUser('abello')]);
    const verification = await sut.verify('abello', 'right', 'diagnose');
    expect(verification.outcome).toBe('success');
    expect(freshLookups).toEqual(['abello']);
  });

  it.each([
    ['a synchronized user', 'abello'],
    ['an unknown user (the probe)', 'nobody'],
  ])(
    'asks the directory nothing for %s when the admission refuses the attempt, and fails with its error',
    async (_, userName) => {
      const { sut, lookedUp, probed, bound } = verifierWith([storedUser('abello')]);
      const overLimit = new Error('too many attempts');
      const refusal = Promise.reject(overLimit);
      refusal.catch(() => undefined); // the sign-in awaits it too

      await expect(sut.verify(userName, 'guess', 'sign-in', refusal)).rejects.toBe(overLimit);
      expect(lookedUp).toEqual([userName]);
      expect(bound).toEqual([]);
      expect(probed).toEqual([]);
    },
  );

  it('binds once the admission lets the attempt in', async () => {
    const { sut, bound } = verifierWith([storedUser('abello')]);
    let admit!: () => void;
    const admission = new Promise<void>((resolve) => (admit = resolve));

    const verifying = sut.verify('abello', 'right', 'sign-in', admission);
    admit();

    await expect(verifying).resolves.toMatchObject({ outcome: 'success' });
    expect(bound).toEqual(['abello']);
  });
});
