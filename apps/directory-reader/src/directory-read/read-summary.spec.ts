import { PackedValues } from '@dirsync/ldap';
import { GroupCatalog } from './group-catalog';
import { MAX_WARNINGS_PER_CODE, ReadSummaryBuilder } from './read-summary';

const user = (userName: string, dn: string) => ({
  externalId: dn,
  dn,
  userName,
  fullName: null,
  emailAddresses: [],
});

describe(ReadSummaryBuilder.name, () => {
  it('reports every DN sharing a user name, case-insensitively', () => {
    const sut = new ReadSummaryBuilder();
    sut.userInScope(user('jdoe', 'uid=jdoe,ou=a'));
    sut.userInScope(user('mchen', 'uid=mchen,ou=a'));
    sut.userInScope(user('JDoe', 'uid=jdoe,ou=b'));
    sut.userInScope(user('jdoe', 'uid=jdoe,ou=c'));

    expect(sut.build('dc=x', 2)).toEqual({
      baseDn: 'dc=x',
      usersInScope: 4,
      groupsRead: 2,
      outOfScopeExternalIds: [],
      conflicts: [{ userName: 'jdoe', dns: ['uid=jdoe,ou=a', 'uid=jdoe,ou=b', 'uid=jdoe,ou=c'] }],
      warnings: [],
    });
  });

  it('names a conflict by the first spelling of the name, upper case included', () => {
    const sut = new ReadSummaryBuilder();
    sut.userInScope(user('JDoe', 'uid=jdoe,ou=a'));
    sut.userInScope(user('jdoe', 'uid=jdoe,ou=b'));
    sut.userInScope(user('MChen', 'uid=mchen,ou=a'));

    expect(sut.build('dc=x', 0).conflicts).toEqual([
      { userName: 'JDoe', dns: ['uid=jdoe,ou=a', 'uid=jdoe,ou=b'] },
    ]);
  });

  it("reports conflicts with the DNs kept in the group catalogue's keys", () => {
    const catalog = new GroupCatalog(false);
    catalog.add({
      dn: 'cn=g,dc=x',
      names: ['g'],
      description: null,
      members: [PackedValues.of(['uid=jdoe,ou=a', 'uid=jdoe,ou=b'])],
    });
    const sut = new ReadSummaryBuilder();
    sut.keepDnsIn(catalog.dnSpellings);
    sut.userInScope(user('JDoe', 'uid=jdoe,ou=a'));
    sut.userInScope(user('jdoe', 'uid=jdoe,ou=b'));
    sut.userInScope(user('mchen', 'uid=mchen,ou=c'));

    expect(sut.build('dc=x', 1).conflicts).toEqual([
      { userName: 'JDoe', dns: ['uid=jdoe,ou=a', 'uid=jdoe,ou=b'] },
    ]);
  });

  it('refuses to move its DNs once users were counted', () => {
    const sut = new ReadSummaryBuilder();
    sut.userInScope(user('jdoe', 'uid=jdoe,ou=a'));
    expect(() => sut.keepDnsIn(new GroupCatalog(false).dnSpellings)).toThrow(/users were counted/);
  });

  it('keeps telling conflicts apart among many users (its tables grown many times)', () => {
    const sut = new ReadSummaryBuilder();
    for (let i = 0; i < 20_000; i += 1) sut.userInScope(user(`User${i}`, `uid=u${i},ou=a`));
    sut.userInScope(user('user19999', 'uid=u19999,ou=b'));
    sut.userInScope(user('USER7', 'uid=u7,ou=b'));

    expect(sut.build('dc=x', 0).conflicts).toEqual([
      { userName: 'User19999', dns: ['uid=u19999,ou=a', 'uid=u19999,ou=b'] },
      { userName: 'User7', dns: ['uid=u7,ou=a', 'uid=u7,ou=b'] },
    ]);
  });

  it('keeps a bounded number of warnings per code and counts the rest', () => {
    const sut = new ReadSummaryBuilder();
    for (let i = 0; i < MAX_WARNINGS_PER_CODE + 5; i += 1)
      sut.warn({ code: 'dangling-member', message: `m${i}` });
    sut.warn({ code: 'group-cycle', message: 'c' });

    const { warnings } = sut.build('dc=x', 0);

    expect(warnings).toHaveLength(MAX_WARNINGS_PER_CODE + 2);
    expect(warnings.at(-1)).toEqual({
      code: 'dangling-member',
      message: '5 more "dangling-member" warnings were left out',
    });
    expect(warnings.filter((warning) => warning.code === 'group-cycle')).toHaveLength(1);
  });

  it('lists the stable ids of users out of scope', () => {
    const sut = new ReadSummaryBuilder();
    sut.userOutOfScope('id-1');
    sut.userOutOfScope('id-2');
    expect(sut.build('dc=x', 0).outOfScopeExternalIds).toEqual(['id-1', 'id-2']);
  });
});
