import { DirsyncSystem, organizationalUnit, person, SlapdFixture } from '@dirsync/testing';

/**
 * A plan of several staging pages, end to end: sync-planner lets a create
 * line go once user-store has staged its page, and when the plan is
 * finished reads back the few it must compare exactly (an address two new
 * users bring, a user name on two entries) from the staged plan. Real
 * slapd, PostgreSQL, RabbitMQ and services.
 */
describe('a plan of several staging pages', () => {
  const USERS = 2_500;
  let system: DirsyncSystem;
  let ldap: SlapdFixture;

  const uid = (index: number) => `u${String(index).padStart(4, '0')}`;
  /** How many staged lines the planner read back for the run (its log says, once it succeeded). */
  const linesReadBack = (run: { id: string }) =>
    system.processes
      .get('sync-planner')
      .output.filter((line) => line.includes(run.id) && line.includes('run succeeded'))
      .map((line) => (JSON.parse(line) as { linesReadBack: number }).linesReadBack);
  const actions = (run: { id: string }) => system.planActions(run.id);

  beforeAll(async () => {
    system = await DirsyncSystem.start({
      services: ['user-store', 'directory-reader', 'sync-planner', 'config-api'],
    });
    ldap = await SlapdFixture.create();
    const people = `ou=people,${ldap.baseDn}`;
    const others = `ou=others,${ldap.baseDn}`;
    // u0003 and u2400 bring one address (in any case), pages apart; the
    // first page also holds an entry whose user name another entry has.
    const mail = (index: number) =>
      index === 3 ? 'shared@example.com' : index === 2_400 ? 'Shared@Example.com' : undefined;
    await ldap.add([
      organizationalUnit(ldap.baseDn, 'people'),
      organizationalUnit(ldap.baseDn, 'others'),
      person(people, 'twin', { mail: 'twin.one@example.com' }),
      ...Array.from({ length: USERS }, (_, index) =>
        person(people, uid(index), { mail: mail(index) ?? `${uid(index)}@example.com` }),
      ),
      person(others, 'twin', { mail: 'twin.two@example.com' }),
    ]);
    const settings = {
      ...ldap.settings(),
      options: { autoDeleteUsers: false, defaultPrivileges: ['log-on'] },
    };
    expect((await system.admin('PUT', '/directory/settings', settings)).status).toBe(200);
  }, 180_000);

  afterAll(async () => {
    await ldap?.destroy();
    await system?.stop();
  }, 60_000);

  it('Test Settings plans every user once, the second claim of an address and a name on two entries as conflicts', async () => {
    const test = await system.admin('POST', '/directory/test?wait=true');

    expect(test.status).toBe(200);
    expect(test.body.plan.counts).toMatchObject({ create: USERS - 1, conflict: 2 });
    const planned = await actions(test.body);
    expect(planned.filter((line) => line.startsWith('conflict:')).sort()).toEqual([
      'conflict:twin',
      `conflict:${uid(2_400)}`,
    ]);
    expect(planned.filter((line) => line === `create:${uid(3)}`)).toHaveLength(1);
    // The first two pages were sent while the plan was made, so their lines
    // were let go: the first twin's and u0003's were read back to be compared.
    expect(linesReadBack(test.body)).toEqual([2]);
  }, 120_000);

  it('the stored plan is applied as planned: its fingerprint is the same when the sync plans again', async () => {
    const test = await system.admin('POST', '/directory/test?wait=true');
    const applied = await system.admin('POST', `/directory/runs/${test.body.id}/apply?wait=true`);

    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ state: 'succeeded', applied: true });
    expect(applied.body.plan.fingerprint).toBe(test.body.plan.fingerprint);
    expect(linesReadBack(applied.body)).toEqual([2]);
    const [users] = await system.database.query<{ users: number }>(
      'SELECT count(*)::int AS users FROM users',
    );
    expect(users?.users).toBe(USERS - 1);
    expect(
      await system.database.query(
        'SELECT u.user_name FROM users u JOIN user_email_addresses a ON a.user_id = u.id WHERE lower(a.address) = $1',
        ['shared@example.com'],
      ),
    ).toEqual([{ user_name: uid(3) }]);
  }, 120_000);
});
