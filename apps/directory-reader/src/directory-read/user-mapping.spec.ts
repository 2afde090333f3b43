import type { UserSettings } from '@dirsync/contracts';
import {
  isDisabledAccount,
  localPart,
  mapUserEntry,
  stableId,
  userSearchAttributes,
} from './user-mapping';

const openLdap: UserSettings = {
  userNameAttribute: 'uid',
  localPartOnly: false,
  fullNameAttribute: 'displayName',
  emailAttribute: 'mail',
};
const activeDirectory: UserSettings = {
  userNameAttribute: 'userPrincipalName',
  localPartOnly: true,
  fullNameAttribute: 'displayName',
  emailAttribute: 'proxyAddresses',
  skipDisabledAccounts: true,
};
// A recorded Active Directory entry: ldapts gives objectGUID as bytes when asked to.
const adEntry = {
  dn: 'CN=Doe\\, John,OU=Staff,DC=example,DC=com',
  objectGUID: Buffer.from('8a7b33a0b6ecfa4aa0f8c36b0a3e2a1f', 'hex'),
  userPrincipalName: 'John.Doe@example.com',
  displayName: 'Doe, John',
  proxyAddresses: [
    'smtp:jdoe@example.com',
    'SMTP:John.Doe@example.com',
    'X500:/o=Example/cn=jdoe',
    'SIP:jdoe@example.com',
  ],
  userAccountControl: '512',
};

describe(mapUserEntry.name, () => {
  it('maps an OpenLDAP entry', () => {
    const entry = {
      dn: 'uid=rjimenez,ou=people,dc=example,dc=com',
      entryUUID: 'A1B2C3D4-0000-4000-8000-000000000001',
      uid: 'rjimenez',
      displayName: ' Rosa Jim\u00e9nez ',
      mail: 'rosa.jimenez@example.com, r.jimenez@example.com',
    };
    expect(mapUserEntry(entry, openLdap)).toEqual({
      kind: 'user',
      user: {
        externalId: 'a1b2c3d4-0000-4000-8000-000000000001',
        dn: entry.dn,
        userName: 'rjimenez',
        fullName: 'Rosa Jim\u00e9nez',
        emailAddresses: ['rosa.jimenez@example.com', 'r.jimenez@example.com'],
      },
    });
  });

  it('maps a recorded Active Directory entry (objectGUID, UPN local part, proxyAddresses)', () => {
    expect(mapUserEntry(adEntry, activeDirectory)).toEqual({
      kind: 'user',
      user: {
        externalId: 'a0337b8a-ecb6-4afa-a0f8-c36b0a3e2a1f',
        dn: adEntry.dn,
        userName: 'John.Doe',
        fullName: 'Doe, John',
        emailAddresses: ['John.Doe@example.com', 'jdoe@example.com'],
      },
    });
  });

  it.each([
    ['514', 'disabled'],
    ['66050', 'disabled'],
    ['512', 'user'],
    ['66048', 'user'],
  ])('with skip-disabled, userAccountControl %s gives %s', (flags, kind) => {
    expect(mapUserEntry({ ...adEntry, userAccountControl: flags }, activeDirectory).kind).toBe(
      kind,
    );
  });

  it('keeps disabled accounts when not asked to skip them', () => {
    const settings = { ...activeDirectory, skipDisabledAccounts: false };
    expect(mapUserEntry({ ...adEntry, userAccountControl: '514' }, settings).kind).toBe('user');
  });

  it.each([
    ['no user-name attribute', { dn: 'uid=x,dc=y', entryUUID: 'u1' }, 'user-without-name'],
    ['an empty user name', { dn: 'uid=x,dc=y', entryUUID: 'u1', uid: '  ' }, 'user-without-name'],
    ['no stable id', { dn: 'uid=x,dc=y', uid: 'x' }, 'user-without-id'],
  ])('skips an entry with %s, naming its DN', (_case, entry, code) => {
    expect(mapUserEntry(entry, openLdap)).toEqual({
      kind: 'skipped',
      warning: { code, message: expect.stringContaining('uid=x,dc=y'), dn: 'uid=x,dc=y' },
    });
  });

  it('skips a name whose local part is empty', () => {
    const settings = { ...openLdap, localPartOnly: true };
    expect(
      mapUserEntry({ dn: 'uid=x,dc=y', entryUUID: 'u1', uid: '@example.com' }, settings),
    ).toMatchObject({
      kind: 'skipped',
      warning: { code: 'user-without-name' },
    });
  });

  it('prefers the uid value that names the entry when uid has several', () => {
    const entry = { dn: 'uid=jdoe,ou=people,dc=x', entryUUID: 'u1', uid: ['john.doe', 'JDoe'] };
    expect(mapUserEntry(entry, openLdap)).toMatchObject({ user: { userName: 'JDoe' } });
  });

  it('has no full name or addresses when the attributes are not configured or absent', () => {
    const settings: UserSettings = { userNameAttribute: 'uid', localPartOnly: false };
    expect(mapUserEntry({ dn: 'uid=a,dc=x', entryUUID: 'u1', uid: 'a' }, settings)).toMatchObject({
      user: { fullName: null, emailAddresses: [] },
    });
    expect(mapUserEntry({ dn: 'uid=a,dc=x', entryUUID: 'u1', uid: 'a' }, openLdap)).toMatchObject({
      user: { fullName: null, emailAddresses: [] },
    });
  });
});

