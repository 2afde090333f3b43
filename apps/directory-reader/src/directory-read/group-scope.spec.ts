import { PackedValues } from '@dirsync/ldap';
import { GroupCatalog, type GroupInput } from './group-catalog';
import { GroupScope, type PlainResolution, type ScopeResult } from './group-scope';

const group = (name: string, members: string[]): GroupInput => ({
  dn: `cn=${name},ou=groups,dc=example,dc=com`,
  names: [name],
  description: null,
  members: [PackedValues.of(members)],
});
const user = (uid: string) => `uid=${uid},ou=people,dc=example,dc=com`;
const groupDn = (name: string) => `cn=${name},ou=groups,dc=example,dc=com`;

/** The ids in scope, from the referrers array. */
const memberIds = (result: ScopeResult) =>
  [...result.referrers.keys()].filter((id) => (result.referrers[id] ?? -1) >= 0);

function catalogOf(groups: GroupInput[], plainMembersAllowed = false) {
  const catalog = new GroupCatalog(plainMembersAllowed);
  for (const input of groups) catalog.add(input);
  return catalog;
}

/** Runs the scope with a fake member search; returns the DNs in scope (as first seen) and the warnings. */
function scopeOf(catalog: GroupCatalog, roots: string[], directory: Record<string, string[]> = {}) {
  const sut = new GroupScope(
    catalog,
    roots.flatMap((name) => catalog.findByNameOrDn(name)),
  );
  const asked: string[][] = [];
  for (let names = sut.expand(); names.length > 0; names = sut.expand()) {
    asked.push(names);
    const byValue = new Map(
      names.map((name) => [name.toLowerCase(), directory[name.toLowerCase()] ?? []]),
    );
    sut.addResolved([{ values: names, byValue, unattributed: [] }]);
  }
  const result = sut.result();
  const dns = memberIds(result)
    .map((id) => catalog.shownDn(id))
    .sort();
  return { dns, warnings: result.warnings, asked, result };
}

