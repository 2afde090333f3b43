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