describe(stableId.name, () => {
  it.each([
    [
      { dn: 'x', objectGUID: Buffer.from('8a7b33a0b6ecfa4aa0f8c36b0a3e2a1f', 'hex') },
      'a0337b8a-ecb6-4afa-a0f8-c36b0a3e2a1f',
    ],
    [
      { dn: 'x', objectguid: Buffer.from('8a7b33a0b6ecfa4aa0f8c36b0a3e2a1f', 'hex') },
      'a0337b8a-ecb6-4afa-a0f8-c36b0a3e2a1f',
    ],
    [
      { dn: 'x', objectGUID: '{A0337B8A-ECB6-4AFA-A0F8-C36B0A3E2A1F}' },
      'a0337b8a-ecb6-4afa-a0f8-c36b0a3e2a1f',
    ],
    [
      { dn: 'x', entryUUID: '3F0E3A30-9E0A-103F-8A36-C3B1C3C70B5A' },
      '3f0e3a30-9e0a-103f-8a36-c3b1c3c70b5a',
    ],
    [
      { dn: 'x', entryUUID: 'e', objectGUID: Buffer.alloc(16) },
      '00000000-0000-0000-0000-000000000000',
    ],
    [{ dn: 'x' }, null],
  ])('of %o is %s', (entry, id) => {
    expect(stableId(entry)).toBe(id);
  });
});

describe(localPart.name, () => {
  it.each([
    ['jdoe@example.com', 'jdoe'],
    ['jdoe', 'jdoe'],
    ['"a@b"@example.com', '"a@b"'],
    ['@example.com', ''],
  ])('of %s is %s', (name, local) => {
    expect(localPart(name)).toBe(local);
  });
});

describe(isDisabledAccount.name, () => {
  it.each([
    [{ dn: 'x', userAccountControl: '2' }, true],
    [{ dn: 'x', userAccountControl: '512' }, false],
    [{ dn: 'x', userAccountControl: 'junk' }, false],
    [{ dn: 'x' }, false],
  ])('%o → %s', (entry, disabled) => {
    expect(isDisabledAccount(entry)).toBe(disabled);
  });
});

describe(userSearchAttributes.name, () => {
  it('asks for the stable ids explicitly and for userAccountControl only when needed', () => {
    expect(userSearchAttributes(openLdap).attributes).toEqual([
      'objectGUID',
      'entryUUID',
      'uid',
      'displayName',
      'mail',
    ]);
    expect(userSearchAttributes(activeDirectory).attributes).toContain('userAccountControl');
    expect(userSearchAttributes(openLdap).binaryAttributes).toContain('objectGUID');
  });
});
