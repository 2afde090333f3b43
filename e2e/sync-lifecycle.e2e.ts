import { Attribute, Change } from 'ldapts';
import {
  DirsyncSystem,
  organizationalUnit,
  person,
  SlapdFixture,
  waitUntil,
} from '@dirsync/testing';

/**
 * Issue "Safe synchronization", end to end on real slapd, PostgreSQL and
 * RabbitMQ: the plan's actions as the directory changes, what a sync may
 * never touch, the safety nets, and the events other services receive.
 */
describe('synchronization lifecycle', () => {
  let system: DirsyncSystem;
  let ldap: SlapdFixture;
  let people: string;
  let group: string;

  const groupEntry = (members: string[]) => ({
    dn: group,
    attributes: {
      objectClass: ['top', 'groupOfNames'],
      cn: 'Sync Users',
      description: 'synchronized',
      member: members,
    },
  });
  const dnOf = (uid: string) => `uid=${uid},${people}`;
  const setMembers = (uids: string[]) =>
    ldap.modify(group, [
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'member', values: uids.map(dnOf) }),
      }),
    ]);

  const settings = (options: Record<string, unknown> = {}) => ({
    ...ldap.settings({
      groups: { filter: '(objectClass=groupOfNames)', syncGroups: ['Sync Users'] },
    }),
    options: {
      autoDeleteUsers: false,
      defaultPrivileges: ['log-on', 'read-own-archive', 'archive-email'],
      ...options,
    },
  });

  /** Everything a run could change, to compare before and after. */
  const snapshot = async () => ({
    users: await system.database.query('SELECT * FROM users ORDER BY user_name'),
    addresses: await system.database.query('SELECT * FROM user_email_addresses ORDER BY address'),
    folders: await system.database.query('SELECT * FROM archive_folders ORDER BY id'),
    // User events only: every run, even one that writes nothing, ends with its own sync.run.* event.
    outbox: await system.database.query(
      "SELECT count(*)::int AS n FROM outbox_events WHERE routing_key LIKE 'user.%'",
    ),
  });
  const user = async (name: string): Promise<any> =>
    (
      await system.database.query('SELECT * FROM users WHERE lower(user_name) = lower($1)', [name])
    )[0];
  /** The run's planned changes as `action:user[:reason]`, sorted. */
  const actions = async (run: { id: string }) =>
    ((await system.planChanges(run.id)) as { action: string; userName: string; reason?: string }[])
      .map(
        (change) =>
          `${change.action}:${change.userName}${change.reason ? `:${change.reason}` : ''}`,
      )
      .sort();

  beforeAll(async () => {
    system = await DirsyncSystem.start();
    ldap = await SlapdFixture.create();
    people = `ou=people,${ldap.baseDn}`;
    group = `cn=Sync Users,${ldap.baseDn}`;
    await ldap.add([
      organizationalUnit(ldap.baseDn, 'people'),
      organizationalUnit(ldap.baseDn, 'moved'),
      ...['ann', 'bob', 'cid', 'dee', 'eve'].map((uid) =>
        person(people, uid, { displayName: `${uid} Example`, mail: `${uid}@example.com` }),
      ),
      groupEntry(['ann', 'bob', 'cid', 'dee'].map(dnOf)),
    ]);
    expect((await system.admin('PUT', '/directory/settings', settings())).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await ldap?.destroy();
    await system?.stop();
  }, 60_000);

  it('Test Settings plans the creates and leaves the database exactly as it was', async () => {
    const before = await snapshot();
    const { status, body } = await system.admin('POST', '/directory/test?wait=true');
    expect(status).toBe(200);
    expect(await actions(body)).toEqual(['create:ann', 'create:bob', 'create:cid', 'create:dee']);
    expect(await snapshot()).toEqual(before);
  });

  it('Synchronize now creates them with the default privileges and an archive folder each', async () => {
    const { body } = await system.admin('POST', '/directory/sync?wait=true');
    expect(body.plan.counts.create).toBe(4);
    const ann = await user('ann');
    expect(ann).toEqual(
      expect.objectContaining({
        auth_method: 'directory',
        privileges: ['log-on', 'read-own-archive', 'archive-email'],
      }),
    );
    const folders = await system.database.query(
      'SELECT * FROM archive_folders WHERE owner_user_id IS NOT NULL',
    );
    expect(folders).toHaveLength(4);
    await system.events.waitFor('user.created.v1', 4);
  });

  it('a changed attribute is an update with each field old and new, and a user.updated.v1 event', async () => {
    await ldap.modify(dnOf('ann'), [
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'displayName', values: ['Ann Changed'] }),
      }),
      new Change({
        operation: 'replace',
        modification: new Attribute({
          type: 'mail',
          values: ['ann@example.com', 'a.changed@example.com'],
        }),
      }),
    ]);
    const { body } = await system.admin('POST', '/directory/sync?wait=true');
    const change = (await system.planChanges(body.id)).find(
      (c: { userName: string }) => c.userName === 'ann',
    );
    expect(change.action).toBe('update');
    expect(change.fieldChanges).toEqual([
      { field: 'fullName', old: 'ann Example', new: 'Ann Changed' },
      {
        field: 'emailAddresses',
        old: ['ann@example.com'],
        new: ['ann@example.com', 'a.changed@example.com'],
      },
    ]);
    const [event] = await system.events.waitFor('user.updated.v1', 1);
    expect(event!.body['changes']).toEqual(change.fieldChanges);
  });

  it('a user moved to another OU, and one whose user name changed, are renames of the same person', async () => {
    const bobBefore = await user('bob');
    const cidBefore = await user('cid');
    await ldap.modifyDn(dnOf('bob'), `uid=bob,ou=moved,${ldap.baseDn}`);
    await setMembers(['ann', 'cid', 'dee']);
    await ldap.modify(group, [
      new Change({
        operation: 'add',
        modification: new Attribute({
          type: 'member',
          values: [`uid=bob,ou=moved,${ldap.baseDn}`],
        }),
      }),
    ]);
    await ldap.modifyDn(dnOf('cid'), 'uid=cid2');
    await ldap.modify(group, [
      new Change({
        operation: 'delete',
        modification: new Attribute({ type: 'member', values: [dnOf('cid')] }),
      }),
      new Change({
        operation: 'add',
        modification: new Attribute({ type: 'member', values: [dnOf('cid2')] }),
      }),
    ]);

    const { body } = await system.admin('POST', '/directory/sync?wait=true');
    expect(await actions(body)).toEqual(['rename:bob', 'rename:cid2']);
    expect((await user('bob')).id).toBe(bobBefore.id);
    expect((await user('bob')).dn).toBe(`uid=bob,ou=moved,${ldap.baseDn}`);
    expect((await user('cid2')).id).toBe(cidBefore.id);
    expect(await user('cid')).toBeUndefined();
    const renamed = await system.events.waitFor('user.renamed.v1', 2);
    expect(renamed.map((e) => e.body['previousUserName']).sort()).toEqual(['bob', 'cid']);
  });

  it('a user name held by a local user is a conflict naming both, and the local user is untouched', async () => {
    const { status, body: local } = await system.admin('POST', '/users', {
      userName: 'Eve',
      fullName: 'Local Eve',
      emailAddresses: ['eve.local@example.com'],
      privileges: ['log-on'],
    });
    expect(status).toBe(201);
    await ldap.modify(group, [
      new Change({
        operation: 'add',
        modification: new Attribute({ type: 'member', values: [dnOf('eve')] }),
      }),
    ]);

    const { body } = await system.admin('POST', '/directory/sync?wait=true');
    const conflict = (await system.planChanges(body.id)).find(
      (c: { action: string }) => c.action === 'conflict',
    );
    expect(conflict).toEqual(
      expect.objectContaining({ userName: 'eve', parties: [dnOf('eve'), 'local user "Eve"'] }),
    );
    expect(await user('eve')).toEqual(
      expect.objectContaining({ id: local.id, auth_method: 'local', full_name: 'Local Eve' }),
    );

    // The admin list: by user name, one kind or both, a bad parameter named.
    const locals = await system.admin('GET', '/users?authMethod=local');
    expect(locals.body).toEqual({
      total: 1,
      users: [expect.objectContaining({ userName: 'Eve' })],
    });
    const all = await system.admin('GET', '/users?offset=0&limit=2');
    const [stored] = await system.database.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM users',
    );
    expect(all.body.total).toBe(stored?.count);
    const names = all.body.users.map((u: { userName: string }) => u.userName);
    expect(names).toHaveLength(2);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
    const bad = await system.admin('GET', '/users?limit=5000&authMethod=ldap');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'invalid-request' });
    expect(bad.body.message).toContain('limit');
    expect(bad.body.message).toContain('authMethod');
  });

  it('without auto-delete, users who left or fell out of scope are kept, with the reason', async () => {
    await setMembers(['ann', 'eve']);
    await ldap.modify(group, [
      new Change({
        operation: 'add',
        modification: new Attribute({
          type: 'member',
          values: [`uid=bob,ou=moved,${ldap.baseDn}`],
        }),
      }),
    ]);
    await ldap.del(dnOf('dee'));
    const { body } = await system.admin('POST', '/directory/sync?wait=true');
    expect((await actions(body)).filter((a) => a.startsWith('keep'))).toEqual([
      'keep:cid2:out-of-scope',
      'keep:dee:no-longer-in-directory',
    ]);
    expect(await user('dee')).toBeDefined();
  });

  it('the deletion threshold stops a run that would delete too much; an explicit override goes through', async () => {
    expect(
      (
        await system.admin('PATCH', '/directory/settings', {
          options: { autoDeleteUsers: true, deletionThreshold: { maxCount: 1, maxPercent: 20 } },
        })
      ).status,
    ).toBe(200);
    const before = await snapshot();
    const stopped = await system.admin('POST', '/directory/sync?wait=true');
    expect(stopped.status).toBe(409);
    expect(stopped.body.code).toBe('deletion-threshold-exceeded');
    expect(stopped.body.message).toMatch(/would delete 2 users/);
    expect(await snapshot()).toEqual(before);

    const forced = await system.admin('POST', '/directory/sync?wait=true', {
      allowMassDelete: true,
    });
    expect(forced.status).toBe(200);
    expect((await actions(forced.body)).filter((a) => a.startsWith('delete'))).toEqual([
      'delete:cid2:out-of-scope',
      'delete:dee:no-longer-in-directory',
    ]);
  });

  it('deleted users leave their archive folders behind, no longer owned, and a user.deleted.v1 event', async () => {
    const orphans = await system.database.query<{
      owner_user_name: string;
      owner_user_id: string | null;
      orphaned_at: Date | null;
    }>(
      'SELECT owner_user_name, owner_user_id, orphaned_at FROM archive_folders WHERE owner_user_id IS NULL ORDER BY owner_user_name',
    );
    expect(orphans.map((f) => f.owner_user_name)).toEqual(['cid2', 'dee']);
    expect(orphans.every((f) => f.orphaned_at !== null)).toBe(true);
    const deleted = await system.events.waitFor('user.deleted.v1', 2);
    expect(deleted.every((e) => typeof e.body['archiveFolderId'] === 'string')).toBe(true);
  });

  it('new default privileges apply to new users only', async () => {
    await system.admin('PATCH', '/directory/settings', {
      options: { defaultPrivileges: ['log-on'] },
    });
    await ldap.add([person(people, 'fay', { displayName: 'Fay', mail: 'fay@example.com' })]);
    await ldap.modify(group, [
      new Change({
        operation: 'add',
        modification: new Attribute({ type: 'member', values: [dnOf('fay')] }),
      }),
    ]);
    await system.admin('POST', '/directory/sync?wait=true');
    expect((await user('fay')).privileges).toEqual(['log-on']);
    expect((await user('ann')).privileges).toEqual(['log-on', 'read-own-archive', 'archive-email']);
  });

  it('a stored Test Settings plan is applied only while nothing changed', async () => {
    await ldap.modify(dnOf('fay'), [
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'displayName', values: ['Fay One'] }),
      }),
    ]);
    const test = await system.admin('POST', '/directory/test?wait=true');
    await ldap.modify(dnOf('fay'), [
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'displayName', values: ['Fay Two'] }),
      }),
    ]);
    const stale = await system.admin('POST', `/directory/runs/${test.body.id}/apply?wait=true`);
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('stale-plan');
    expect((await user('fay')).full_name).toBe('Fay');

    const fresh = await system.admin('POST', '/directory/test?wait=true');
    const applied = await system.admin('POST', `/directory/runs/${fresh.body.id}/apply?wait=true`);
    expect(applied.status).toBe(200);
    expect((await user('fay')).full_name).toBe('Fay Two');
  });

  it('Synchronize now answers 202 with the queued run at once; the run can be followed to its end', async () => {
    const started = await system.admin('POST', '/directory/sync');
    expect(started.status).toBe(202);
    expect(['queued', 'running', 'succeeded']).toContain(started.body.state);
    expect(started.body).toMatchObject({ mode: 'sync', requestedBy: expect.any(String) });
    let run = started.body;
    await waitUntil(async () => {
      run = (await system.admin('GET', `/directory/runs/${started.body.id}`)).body;
      return run.state === 'succeeded';
    });
    expect(run).toMatchObject({ applied: true, finishedAt: expect.any(String) });
    expect(run.plan.counts).toEqual(expect.objectContaining({ create: 0 }));
  });

  it('only one synchronization runs at a time; the lock is free once the run ends', async () => {
    // Without a directory-reader the first run waits in its reading phase.
    await system.processes.stop('directory-reader');
    const first = await system.admin('POST', '/directory/sync');
    expect(first.status).toBe(202);
    const second = await system.admin('POST', '/directory/sync');
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({
      code: 'sync-already-running',
      details: { runId: first.body.id },
    });
    expect((await system.admin('POST', '/directory/test')).status).toBe(202);

    await system.startService('directory-reader');
    await waitUntil(
      async () =>
        (await system.admin('GET', `/directory/runs/${first.body.id}`)).body.state === 'succeeded',
      60_000,
    );
    expect((await system.admin('POST', '/directory/sync?wait=true')).status).toBe(200);
  });

  it('keeps a history of runs with their counts, changes and progress', async () => {
    const { body: runs } = await system.admin('GET', '/directory/runs');
    expect(runs.length).toBeGreaterThanOrEqual(10);
    expect(runs.map((r: { state: string }) => r.state)).toContain('failed');
    const { body: one } = await system.admin('GET', `/directory/runs/${runs[0].id}`);
    expect(one.plan.counts).toEqual(expect.objectContaining({ create: expect.any(Number) }));
    expect(await system.planChanges(one.id)).toEqual(expect.any(Array));
    expect(one.progress).toEqual(
      expect.objectContaining({ phase: expect.any(String), usersRead: expect.any(Number) }),
    );
  });
});
