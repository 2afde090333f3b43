import { Privilege, type StoredUser, toUserSnapshot } from '@dirsync/contracts';
import {
  groupAddresses,
  toAddressRows,
  toStoredUser,
  withDirectoryFields,
} from './stored-user.mapper';
import { UserEntity } from './user.entity';

const row = Object.assign(new UserEntity(), {
  id: '7d1f0c52-5d0e-4f4e-9a39-1b8f0e8f2c11',
  userName: 'alice',
  fullName: 'Alice Liddell',
  authMethod: 'directory',
  externalId: 'ext-alice',
  dn: 'uid=alice,ou=people,dc=example,dc=com',
  privileges: [Privilege.LogOn],
  createdAt: new Date('2026-01-02T03:04:05.000Z'),
  updatedAt: new Date('2026-02-03T04:05:06.000Z'),
} satisfies UserEntity);

const stored: StoredUser = toStoredUser(row, ['alice@example.com', 'a.liddell@example.com']);

describe(toStoredUser.name, () => {
  it('maps a row and its addresses to the contract, times as ISO strings', () => {
    expect(stored).toEqual({
      id: row.id,
      userName: 'alice',
      fullName: 'Alice Liddell',
      emailAddresses: ['alice@example.com', 'a.liddell@example.com'],
      authMethod: 'directory',
      externalId: 'ext-alice',
      dn: 'uid=alice,ou=people,dc=example,dc=com',
      privileges: [Privilege.LogOn],
      createdAt: '2026-01-02T03:04:05.000Z',
      updatedAt: '2026-02-03T04:05:06.000Z',
    });
  });
});

describe(groupAddresses.name, () => {
  it('groups by user in position order, whatever order the rows came in', () => {
    const sut = groupAddresses([
      { userId: 'b', position: 1, address: 'b1@x' },
      { userId: 'a', position: 0, address: 'a0@x' },
      { userId: 'b', position: 0, address: 'b0@x' },
    ]);

    expect(Object.fromEntries(sut)).toEqual({ a: ['a0@x'], b: ['b0@x', 'b1@x'] });
  });
});

describe(toAddressRows.name, () => {
  it('numbers the addresses from 0, the primary first', () => {
    expect(toAddressRows('u', ['p@x', 's@x'])).toEqual([
      { userId: 'u', position: 0, address: 'p@x' },
      { userId: 'u', position: 1, address: 's@x' },
    ]);
  });

  it('makes no rows for a user without addresses', () => {
    expect(toAddressRows('u', [])).toEqual([]);
  });
});

describe(toUserSnapshot.name, () => {
  it('keeps what subscribers may know and drops times and auth method', () => {
    expect(toUserSnapshot(stored)).toEqual({
      id: row.id,
      userName: 'alice',
      fullName: 'Alice Liddell',
      emailAddresses: ['alice@example.com', 'a.liddell@example.com'],
      externalId: 'ext-alice',
      dn: 'uid=alice,ou=people,dc=example,dc=com',
      privileges: [Privilege.LogOn],
    });
  });
});

describe(withDirectoryFields.name, () => {
  it("takes the directory's name, DN, full name and addresses and keeps the store's id and privileges", () => {
    const sut = withDirectoryFields(stored, {
      externalId: 'ext-alice',
      userName: 'alice.l',
      dn: 'uid=alice.l,ou=staff,dc=example,dc=com',
      fullName: null,
      emailAddresses: ['alice.l@example.com'],
    });

    expect(sut).toEqual({
      ...stored,
      userName: 'alice.l',
      dn: 'uid=alice.l,ou=staff,dc=example,dc=com',
      fullName: null,
      emailAddresses: ['alice.l@example.com'],
    });
  });
});
