import {
  DEFAULT_PRIVILEGES,
  type DirectorySettings,
  type LdapConnectionSettings,
} from '@dirsync/contracts';
import { Client } from 'ldapts';
import { serversEnv } from './servers-env';

/** The test Samba AD DC's facts, from the AD_* lines `infra/servers.sh up` writes in the test profile. */
export interface AdServersEnv {
  url: string;
  host: string;
  port: number;
  baseDn: string;
  adminUpn: string;
  adminPassword: string;
}

/** Missing AD_* lines mean the DC was not started: a failure, never a skip. */
export function adServersEnv(): AdServersEnv {
  const env = serversEnv();
  const missing = [
    'AD_URL',
    'AD_HOST',
    'AD_PORT',
    'AD_BASE_DN',
    'AD_ADMIN_UPN',
    'AD_ADMIN_PASSWORD',
  ]
    .filter((key) => !env[key])
    .join(', ');
  if (missing) {
    throw new Error(
      `servers.env has no ${missing}: the Samba AD DC runs in the test profile; start it with "DIRSYNC_PROFILE=test bash infra/servers.sh up" (see infra/samba-ad/README.md)`,
    );
  }
  return {
    url: env['AD_URL']!,
    host: env['AD_HOST']!,
    port: Number(env['AD_PORT']),
    baseDn: env['AD_BASE_DN']!,
    adminUpn: env['AD_ADMIN_UPN']!,
    adminPassword: env['AD_ADMIN_PASSWORD']!,
  };
}

const BASE = 'DC=example,DC=com';
const account = (cn: string, ou: string, upn: string, password: string | null) => ({
  dn: `CN=${cn},${ou},${BASE}`,
  upn,
  password,
});

/**
 * Facts of infra/samba-ad/ad-fixture.ldif that tests rely on (see
 * infra/samba-ad/README.md). The DC is shared by every test of a run: read
 * and bind only.
 */
export const AD_FIXTURE = {
  baseDn: BASE,
  syncGroup: 'MailStore Users',
  syncGroupDn: `CN=MailStore Users,OU=Groups,${BASE}`,
  /** 1,600 bulk users, 5 staff, 1 contact, 1 nested group. */
  syncGroupMemberValues: 1607,
  bulkUsers: 1600,
  bulkDn: (n: number) => `CN=Bulk User ${String(n).padStart(4, '0')},OU=Bulk,${BASE}`,
  alice: {
    ...account('Alice Adams', 'OU=Staff', 'alice@example.com', 'Alice-Pass1'),
    /** proxyAddresses stores the alias first and the primary (SMTP:) third. */
    emailAddresses: ['alice@example.com', 'a.adams@example.com', 'alice.adams@example.net'],
  },
  bob: account('Bob Brown', 'OU=Staff', 'bob@example.com', 'Bob-Pass1'),
  /** Chris Clark and Chris Cole: the same local part `chris`, different UPN suffixes. */
  chrisStaff: account('Chris Clark', 'OU=Staff', 'chris@example.com', 'Chris-Pass1'),
  chrisPartner: account('Chris Cole', 'OU=Partners', 'chris@partner.example.org', 'Cole-Pass1'),
  /** Two levels of nesting: MailStore Users → Partner Staff → Partner Leads → Pat. */
  pat: account('Pat Partner', 'OU=Leads,OU=Partners', 'pat@partner.example.org', 'Pat-Pass1'),
  /** userAccountControl 514 (ACCOUNTDISABLE). */
  disabled: account('Dana Disabled', 'OU=Staff', 'dana@example.com', 'Dana-Pass1'),
  /** pwdLastSet 0: must change the password at next logon. */
  mustChange: account('Morgan Mustchange', 'OU=Staff', 'morgan@example.com', 'Morgan-Pass1'),
  /** In no synchronized group. */
  outsider: account('Olga Outsider', 'OU=Staff', 'olga@example.com', 'Olga-Pass1'),
  /** objectClass contact, member of MailStore Users, no userPrincipalName. */
  contact: account('Carla Contact', 'OU=Contacts', '', null),
  partnerStaffDn: `CN=Partner Staff,OU=Partners,${BASE}`,
  partnerLeadsDn: `CN=Partner Leads,OU=Leads,OU=Partners,${BASE}`,
} as const;

/**
 * The seed's Active Directory configuration sample, as written there:
 * administrative DN in UPN form, empty base DN (detected from the RootDSE),
 * `(objectCategory=User)`, userPrincipalName with local part only,
 * displayName, proxyAddresses, `(objectCategory=Group)`, members from
 * `member`, synchronizing "MailStore Users".
 */
export function activeDirectorySampleSettings(
  connection: LdapConnectionSettings,
): DirectorySettings {
  return {
    connection,
    users: {
      filter: '(objectCategory=User)',
      userNameAttribute: 'userPrincipalName',
      localPartOnly: true,
      fullNameAttribute: 'displayName',
      emailAttribute: 'proxyAddresses',
    },
    groups: {
      filter: '(objectCategory=Group)',
      nameAttribute: 'cn',
      descriptionAttribute: 'description',
      membersAttribute: 'member',
      syncGroups: ['MailStore Users'],
    },
    authentication: { method: 'ldap' },
    options: { autoDeleteUsers: false, defaultPrivileges: [...DEFAULT_PRIVILEGES] },
  };
}

/** The shared test Samba AD DC: connection settings, the seed's sample on it, an admin client. */
export class SambaAdFixture {
  private constructor(readonly servers: AdServersEnv) {}

  /** Throws (does not skip) when the DC is not in servers.env or does not answer. */
  static async create(): Promise<SambaAdFixture> {
    const fixture = new SambaAdFixture(adServersEnv());
    try {
      await fixture.withAdmin(() => Promise.resolve());
    } catch (error) {
      throw new Error(
        `cannot bind to the test Samba AD DC at ${fixture.servers.url}: is it running ("bash infra/samba-ad.sh status")?`,
        { cause: error },
      );
    }
    return fixture;
  }

  /** Plain LDAP (port 389) as Administrator@example.com, base DN empty (detected), like the seed. */
  connection(overrides: Partial<LdapConnectionSettings> = {}): LdapConnectionSettings {
    return {
      host: this.servers.host,
      port: this.servers.port,
      protocol: 'ldap',
      acceptAllCertificates: false,
      bindDn: this.servers.adminUpn,
      bindPassword: this.servers.adminPassword,
      baseDn: '',
      ...overrides,
    };
  }

  settings(connection: Partial<LdapConnectionSettings> = {}): DirectorySettings {
    return activeDirectorySampleSettings(this.connection(connection));
  }

  /** Runs `work` with a client bound as the administrator; always unbinds. */
  async withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ url: this.servers.url, timeout: 30_000, connectTimeout: 5_000 });
    try {
      await client.bind(this.servers.adminUpn, this.servers.adminPassword);
      return await work(client);
    } finally {
      await client.unbind();
    }
  }
}
