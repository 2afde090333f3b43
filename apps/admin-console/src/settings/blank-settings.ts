import type { DirectorySettings } from '../api/types';

/** The form before anything is saved or a preset is chosen. */
export const BLANK_SETTINGS: DirectorySettings = {
  connection: { host: '', protocol: 'ldap-tls', acceptAllCertificates: false, bindDn: '' },
  users: { userNameAttribute: 'uid', localPartOnly: false },
  groups: { filter: '', nameAttribute: 'cn', membersAttribute: 'member', syncGroups: [] },
  authentication: { method: 'ldap' },
  options: { autoDeleteUsers: false, defaultPrivileges: ['log-on', 'read-own-archive'] },
} as unknown as DirectorySettings;
