import type { DirectorySettings } from '@dirsync/contracts';
import { openLdapSampleSettings, seedAdminConnection, type ServersEnv } from '@dirsync/testing';

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

/** The seed's OpenLDAP sample on the shared test slapd (or another port of a test's own). */
export function openLdapSample(
  servers: ServersEnv,
  variant: 'member' | 'memberUid' = 'member',
): DirectorySettings {
  return openLdapSampleSettings(
    seedAdminConnection(servers.LDAP_HOST, Number(servers.LDAP_PORT)),
    variant,
  );
}
