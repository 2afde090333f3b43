import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Change, Client } from 'ldapts';
import type { DirectorySettings, LdapConnectionSettings } from '@dirsync/contracts';
import { deleteSubtree, fixtureOuName, removeAbandonedFixtures } from './ldap-subtree';
import { openLdapSampleSettings } from './seed-samples';
import { serversEnv, type ServersEnv } from './servers-env';

export type FixtureEntry = { dn: string; attributes: Record<string, string | string[]> };

/**
 * A private OU on the shared test slapd (`ou=fixture-<pid>-<random>,dc=example,dc=com`)
 * filled with a test's own entries and removed afterwards, so that tests
 * never touch the demo directory or each other; OUs left by interrupted runs
 * are removed first. Throws (does not skip) when the test servers are not
 * running.
 */
export class SlapdFixture {
  private constructor(
    readonly servers: ServersEnv,
    readonly baseDn: string,
    private readonly admin: Client,
  ) {}

  static async create(): Promise<SlapdFixture> {
    const servers = serversEnv();
    const admin = new Client({ url: servers.LDAP_URL, timeout: 30_000, connectTimeout: 5_000 });
    try {
      await admin.bind(servers.LDAP_BIND_DN, servers.LDAP_BIND_PASSWORD);
    } catch (error) {
      await admin.unbind();
      throw new Error(`cannot bind to the test slapd at ${servers.LDAP_URL}: is it running?`, {
        cause: error,
      });
    }
    await removeAbandonedFixtures(admin, servers.LDAP_BASE_DN, 'fixture');
    const ou = fixtureOuName('fixture', randomBytes(4).toString('hex'));
    const fixture = new SlapdFixture(servers, `ou=${ou},${servers.LDAP_BASE_DN}`, admin);
    await admin.add(fixture.baseDn, { objectClass: ['top', 'organizationalUnit'], ou });
    return fixture;
  }

  /** Adds entries in order (parents first). */
  async add(entries: FixtureEntry[]): Promise<void> {
    for (const entry of entries) await this.admin.add(entry.dn, entry.attributes);
  }

  modify(dn: string, changes: Change[]): Promise<void> {
    return this.admin.modify(dn, changes);
  }

  /** Moves or renames an entry; `newDn` may be a full DN or just a new RDN. */
  modifyDn(dn: string, newDn: string): Promise<void> {
    return this.admin.modifyDN(dn, newDn);
  }

  del(dn: string): Promise<void> {
    return this.admin.del(dn);
  }

  /** Deletes the OU and everything below it, then disconnects. */
  async destroy(): Promise<void> {
    try {
      await deleteSubtree(this.admin, this.baseDn);
    } finally {
      await this.admin.unbind();
    }
  }

  /** Connection settings for the test slapd: plain LDAP by default. */
  connection(overrides: Partial<LdapConnectionSettings> = {}): LdapConnectionSettings {
    return {
      host: this.servers.LDAP_HOST,
      port: Number(this.servers.LDAP_PORT),
      protocol: 'ldap',
      acceptAllCertificates: false,
      bindDn: this.servers.LDAP_BIND_DN,
      bindPassword: this.servers.LDAP_BIND_PASSWORD,
      baseDn: this.baseDn,
      ...overrides,
    };
  }

  caPem(): string {
    return readFileSync(this.servers.LDAP_CA_FILE, 'utf8');
  }

  /** The seed's OpenLDAP sample on this fixture's OU, with any groups and no sync group by default. */
  settings(
    overrides: {
      users?: Partial<DirectorySettings['users']>;
      groups?: Partial<DirectorySettings['groups']>;
    } = {},
  ): DirectorySettings {
    const sample = openLdapSampleSettings(this.connection());
    return {
      ...sample,
      users: { ...sample.users, ...overrides.users },
      groups: {
        ...sample.groups,
        filter: '(|(objectClass=posixGroup)(objectClass=groupOfNames))',
        syncGroups: [],
        ...overrides.groups,
      },
      options: { autoDeleteUsers: false, defaultPrivileges: [] },
    };
  }
}

let nextUidNumber = 20_000;

/** A posixAccount + inetOrgPerson; `rdn` defaults to `uid=<uid>`. */
export function person(
  parentDn: string,
  uid: string,
  extra: {
    rdn?: string;
    cn?: string;
    mail?: string | string[];
    displayName?: string;
    objectClass?: string[];
    [key: string]: unknown;
  } = {},
): FixtureEntry {
  const { rdn, objectClass, ...rest } = extra;
  const cn = extra.cn ?? `Person ${uid}`;
  const attributes: Record<string, string | string[]> = {
    objectClass: [
      'top',
      'person',
      'organizationalPerson',
      'inetOrgPerson',
      'posixAccount',
      ...(objectClass ?? []),
    ],
    uid,
    cn,
    sn: cn.split(' ').at(-1) ?? cn,
    uidNumber: String(nextUidNumber++),
    gidNumber: '20000',
    homeDirectory: `/home/${uid.replace(/[^a-z0-9]/gi, '_')}`,
  };
  for (const [key, value] of Object.entries(rest)) {
    if (typeof value === 'string' || Array.isArray(value))
      attributes[key] = value as string | string[];
  }
  return { dn: `${rdn ?? `uid=${escapeRdnValue(uid)}`},${parentDn}`, attributes };
}

export function organizationalUnit(parentDn: string, ou: string): FixtureEntry {
  return {
    dn: `ou=${ou},${parentDn}`,
    attributes: { objectClass: ['top', 'organizationalUnit'], ou },
  };
}

/** RFC 4514 escaping of a value for a DN we write ourselves. */
export function escapeRdnValue(value: string): string {
  return value
    .replace(/[,+"\\<>;=]/g, (char) => `\\${char}`)
    .replace(/^[ #]/, (char) => `\\${char}`)
    .replace(/ $/, '\\ ');
}
