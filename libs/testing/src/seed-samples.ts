import {
  DEFAULT_PRIVILEGES,
  type DirectorySettings,
  type LdapConnectionSettings,
} from '@dirsync/contracts';

/** The seed's search filter for members given as plain names (posixGroup memberUid). */
export const SEED_MEMBER_SEARCH_FILTER =
  '(|(&(objectClass=posixAccount)(uid={member}))(&(objectClass=posixGroup)(cn={member})))';

/**
 * The seed's OpenLDAP configuration sample, as written there, on the given
 * connection. The memberUid variant swaps the members attribute and adds the
 * seed's search filter for members.
 */
export function openLdapSampleSettings(
  connection: LdapConnectionSettings,
  variant: 'member' | 'memberUid' = 'member',
): DirectorySettings {
  return {
    connection,
    users: {
      filter: '(objectClass=posixAccount)',
      userNameAttribute: 'uid',
      localPartOnly: false,
      fullNameAttribute: 'displayName',
      emailAttribute: 'mail',
    },
    groups: {
      filter: '(objectClass=posixGroup)',
      nameAttribute: 'cn',
      descriptionAttribute: 'description',
      membersAttribute: variant === 'member' ? 'member' : 'memberUid',
      ...(variant === 'memberUid' ? { memberSearchFilter: SEED_MEMBER_SEARCH_FILTER } : {}),
      syncGroups: ['MailStore Users'],
    },
    authentication: { method: 'ldap' },
    options: { autoDeleteUsers: false, defaultPrivileges: [...DEFAULT_PRIVILEGES] },
  };
}

/** Plain LDAP as the seed's admin (cn=admin,dc=example,dc=com / MySecretPassword). */
export function seedAdminConnection(
  host: string,
  port: number,
  baseDn = 'dc=example,dc=com',
): LdapConnectionSettings {
  return {
    host,
    port,
    protocol: 'ldap',
    acceptAllCertificates: false,
    bindDn: 'cn=admin,dc=example,dc=com',
    bindPassword: 'MySecretPassword',
    baseDn,
  };
}
