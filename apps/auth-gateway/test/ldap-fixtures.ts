import { randomBytes } from 'node:crypto';
import { Client } from 'ldapts';
import {
  deleteSubtree,
  fixtureOuName,
  removeAbandonedFixtures,
  type ServersEnv,
} from '@dirsync/testing';

export interface FixturePerson {
  dn: string;
  entryUUID: string;
}

/**
 * Entries of one test file under its own OU (`ou=authgw-<pid>-<random>` under
 * the suffix), added over LDAP as the admin and removed again by `remove()`;
 * OUs left by interrupted runs are removed first. The demo people are never
 * touched.
 */
export class LdapFixtures {
  private constructor(
    private readonly client: Client,
    readonly baseDn: string,
  ) {}

  static async create(servers: ServersEnv): Promise<LdapFixtures> {
    const client = new Client({ url: servers.LDAP_URL, timeout: 5_000, connectTimeout: 5_000 });
    await client.bind(servers.LDAP_BIND_DN, servers.LDAP_BIND_PASSWORD);
    await removeAbandonedFixtures(client, servers.LDAP_BASE_DN, 'authgw');
    const ou = fixtureOuName('authgw', randomBytes(4).toString('hex'));
    const baseDn = `ou=${ou},${servers.LDAP_BASE_DN}`;
    await client.add(baseDn, { objectClass: ['top', 'organizationalUnit'], ou });
    return new LdapFixtures(client, baseDn);
  }

  async addOu(name: string): Promise<string> {
    const dn = `ou=${name},${this.baseDn}`;
    await this.client.add(dn, { objectClass: ['top', 'organizationalUnit'], ou: name });
    return dn;
  }

  /** An inetOrgPerson named by `cn` (so any uid, even `*)(uid=*`, is allowed) with this password. */
  async addPerson(
    parentDn: string,
    cn: string,
    uid: string,
    password: string,
    mail?: string,
  ): Promise<FixturePerson> {
    const dn = `cn=${cn},${parentDn}`;
    await this.client.add(dn, {
      objectClass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson'],
      cn,
      sn: cn,
      uid,
      userPassword: password,
      ...(mail ? { mail } : {}),
    });
    return { dn, entryUUID: await this.entryUuid(dn) };
  }

  /** Moves an entry to another parent (what an admin does when someone changes department). */
  async move(dn: string, newParentDn: string): Promise<string> {
    const rdn = dn.split(',')[0]!;
    const newDn = `${rdn},${newParentDn}`;
    await this.client.modifyDN(dn, newDn);
    return newDn;
  }

  async delete(dn: string): Promise<void> {
    await this.client.del(dn);
  }

  /**
   * Deletes a person and creates another at the same DN (same cn and uid, a
   * new password): what happens when an admin deletes an account and reuses
   * the name for someone else. slapd gives the new entry a new entryUUID.
   */
  async recreatePerson(
    person: FixturePerson,
    uid: string,
    password: string,
  ): Promise<FixturePerson> {
    const [rdn, ...parent] = person.dn.split(',');
    await this.delete(person.dn);
    const recreated = await this.addPerson(
      parent.join(','),
      rdn!.slice('cn='.length),
      uid,
      password,
    );
    if (recreated.entryUUID === person.entryUUID) throw new Error('slapd reused an entryUUID');
    return recreated;
  }

  /** Removes the OU and everything below it, then disconnects. */
  async remove(): Promise<void> {
    try {
      await deleteSubtree(this.client, this.baseDn);
    } finally {
      await this.client.unbind();
    }
  }

  /** The entry's entryUUID, as the sync would store it (`externalId`). */
  async entryUuid(dn: string): Promise<string> {
    const { searchEntries } = await this.client.search(dn, {
      scope: 'base',
      attributes: ['entryUUID'],
    });
    const value = searchEntries[0]?.['entryUUID'];
    if (typeof value !== 'string') throw new Error(`no entryUUID for ${dn}`);
    return value;
  }
}