describe(GroupScope.name, () => {
  it('takes the direct members of the synchronized group only', () => {
    const catalog = catalogOf([
      group('MailStore Users', [user('a'), user('b')]),
      group('sales', [user('c')]),
    ]);
    expect(scopeOf(catalog, ['MailStore Users']).dns).toEqual([user('a'), user('b')]);
  });

  it('matches member DNs by normalized DN (case, escapes, spaces)', () => {
    const catalog = catalogOf([
      group('g', [
        'UID=JDoe,OU=People,DC=Example,DC=Com',
        'cn=Smith\\, John,ou=contractors,dc=example,dc=com',
      ]),
    ]);
    const { result } = scopeOf(catalog, ['g']);
    const ids = [
      catalog.find('uid=jdoe,ou=people,dc=example,dc=com'),
      catalog.find('cn=Smith\\2C John, ou=Contractors,dc=example,dc=com'),
    ];
    expect(ids.every((id) => id !== undefined && memberIds(result).includes(id))).toBe(true);
  });

  it('expands nested groups to any depth', () => {
    const catalog = catalogOf([
      group('top', [groupDn('middle'), user('a')]),
      group('middle', [groupDn('bottom')]),
      group('bottom', [user('b')]),
      group('other', [user('c')]),
    ]);
    expect(scopeOf(catalog, ['top']).dns).toEqual([user('a'), user('b')]);
  });

  it('survives a cycle and reports it once', () => {
    const catalog = catalogOf([
      group('a', [groupDn('b'), user('x')]),
      group('b', [groupDn('c'), user('y')]),
      group('c', [groupDn('a'), user('z')]),
    ]);
    const { dns, warnings } = scopeOf(catalog, ['a', 'b']);
    expect(dns).toEqual([user('x'), user('y'), user('z')]);
    expect(warnings).toEqual([
      {
        code: 'group-cycle',
        message: expect.stringContaining('"a" → "b" → "c" → "a"'),
        dn: groupDn('a'),
      },
    ]);
  });

  it('reports a group that contains itself', () => {
    const catalog = catalogOf([group('self', [groupDn('self'), user('x')])]);
    const { dns, warnings } = scopeOf(catalog, ['self']);
    expect(dns).toEqual([user('x')]);
    expect(warnings.map((w) => w.message)).toEqual([expect.stringContaining('"self" → "self"')]);
  });

  it('does not call a diamond a cycle', () => {
    const catalog = catalogOf([
      group('a', [groupDn('b'), groupDn('c')]),
      group('b', [groupDn('d')]),
      group('c', [groupDn('d')]),
      group('d', [user('x')]),
    ]);
    const { dns, warnings } = scopeOf(catalog, ['a']);
    expect(dns).toEqual([user('x')]);
    expect(warnings).toEqual([]);
  });

  it('resolves plain members in rounds, following groups found by name', () => {
    const catalog = catalogOf(
      [
        group('MailStore Users', ['jdoe', 'interns', user('direct')]),
        group('interns', ['siyer', 'JDOE']),
      ],
      true,
    );
    const directory = {
      jdoe: [user('jdoe')],
      interns: [groupDn('interns')],
      siyer: [user('siyer')],
    };
    const { dns, asked, warnings } = scopeOf(catalog, ['MailStore Users'], directory);
    expect(asked).toEqual([['jdoe', 'interns'], ['siyer']]);
    expect(dns).toEqual([user('direct'), user('jdoe'), user('siyer')]);
    expect(warnings).toEqual([]);
  });

  it('reports plain members that resolve to nothing', () => {
    const catalog = catalogOf([group('g', ['ghost', 'jdoe'])], true);
    const { dns, warnings } = scopeOf(catalog, ['g'], { jdoe: [user('jdoe')] });
    expect(dns).toEqual([user('jdoe')]);
    expect(warnings).toEqual([
      {
        code: 'dangling-member',
        message: expect.stringContaining('"ghost" of "g"'),
        dn: groupDn('g'),
      },
    ]);
  });

  it('gives unattributable results to every group of the batch', () => {
    const catalog = catalogOf([group('g', ['a', 'b'])], true);
    const sut = new GroupScope(catalog, catalog.findByNameOrDn('g'));
    const names = sut.expand();
    const resolution: PlainResolution = {
      values: names,
      byValue: new Map(),
      unattributed: [user('a'), user('b')],
    };
    sut.addResolved([resolution]);
    expect(sut.expand()).toEqual([]);
    const result = sut.result();
    expect(
      memberIds(result)
        .map((id) => catalog.shownDn(id))
        .sort(),
    ).toEqual([user('a'), user('b')]);
    expect(result.warnings).toEqual([]);
    expect(result.foundByName.size).toBe(2);
  });

  it('treats non-DN members as invalid when no member search filter is configured', () => {
    const sut = new GroupCatalog(false);
    expect(sut.add(group('g', ['jdoe', user('a')]))).toEqual({ invalidMembers: ['jdoe'] });
  });

  it('keeps a member that looks half like a DN as a plain name', () => {
    const sut = new GroupCatalog(true);
    sut.add(group('g', ['evil)(uid=*']));
    expect(sut.findByNameOrDn('g')[0]?.plainMembers).toEqual(['evil)(uid=*']);
  });

  it('finds synchronized groups by any name value case-insensitively, or by DN', () => {
    const catalog = catalogOf([
      { ...group('MailStore Users', []), names: ['MailStore Users', 'msu'] },
    ]);
    expect(catalog.findByNameOrDn('mailstore users')).toHaveLength(1);
    expect(catalog.findByNameOrDn(' MSU ')).toHaveLength(1);
    expect(catalog.findByNameOrDn('CN=MailStore Users,OU=Groups,DC=example,DC=com')).toHaveLength(
      1,
    );
    expect(catalog.findByNameOrDn('nobody')).toHaveLength(0);
  });
});
