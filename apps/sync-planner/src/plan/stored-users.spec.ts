import type { DirectoryUser, StoredUser, SyncedUserState } from '@dirsync/contracts';
import { localUser, storedUser } from '@dirsync/testing';
import { packUser, unpackUser } from './packed-user';
import { StoredUsers } from './stored-users';

/** What a list gives of a stored user: the fixture without privileges and timestamps. */
function synced(user: StoredUser): SyncedUserState {
  const { privileges: _privileges, createdAt: _createdAt, updatedAt: _updatedAt, ...state } = user;
  return state;
}

describe('a packed stored user', () => {
  it.each<[string, SyncedUserState]>([
    ['a directory user', synced(storedUser('ann'))],
    ['a local user (no stable id, no DN)', synced(localUser('root'))],
    [
      'no full name and no address',
      { ...synced(storedUser('bob')), fullName: null, emailAddresses: [] },
    ],
    ['an empty full name', { ...synced(storedUser('bob')), fullName: '' }],
    [
      'characters outside Latin-1 and separators of other formats',
      {
        ...synced(storedUser('zoë')),
        fullName: 'Zoë 山田 \u0000\uffff',
        emailAddresses: ['a,b@x', 'ü@ß.de'],
      },
    ],
    [
      'a field longer than 65,535 characters',
      { ...synced(storedUser('long')), fullName: 'x'.repeat(70_000) },
    ],
    [
      'an id and a stable id that are UUIDs as PostgreSQL and the reader write them',
      {
        ...synced(storedUser('ann')),
        id: '0196f3a2-1c2b-7d4e-8f60-00ff1a2b3c4d',
        externalId: 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6',
      },
    ],
    [
      'UUIDs in upper case or without dashes (kept as text)',
      {
        ...synced(storedUser('ann')),
        id: '0196F3A2-1C2B-7D4E-8F60-00FF1A2B3C4D',
        externalId: 'f81d4fae7dec11d0a76500a0c91e6bf6',
      },
    ],
  ])('unpacks as it was packed: %s', (_, user) => {
    expect(unpackUser(packUser(user))).toEqual(user);
    const set = StoredUsers.of([user]);
    expect(set.userName(0)).toBe(user.userName);
    expect(set.addresses(0)).toEqual(user.emailAddresses);
    expect(set.isDirectoryUser(0)).toBe(user.authMethod === 'directory');
  });

  it('keeps an id and a stable id that are UUIDs as 16 bytes each, 40 characters fewer than as text', () => {
    const user = synced(storedUser('ann'));
    const ids = {
      id: '0196f3a2-1c2b-7d4e-8f60-00ff1a2b3c4d',
      externalId: 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6',
    };

    const sut = packUser({ ...user, ...ids });

    // The same ids in capitals are not canonical: kept as text.
    const asText = { id: ids.id.toUpperCase(), externalId: ids.externalId.toUpperCase() };
    expect(packUser({ ...user, ...asText }).length - sut.length).toBe(40);
  });

  it('finds a user by a UUID stable id kept as bytes, and no one by a near miss', () => {
    const externalId = 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6';
    const users = StoredUsers.of([
      synced(storedUser('bob')),
      { ...synced(storedUser('ann')), externalId },
    ]);

    expect(users.indexOfExternalId(externalId)).toBe(1);
    expect(users.indexOfExternalId(externalId.toUpperCase())).toBe(-1);
    expect(users.indexOfExternalId(`${externalId.slice(0, -1)}7`)).toBe(-1);
    expect(
      users.holdsExactly(1, {
        externalId,
        dn: users.user(1).dn ?? '',
        userName: 'ann',
        fullName: users.user(1).fullName,
        emailAddresses: users.addresses(1),
      }),
    ).toBe(true);
  });

  it('holds exactly the values of a directory user with the same DN, names and addresses, and no others', () => {
    const ann = synced(storedUser('ann'));
    const packed = packUser(ann);
    const directory: DirectoryUser = {
      externalId: ann.externalId ?? '',
      dn: ann.dn ?? '',
      userName: ann.userName,
      fullName: ann.fullName,
      emailAddresses: ann.emailAddresses,
    };
    const users = StoredUsers.packed([packed]);

    expect(users.holdsExactly(0, directory)).toBe(true);
    for (const other of [
      { ...directory, fullName: null },
      { ...directory, fullName: '' },
      { ...directory, dn: `${ann.dn ?? ''} ` },
      { ...directory, emailAddresses: [...ann.emailAddresses, 'more@example.com'] },
      { ...directory, emailAddresses: ann.emailAddresses.map((a) => a.toUpperCase()) },
      // The same characters split differently between two fields.
      { ...directory, userName: `${ann.userName}${ann.fullName ?? ''}`, fullName: '' },
    ]) {
      expect(users.holdsExactly(0, other)).toBe(false);
    }
  });
});

describe(StoredUsers.name, () => {
  const many = Array.from({ length: 10_000 }, (_, i) => synced(storedUser(`user${i}`)));

  it('finds every directory user by stable id, and no one by an id it does not hold', () => {
    const users = StoredUsers.of([...many, synced(localUser('root'))]);

    many.forEach((user, index) =>
      expect(users.indexOfExternalId(user.externalId ?? '')).toBe(index),
    );
    expect(users.indexOfExternalId('unknown')).toBe(-1);
    expect(users.indexOfExternalId(`${many[0]?.externalId ?? ''}x`)).toBe(-1);
    expect(users.indexOfExternalId((many[0]?.externalId ?? '').slice(0, -1))).toBe(-1);
    expect(users.isDirectoryUser(many.length)).toBe(false);
    expect(users.user(many.length).userName).toBe('root');
  });

  it('with changes: written users replace or join, removed ones leave, and the set it came from stays', () => {
    const [ann, bob, carl] = ['ann', 'bob', 'carl'].map((name) => synced(storedUser(name)));
    const before = StoredUsers.of([ann!, bob!]);

    const after = before.withChanges(
      [packUser({ ...ann!, fullName: 'Ann Other' }), packUser(carl!)],
      [bob!.id],
    );

    expect([...after].map((user) => `${user.userName}:${user.fullName}`)).toEqual([
      'ann:Ann Other',
      'carl:carl Example',
    ]);
    expect(after.indexOfExternalId(carl!.externalId ?? '')).toBe(1);
    expect(after.indexOfExternalId(bob!.externalId ?? '')).toBe(-1);
    expect([...before]).toEqual([ann, bob]);
  });
});
