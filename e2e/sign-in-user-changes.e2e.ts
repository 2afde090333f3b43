import { Attribute, Change } from 'ldapts';
import {
  DirsyncSystem,
  organizationalUnit,
  person,
  SlapdFixture,
  waitUntil,
} from '@dirsync/testing';

/**
 * auth-gateway keeps the users it signed in (no round trip to user-store per
 * sign-in) and drops them on user-store's events. Through the whole system:
 * users sign in (and are cached), then a sync renames one (a new uid on the
 * same entry) and deletes another that left the user filter but whose
 * entry and password still work. Once auth-gateway has handled each event
 * — waited for in its log, not slept on — the next sign-in sees the change.
 */
describe('sign-in after a sync changed signed-in users', () => {
  const PASSWORD = 'Changes-Secret-1';
  let system: DirsyncSystem;
  let ldap: SlapdFixture;
  let people: string;

  const signIn = async (userName: string) => {
    const response = await fetch(system.url('auth-gateway', '/api/v1/sessions/password'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userName, password: PASSWORD }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  /** Resolves once auth-gateway logged that it handled this event (its cache dropped the user). */
  const handledByGateway = (eventId: string) =>
    waitUntil(() =>
      system.processes
        .get('auth-gateway')
        .output.some((line) => line.includes(`"eventId":"${eventId}"`)),
    );

  beforeAll(async () => {
    system = await DirsyncSystem.start({ env: { SIGN_IN_FAILURE_MIN_MS: '50' } });
    ldap = await SlapdFixture.create();
    people = `ou=people,${ldap.baseDn}`;
    await ldap.add([
      organizationalUnit(ldap.baseDn, 'people'),
      // Named by cn, so that a new uid renames the user without moving the entry.
      person(people, 'rita', { rdn: 'cn=Rita Rename', cn: 'Rita Rename', userPassword: PASSWORD }),
      person(people, 'dora', { userPassword: PASSWORD }),
      person(people, 'sam', { userPassword: PASSWORD }),
      // Bystanders, so that one deletion stays under the deletion threshold (20%).
      ...['pat', 'lee', 'kim', 'max'].map((uid) => person(people, uid)),
    ]);
    const settings = {
      ...ldap.settings({
        users: { filter: '(&(objectClass=inetOrgPerson)(!(description=gone)))' },
      }),
      options: { autoDeleteUsers: true, defaultPrivileges: ['log-on'] },
    };
    expect((await system.admin('PUT', '/directory/settings', settings)).status).toBe(200);
    expect((await system.admin('POST', '/directory/sync?wait=true')).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await ldap?.destroy();
    await system?.stop();
  }, 60_000);

  it('signs the synchronized users in (and keeps them)', async () => {
    for (const userName of ['rita', 'dora', 'sam', 'rita', 'dora']) {
      expect((await signIn(userName)).status).toBe(200);
    }
  });

  describe('after a sync renamed rita and deleted dora', () => {
    beforeAll(async () => {
      const renamedBefore = system.events.of('user.renamed.v1').length;
      const deletedBefore = system.events.of('user.deleted.v1').length;
      await ldap.modify(`cn=Rita Rename,${people}`, [
        new Change({
          operation: 'replace',
          modification: new Attribute({ type: 'uid', values: ['rita-new'] }),
        }),
      ]);
      await ldap.modify(`uid=dora,${people}`, [
        new Change({
          operation: 'add',
          modification: new Attribute({ type: 'description', values: ['gone'] }),
        }),
      ]);

      const sync = await system.admin('POST', '/directory/sync?wait=true');

      expect(sync.status).toBe(200);
      expect(sync.body.plan.counts).toMatchObject({ rename: 1, delete: 1 });
      const [renamed] = (await system.events.waitFor('user.renamed.v1', renamedBefore + 1)).slice(
        renamedBefore,
      );
      const [deleted] = (await system.events.waitFor('user.deleted.v1', deletedBefore + 1)).slice(
        deletedBefore,
      );
      await handledByGateway(String(renamed?.body['eventId']));
      await handledByGateway(String(deleted?.body['eventId']));
    }, 120_000);

    it('refuses the old name and signs the new one in', async () => {
      expect((await signIn('rita')).status).toBe(401);
      const renamed = await signIn('rita-new');
      expect(renamed.status).toBe(200);
      expect(renamed.body['user']).toMatchObject({ userName: 'rita-new' });
    });

    it('refuses the deleted user, whose entry still accepts the password', async () => {
      expect((await signIn('dora')).status).toBe(401);
    });

    it('still signs in the user nothing happened to', async () => {
      expect((await signIn('sam')).status).toBe(200);
    });
  });
});
