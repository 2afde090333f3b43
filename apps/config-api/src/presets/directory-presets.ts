import type { DirectorySettings } from '@dirsync/contracts';
import { DEFAULT_PRIVILEGES } from '@dirsync/contracts';

/**
 * The seed's configuration samples, as templates an admin starts from (no
 * password: it is always the admin's to give). Host names are the seed's
 * placeholders.
 */
type Preset = Omit<DirectorySettings, 'connection'> & {
  connection: Omit<DirectorySettings['connection'], 'bindPassword'>;
};

const common = {
  authentication: { method: 'ldap' as const },
  options: {
    autoDeleteUsers: false,
    defaultPrivileges: [...DEFAULT_PRIVILEGES],
    deletionThreshold: { maxCount: 500, maxPercent: 20 },
  },
};

const activeDirectory: Preset = {
  connection: {
    host: 'dc001.example.com',
    protocol: 'ldap-tls',
    acceptAllCertificates: false,
    bindDn: 'mailstore@example.com',
    // Empty: detected from the RootDSE's defaultNamingContext.
    baseDn: '',
  },
  users: {
    // (objectCategory=User) also matches contacts: prefer the mail=* variant.
    filter: '(&(objectCategory=User)(mail=*))',
    userNameAttribute: 'userPrincipalName',
    localPartOnly: true,
    fullNameAttribute: 'displayName',
    emailAttribute: 'proxyAddresses',
    skipDisabledAccounts: true,
  },
  groups: {
    filter: '(objectCategory=Group)',
    nameAttribute: 'cn',
    descriptionAttribute: 'description',
    membersAttribute: 'member',
    syncGroups: ['MailStore Users'],
  },
  ...common,
};

const openLdap: Preset = {
  connection: {
    host: 'directory.example.com',
    protocol: 'ldap-tls',
    acceptAllCertificates: false,
    bindDn: 'cn=admin,dc=example,dc=com',
    baseDn: 'dc=example,dc=com',
  },
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
    membersAttribute: 'member',
    syncGroups: ['MailStore Users'],
  },
  ...common,
};

const openLdapMemberUid: Preset = {
  ...openLdap,
  groups: {
    ...openLdap.groups,
    // posixGroup members are plain names: resolve each as a user or a (nested) group.
    membersAttribute: 'memberUid',
    memberSearchFilter:
      '(|(&(objectClass=posixAccount)(uid={member}))(&(objectClass=posixGroup)(cn={member})))',
  },
};

export const DIRECTORY_PRESETS: Record<string, { description: string; settings: Preset }> = {
  'active-directory': {
    description:
      'Active Directory: UPN user names, Exchange proxyAddresses, members as DNs, base DN detected',
    settings: activeDirectory,
  },
  openldap: {
    description: 'OpenLDAP: posixAccount users, posixGroup groups with member DNs',
    settings: openLdap,
  },
  'openldap-memberuid': {
    description: 'OpenLDAP: posixGroup groups whose memberUid values are plain user or group names',
    settings: openLdapMemberUid,
  },
};
