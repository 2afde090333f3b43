import type { DirectorySettings } from '@dirsync/contracts';

export interface SettingsWarning {
  code: string;
  severity: 'warning' | 'info';
  message: string;
}

/** What an admin must see about the saved settings (the seed: "warnings may appear in the summary"). */
export function settingsWarnings(settings: DirectorySettings): SettingsWarning[] {
  const warnings: SettingsWarning[] = [];
  const { connection, users, options } = settings;
  const encrypted = connection.protocol !== 'ldap';

  if (connection.acceptAllCertificates && encrypted) {
    warnings.push({
      code: 'accept-all-certificates',
      severity: 'warning',
      message:
        'Accept all certificates is on: the directory server is not authenticated, so a man in the middle can read the admin password and every user password.',
    });
  }
  if (connection.acceptAllCertificates && !encrypted) {
    warnings.push({
      code: 'accept-all-certificates-without-tls',
      severity: 'info',
      message: 'Accept all certificates has no effect with plain LDAP.',
    });
  }
  if (!encrypted) {
    warnings.push({
      code: 'cleartext-ldap',
      severity: 'warning',
      message:
        'Plain LDAP sends the admin password and users\u2019 passwords in clear text: use LDAP-TLS or LDAP-SSL.',
    });
  }
  if (options.autoDeleteUsers) {
    warnings.push({
      code: 'auto-delete-users',
      severity: 'warning',
      message:
        'Users that leave the directory or the synchronized groups are deleted (their archives stay).',
    });
  }
  if (users.filter && matchesContacts(users.filter)) {
    warnings.push({
      code: 'user-filter-matches-contacts',
      severity: 'warning',
      message:
        'The user filter (objectCategory=User) also matches contacts in Active Directory; add (objectClass=user) or (mail=*) to exclude them.',
    });
  }
  return warnings;
}

/** `(objectCategory=User)` without an objectClass=user term: AD contacts have objectCategory Person too. */
function matchesContacts(filter: string): boolean {
  const compact = filter.replace(/\s+/g, '').toLowerCase();
  return compact.includes('(objectcategory=user)') && !compact.includes('(objectclass=user)');
}
