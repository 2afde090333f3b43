import { Attribute, Change } from 'ldapts';
import { DirsyncSystem, organizationalUnit, person, SlapdFixture } from '@dirsync/testing';

/**
 * A directory user whose user name changes only in case (`ann` → `Ann`) is
 * the same person renamed: the case-insensitive name check must not see the
 * user's own stored name as a collision. Real slapd, PostgreSQL, RabbitMQ and
 * services; the entry's RDN is its cn, so its uid can change in place.
 */
describe('a change of case of a user name', () => {
  let system: DirsyncSystem;
  let ldap: SlapdFixture;
  let annDn: string;

  const user = async (name: string) =>
    system.database.query<{ id: string; user_name: string; dn: string }>(
      'SELECT id, user_name, dn FROM users WHERE lower(user_name) = lower($1)',
      [name],
    );
  const actions = (run: { id: string }) => system.planActions(run.id);

  beforeAll(async () => {
    system = await DirsyncSystem.start({
      services: ['user-store', 'directory-reader', 'sync-planner', 'config-api'],
    });
    ldap = await SlapdFixture.create();
    const people = `ou=people,${ldap.baseDn}`;
    const ann = person(people, 'ann', {
      rdn: 'cn=Ann Case',
      cn: 'Ann Case',
      displayName: 'Ann Case',
      mail: 'ann@example.com',
    });
    annDn = ann.dn;
    await ldap.add([
      organizationalUnit(ldap.baseDn, 'people'),
      ann,
      {
        dn: `cn=Sync Users,${ldap.baseDn}`,
        attributes: { objectClass: ['top', 'groupOfNames'], cn: 'Sync Users', member: [annDn] },
      },
    ]);
    const settings = {
      ...ldap.settings({
        groups: { filter: '(objectClass=groupOfNames)', syncGroups: ['Sync Users'] },
      }),
      options: { autoDeleteUsers: false, defaultPrivileges: ['log-on'] },
    };
    expect((await system.admin('PUT', '/directory/settings', settings)).status).toBe(200);
    const created = await system.admin('POST', '/directory/sync?wait=true');
    expect(created.status).toBe(200);
    expect(await actions(created.body)).toEqual(['create:ann']);
  }, 120_000);

  afterAll(async () => {
    await ldap?.destroy();
    await system?.stop();
  }, 60_000);

  it('is planned and applied as a rename of the same user, never a conflict with itself', async () => {
    const [before] = await user('ann');
    await ldap.modify(annDn, [
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'uid', values: ['Ann'] }),
      }),
    ]);

    const test = await system.admin('POST', '/directory/test?wait=true');
    expect(test.status).toBe(200);
    expect(await system.planChanges(test.body.id)).toEqual([
      expect.objectContaining({
        action: 'rename',
        userName: 'Ann',
        userId: before?.id,
        fieldChanges: [{ field: 'userName', old: 'ann', new: 'Ann' }],
      }),
    ]);

    const sync = await system.admin('POST', '/directory/sync?wait=true');
    expect(sync.status).toBe(200);
    expect(sync.body).toMatchObject({ state: 'succeeded', applied: true });
    expect(await actions(sync.body)).toEqual(['rename:Ann']);
    expect(await user('ann')).toEqual([{ id: before?.id, user_name: 'Ann', dn: annDn }]);
    const [renamed] = await system.events.waitFor('user.renamed.v1', 1);
    expect(renamed?.body).toMatchObject({
      previousUserName: 'ann',
      user: { id: before?.id, userName: 'Ann' },
    });
  });
});
