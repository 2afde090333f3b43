import type { DirectorySettings } from '@dirsync/contracts';
import type { ServersEnv } from '@dirsync/testing';

/** Facts of infra/demo/demo-directory.ldif that the tests rely on (see infra/demo/README.md). */
export const DEMO = {
  password: 'demo-password',
  /** 41 direct members of MailStore Users + 3 via the nested group interns. */
  usersInScope: 44,
  nestedOnly: ['siyer', 'oschmidt', 'neze'],
  outOfScope: ['lmartin', 'awatanabe', 'fnielsen', 'ofarouk', 'palves', 'jcarter'],
  withoutMail: ['dvolkov', 'ilarsen', 'nfischer'],
  commaSeparatedMail: {
    uid: 'rjimenez',
    addresses: ['rosa.jimenez@example.com', 'r.jimenez@example.com'],
  },
  escapedDn: { uid: 'jsmith', dnStart: 'cn=Smith' },
};

/**
 * The seed's OpenLDAP configuration sample, as written there, pointed at the
 * test slapd (plain LDAP). The memberUid variant swaps the members attribute
 * and adds the seed's search filter for members.
 */
export function openLdapSample(
  servers: ServersEnv,
  variant: 'member' | 'memberUid' = 'member',
): DirectorySettings {
  return {
    connection: {
      host: servers.LDAP_HOST,
      protocol: 'ldap',
      port: Number(servers.LDAP_PORT),
      acceptAllCertificates: false,
      bindDn: 'cn=admin,dc=example,dc=com',
      bindPassword: 'MySecretPassword',
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
      membersAttribute: variant === 'member' ? 'member' : 'memberUid',
      ...(variant === 'memberUid'
        ? {
            memberSearchFilter:
              '(|(&(objectClass=posixAccount)(uid={member}))(&(objectClass=posixGroup)(cn={member})))',
          }
        : {}),
      syncGroups: ['MailStore Users'],
    },
    authentication: { method: 'ldap' },
    options: { autoDeleteUsers: false, defaultPrivileges: ['log-on', 'read-own-archive'] as never },
  };
}
