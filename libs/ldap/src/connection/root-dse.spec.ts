import { baseDnFromRootDse } from './root-dse';

describe(baseDnFromRootDse.name, () => {
  it.each([
    [
      'Active Directory',
      {
        dn: '',
        defaultNamingContext: 'DC=example,DC=com',
        namingContexts: ['DC=example,DC=com', 'CN=Configuration,DC=example,DC=com'],
      },
      'DC=example,DC=com',
    ],
    ['OpenLDAP', { dn: '', namingContexts: 'dc=example,dc=com' }, 'dc=example,dc=com'],
    [
      'OpenLDAP, one context as an array',
      { dn: '', namingContexts: ['dc=example,dc=com'] },
      'dc=example,dc=com',
    ],
    [
      'lower-case attribute names',
      { dn: '', defaultnamingcontext: 'DC=corp,DC=local' },
      'DC=corp,DC=local',
    ],
  ])('detects the base DN of %s', (_server, rootDse, baseDn) => {
    expect(baseDnFromRootDse(rootDse, 'ldap:389')).toBe(baseDn);
  });

  it.each([
    ['no context', { dn: '' }, /names no naming context/],
    ['no RootDSE', null, /names no naming context/],
    [
      'two contexts',
      { dn: '', namingContexts: ['dc=a', 'dc=b'] },
      /2 naming contexts \(dc=a; dc=b\)/,
    ],
  ])('says it cannot detect it with %s', (_case, rootDse, message) => {
    expect(() => baseDnFromRootDse(rootDse, 'ldap:389')).toThrow(message);
    expect(() => baseDnFromRootDse(rootDse, 'ldap:389')).toThrow(
      expect.objectContaining({ code: 'ldap-base-dn-undetectable' }),
    );
  });
});
