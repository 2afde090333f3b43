import type { DirectorySettings } from '@dirsync/contracts';
import { DIRECTORY_PRESETS } from '../presets/directory-presets';
import { settingsWarnings } from './settings-warnings';

const base = (): DirectorySettings =>
  structuredClone<DirectorySettings>(DIRECTORY_PRESETS['openldap']!.settings);
const codes = (settings: DirectorySettings) =>
  settingsWarnings(settings).map((warning) => warning.code);

describe(settingsWarnings.name, () => {
  it('has nothing to say about StartTLS with verified certificates', () => {
    expect(codes(base())).toEqual([]);
  });

  it('warns that accept-all-certificates is insecure', () => {
    const settings = base();
    settings.connection.acceptAllCertificates = true;
    expect(codes(settings)).toEqual(['accept-all-certificates']);
  });

  it('warns that plain LDAP sends passwords in clear text', () => {
    const settings = base();
    settings.connection.protocol = 'ldap';
    expect(codes(settings)).toEqual(['cleartext-ldap']);
  });

  it('warns when automatic deletion is on', () => {
    const settings = base();
    settings.options.autoDeleteUsers = true;
    expect(codes(settings)).toEqual(['auto-delete-users']);
  });

  it('names the field each warning is about', () => {
    const settings = base();
    settings.connection.protocol = 'ldap';
    settings.connection.acceptAllCertificates = true;
    settings.options.autoDeleteUsers = true;
    settings.users.filter = '(objectCategory=User)';
    expect(settingsWarnings(settings).map(({ code, field }) => [code, field])).toEqual([
      ['accept-all-certificates-without-tls', 'connection.acceptAllCertificates'],
      ['cleartext-ldap', 'connection.protocol'],
      ['auto-delete-users', 'options.autoDeleteUsers'],
      ['user-filter-matches-contacts', 'users.filter'],
    ]);
  });

  it.each([
    ['an empty object', {}],
    ['sections of the wrong type', { connection: 'x', users: [], options: null }],
    [
      'fields of the wrong type',
      {
        connection: { protocol: 1, acceptAllCertificates: 'yes' },
        users: { filter: 7 },
        options: { autoDeleteUsers: 'true' },
      },
    ],
  ])('says nothing about settings still being edited: %s', (_, partial) => {
    expect(settingsWarnings(partial as never)).toEqual([]);
  });

  it('warns about the part that is there while the rest is still missing', () => {
    expect(
      settingsWarnings({ connection: { protocol: 'ldap-ssl', acceptAllCertificates: true } }).map(
        (warning) => warning.code,
      ),
    ).toEqual(['accept-all-certificates']);
  });

  it.each([
    ['(objectCategory=User)', true],
    ['(&(objectCategory=User)(mail=*))', true],
    ['(&(objectCategory=User)(objectClass=user))', false],
    ['(objectClass=posixAccount)', false],
  ])('user filter %s matches AD contacts: %s', (filter, expected) => {
    const settings = base();
    settings.users.filter = filter;
    expect(codes(settings).includes('user-filter-matches-contacts')).toBe(expected);
  });
});
