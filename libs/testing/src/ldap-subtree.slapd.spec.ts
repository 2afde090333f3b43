import { spawnSync } from 'node:child_process';
import { Client } from 'ldapts';
import { removeAbandonedFixtures } from './ldap-subtree';
import { serversEnv } from './servers-env';

/** Against the test slapd: what an interrupted run leaves behind is cleared, a live run's OU is not. */
describe(removeAbandonedFixtures.name, () => {
  const servers = serversEnv();
  let admin: Client;

  beforeAll(async () => {
    admin = new Client({ url: servers.LDAP_URL, timeout: 10_000 });
    await admin.bind(servers.LDAP_BIND_DN, servers.LDAP_BIND_PASSWORD);
  });
  afterAll(async () => {
    await admin?.unbind();
  });

  async function addOu(ou: string): Promise<string> {
    const dn = `ou=${ou},${servers.LDAP_BASE_DN}`;
    await admin.add(dn, { objectClass: ['top', 'organizationalUnit'], ou });
    await admin.add(`cn=Smith\\, John,${dn}`, {
      objectClass: ['top', 'person'],
      cn: 'Smith, John',
      sn: 'Smith',
    });
    return dn;
  }

  async function exists(dn: string): Promise<boolean> {
    const { searchEntries } = await admin
      .search(dn, { scope: 'base', attributes: ['1.1'] })
      .catch(() => ({ searchEntries: [] }));
    return searchEntries.length === 1;
  }

  it('deletes the OUs of processes that are gone, with everything in them, and keeps the others', async () => {
    // A pid that certainly belongs to no running process: one that just exited.
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    const abandoned = await addOu(`cleanup-${deadPid}-abandoned`);
    const live = await addOu(`cleanup-${process.pid}-live`);
    try {
      await removeAbandonedFixtures(admin, servers.LDAP_BASE_DN, 'cleanup');

      expect(await exists(abandoned)).toBe(false);
      expect(await exists(live)).toBe(true);
    } finally {
      await removeAbandonedFixtures(admin, servers.LDAP_BASE_DN, 'cleanup');
      for (const dn of [`cn=Smith\\, John,${live}`, live]) await admin.del(dn).catch(() => {});
    }
  });
});
