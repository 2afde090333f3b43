import { Attribute, Change } from 'ldapts';
import { DirsyncSystem, organizationalUnit, person, SlapdFixture } from '@dirsync/testing';

/**
 * Issue "The Directory Services console", the users API: a user's details
 * (with its archive folder) and an admin's change of a user's privileges —
 * validated against the catalogue, announced as user.updated.v1, audited,
 * kept by later syncs, and ending the console sessions of a user who loses
 * `administer-directory`.
 */
describe('users API: details and privileges', () => {
  let system: DirsyncSystem;
  let ldap: SlapdFixture;
  let people: string;
  const PASSWORD = 'Ann-secret-1';
  const DEFAULTS = ['log-on', 'read-own-archive'];

  const dnOf = (uid: string) => `uid=${uid},${people}`;
  const idOf = async (userName: string): Promise<string> => {
    const { body } = await system.admin('GET', `/users?q=${userName}`);
    const user = (body.users as { id: string; userName: string }[]).find(
      (candidate) => candidate.userName === userName,
    );
    if (!user) throw new Error(`no user ${userName}`);
    return user.id;
  };
  const putPrivileges = (id: string, privileges: unknown) =>
    system.admin('PUT', `/users/${id}/privileges`, { privileges });
  /** A console session of a directory user, as the console's sign-in makes it. */
  const consoleSignIn = async (userName: string, password: string) => {
    const answer = await fetch(system.url('config-api', '/api/v1/console/session'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userName, password }),
    });
    const cookie = answer.headers.get('set-cookie')?.split(';')[0] ?? '';
    return { status: answer.status, body: (await answer.json()) as { code?: string }, cookie };
  };

  beforeAll(async () => {
    system = await DirsyncSystem.start({ env: { SIGN_IN_FAILURE_MIN_MS: '50' } });
    ldap = await SlapdFixture.create();
    people = `ou=people,${ldap.baseDn}`;
    await ldap.add([
      organizationalUnit(ldap.baseDn, 'people'),
      person(people, 'ann', {
        displayName: 'Ann Example',
        mail: ['ann@example.com', 'a.example@example.org'],
        userPassword: PASSWORD,
      }),
      person(people, 'bob', { displayName: 'Bob Example', mail: 'bob@example.com' }),
    ]);
    const settings = {
      ...ldap.settings(),
      options: { autoDeleteUsers: false, defaultPrivileges: DEFAULTS },
    };
    expect((await system.admin('PUT', '/directory/settings', settings)).status).toBe(200);
    expect((await system.admin('POST', '/directory/sync?wait=true')).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await ldap?.destroy();
    await system?.stop();
  }, 60_000);

  it("shows a user's addresses, privileges, DN, stable id and archive folder", async () => {
    const id = await idOf('ann');
    const [folder] = await system.database.query<{ id: string; created_at: Date }>(
      'SELECT id, created_at FROM archive_folders WHERE owner_user_id = $1',
      [id],
    );
    const [stored] = await system.database.query<{ external_id: string }>(
      'SELECT external_id FROM users WHERE id = $1',
      [id],
    );

    const { status, body } = await system.admin('GET', `/users/${id}`);

    expect(status).toBe(200);
    expect(body).toEqual(
      expect.objectContaining({
        id,
        userName: 'ann',
        authMethod: 'directory',
        emailAddresses: ['ann@example.com', 'a.example@example.org'],
        privileges: DEFAULTS,
        dn: dnOf('ann'),
        externalId: stored?.external_id,
        archiveFolder: {
          id: folder?.id,
          name: 'ann',
          createdAt: folder?.created_at.toISOString(),
        },
      }),
    );
  });

  it('answers 404 for an unknown user and 400 for an id that is not one', async () => {
    const unknown = await system.admin('GET', '/users/00000000-0000-4000-8000-000000000000');
    const malformed = await system.admin('GET', '/users/ann');

    expect(unknown).toMatchObject({ status: 404, body: { code: 'not-found' } });
    expect(malformed).toMatchObject({ status: 400, body: { code: 'invalid-request' } });
  });

  it('sets privileges: 200 with the user, a user.updated.v1 event and an audit record', async () => {
    const id = await idOf('ann');
    const before = system.events.of('user.updated.v1').length;

    const { status, body } = await putPrivileges(id, [
      'administer-directory',
      'log-on',
      'read-own-archive',
    ]);

    expect(status).toBe(200);
    expect(body).toMatchObject({
      id,
      privileges: ['log-on', 'read-own-archive', 'administer-directory'],
      archiveFolder: { name: 'ann' },
    });
    const [event] = (await system.events.waitFor('user.updated.v1', before + 1)).slice(before);
    expect(event?.body).toMatchObject({
      runId: null,
      user: { id, privileges: ['log-on', 'read-own-archive', 'administer-directory'] },
      changes: [
        {
          field: 'privileges',
          old: DEFAULTS,
          new: ['log-on', 'read-own-archive', 'administer-directory'],
        },
      ],
    });
    const audit = await system.database.query(
      "SELECT actor, fields, details FROM config_audit_records WHERE action = 'user.privileges-changed'",
    );
    expect(audit).toEqual([
      {
        actor: 'bootstrap-admin',
        fields: ['privileges'],
        details: { userId: id, userName: 'ann', added: ['administer-directory'], removed: [] },
      },
    ]);
  });

  /** user.updated.v1 events in user-store's outbox: written with the change, or not at all. */
  const updatesWritten = async () =>
    (
      await system.database.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM outbox_events WHERE routing_key = 'user.updated.v1'",
      )
    )[0]?.n;

  it.each([
    ['an unknown privilege, named', ['log-on', 'root'], /"root" is not a privilege/],
    ['a privilege listed twice', ['log-on', 'log-on'], /twice/],
    ['a list that is not one', 'log-on', /must be an array/],
    ['a missing list', undefined, /privileges/],
  ])('refuses %s with 400 and changes nothing', async (_, privileges, message) => {
    const id = await idOf('bob');
    const written = await updatesWritten();

    const { status, body } = await putPrivileges(id, privileges);

    expect(status).toBe(400);
    expect(body.code).toBe('invalid-request');
    expect(
      (body.details as { field: string; message: string }[])
        .map((problem) => `${problem.field}: ${problem.message}`)
        .join('\n'),
    ).toMatch(message);
    expect((await system.admin('GET', `/users/${id}`)).body.privileges).toEqual(DEFAULTS);
    expect(await updatesWritten()).toBe(written);
  });

  it('answers 404 for an unknown user', async () => {
    const { status, body } = await putPrivileges('00000000-0000-4000-8000-000000000000', [
      'log-on',
    ]);

    expect(status).toBe(404);
    expect(body.code).toBe('not-found');
  });

  it('answers 401 without a token and 403 to a token without the admin right', async () => {
    const id = await idOf('bob');
    const { body: monitoring } = await system.admin('POST', '/admin/tokens', {
      name: 'privileges-monitoring',
      isAdmin: false,
    });
    const put = (headers: Record<string, string>) =>
      fetch(system.url('config-api', `/api/v1/users/${id}/privileges`), {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ privileges: ['administer-directory'] }),
      });

    expect((await put({})).status).toBe(401);
    expect((await put({ authorization: `Bearer ${monitoring.token}` })).status).toBe(403);
    expect(
      (
        await fetch(system.url('config-api', `/api/v1/users/${id}`), {
          headers: { authorization: `Bearer ${monitoring.token}` },
        })
      ).status,
    ).toBe(403);
    expect((await system.admin('GET', `/users/${id}`)).body.privileges).toEqual(DEFAULTS);
  });

  it('a later sync keeps the privileges an admin set; only new users get the defaults', async () => {
    const id = await idOf('ann');
    await ldap.modify(dnOf('ann'), [
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'displayName', values: ['Ann Changed'] }),
      }),
    ]);
    await ldap.add([
      person(people, 'cid', { displayName: 'Cid Example', mail: 'cid@example.com' }),
    ]);
    const before = system.events.of('user.updated.v1').length;

    const sync = await system.admin('POST', '/directory/sync?wait=true');

    expect(sync.status).toBe(200);
    expect(sync.body.plan.counts).toMatchObject({ create: 1, update: 1 });
    const { body: ann } = await system.admin('GET', `/users/${id}`);
    expect(ann).toMatchObject({
      fullName: 'Ann Changed',
      privileges: ['log-on', 'read-own-archive', 'administer-directory'],
    });
    expect((await system.admin('GET', `/users/${await idOf('cid')}`)).body.privileges).toEqual(
      DEFAULTS,
    );
    const [synced] = (await system.events.waitFor('user.updated.v1', before + 1)).slice(before);
    expect(synced?.body).toMatchObject({
      runId: sync.body.id,
      user: { id, privileges: ['log-on', 'read-own-archive', 'administer-directory'] },
      changes: [{ field: 'fullName', old: 'Ann Example', new: 'Ann Changed' }],
    });
  });

  it('taking administer-directory away ends the user’s console sessions; signing in again is refused', async () => {
    const id = await idOf('ann');
    const signedIn = await consoleSignIn('ann', PASSWORD);
    expect(signedIn.status).toBe(200);
    const asAnn = () =>
      fetch(system.url('config-api', '/api/v1/users?limit=1'), {
        headers: { cookie: signedIn.cookie },
      });
    expect((await asAnn()).status).toBe(200);

    expect((await putPrivileges(id, DEFAULTS)).status).toBe(200);

    expect((await asAnn()).status).toBe(401);
    const again = await consoleSignIn('ann', PASSWORD);
    expect(again).toMatchObject({ status: 403, body: { code: 'not-an-administrator' } });
    const ended = await system.database.query(
      "SELECT actor, details FROM config_audit_records WHERE action = 'console.sessions-ended'",
    );
    expect(ended).toEqual([
      { actor: 'bootstrap-admin', details: { userName: 'ann', sessions: 1 } },
    ]);
  });
});
