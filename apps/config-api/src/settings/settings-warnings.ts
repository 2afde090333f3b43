/** Something risky about settings that are otherwise valid, and the setting it is about. */
export interface SettingsWarning {
  code: string;
  severity: 'warning' | 'info';
  /** The field the warning is about (`connection.acceptAllCertificates`), where a form shows it. */
  field: string;
  message: string;
}

/**
 * The parts of the settings the warnings read. Settings an admin is still
 * editing may lack any of them (or hold a wrong type): the rules then say
 * nothing about that part rather than guess.
 */
export interface WarningInputs {
  connection?: { protocol?: unknown; acceptAllCertificates?: unknown };
  users?: { filter?: unknown };
  options?: { autoDeleteUsers?: unknown };
}

/**
 * What an admin must see about the settings (the seed: "warnings may appear
 * in the summary"): the one set of rules for the saved settings (summary,
 * dashboard) and for settings being edited (POST …/settings/validate).
 */
export function settingsWarnings(settings: WarningInputs): SettingsWarning[] {
  const warnings: SettingsWarning[] = [];
  const protocol = settings.connection?.protocol;
  const plain = protocol === 'ldap';
  const encrypted = protocol === 'ldap-tls' || protocol === 'ldap-ssl';
  const acceptAll = settings.connection?.acceptAllCertificates === true;
  const filter = settings.users?.filter;

  if (acceptAll && encrypted) {
    warnings.push({
      code: 'accept-all-certificates',
      severity: 'warning',
      field: 'connection.acceptAllCertificates',
      message:
        'Accept all certificates is on: the directory server is not authenticated, so a man in the middle can read the admin password and every user password.',
    });
  }
  if (acceptAll && plain) {
    warnings.push({
      code: 'accept-all-certificates-without-tls',
      severity: 'info',
      field: 'connection.acceptAllCertificates',
      message: 'Accept all certificates has no effect with plain LDAP.',
    });
  }
  if (plain) {
    warnings.push({
      code: 'cleartext-ldap',
      severity: 'warning',
      field: 'connection.protocol',
      message:
        'Plain LDAP sends the admin password and users\u2019 passwords in clear text: use LDAP-TLS or LDAP-SSL.',
    });
  }
  if (settings.options?.autoDeleteUsers === true) {
    warnings.push({
      code: 'auto-delete-users',
      severity: 'warning',
      field: 'options.autoDeleteUsers',
      message:
        'Users that leave the directory or the synchronized groups are deleted (their archives stay).',
    });
  }
  if (typeof filter === 'string' && matchesContacts(filter)) {
    warnings.push({
      code: 'user-filter-matches-contacts',
      severity: 'warning',
      field: 'users.filter',
      // Contacts may have mail too: only objectClass=user tells them apart.
      message:
        'The user filter (objectCategory=User) also matches contacts in Active Directory; add (objectClass=user) to exclude them.',
    });
  }
  return warnings;
}

/** `(objectCategory=User)` without an objectClass=user term: AD contacts have objectCategory Person too. */
function matchesContacts(filter: string): boolean {
  const compact = filter.replace(/\s+/g, '').toLowerCase();
  return compact.includes('(objectcategory=user)') && !compact.includes('(objectclass=user)');
}
