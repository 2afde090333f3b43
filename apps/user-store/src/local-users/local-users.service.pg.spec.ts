import { Privilege } from '@dirsync/contracts';
import { directoryUser, refusal } from '@dirsync/testing';
import {
  type UserStoreTestDatabase,
  useUserStoreTestDatabase,
} from '../../test/user-store-test-database';
import { LocalUsersService } from './local-users.service';

const admin = {
  userName: 'Admin',
  fullName: 'Local Admin',
  emailAddresses: ['admin@example.com', 'root@example.com'],
  privileges: [Privilege.LogOn, Privilege.ModifyArchiveFolders],
};

describe(LocalUsersService.name, () => {
  let db: UserStoreTestDatabase;
  let store: ReturnType<UserStoreTestDatabase['services']>;
  let sut: LocalUsersService;

  useUserStoreTestDatabase((fresh) => {
    ({ db, store } = fresh);
    sut = store.localUsers;
  });

  it('creates a local user with an archive folder and a user.created.v1 event', async () => {
    const { user } = await sut.create(admin);

    expect(user).toEqual({
      id: expect.any(String),
      userName: 'Admin',
      fullName: 'Local Admin',
      emailAddresses: ['admin@example.com', 'root@example.com'],
      authMethod: 'local',
      externalId: null,
      dn: null,
      privileges: [Privilege.LogOn, Privilege.ModifyArchiveFolders],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(await store.queries.findByUserName('admin')).toEqual(user);
    expect(await db.query('SELECT owner_user_id, owner_user_name FROM archive_folders')).toEqual([
      { owner_user_id: user.id, owner_user_name: 'Admin' },
    ]);
    expect(await db.query('SELECT routing_key, payload FROM outbox_events')).toEqual([
      { routing_key: 'user.created.v1', payload: expect.objectContaining({ runId: null }) },
    ]);
  });

  it.each([
    [
      'a name taken in another case',
      { ...admin, userName: 'ADMIN', emailAddresses: [] },
      /user name is already taken/,
    ],
    [
      'an address of another user',
      { ...admin, userName: 'other', emailAddresses: ['Root@Example.com'] },
      /e-mail address/,
    ],
  ])('refuses %s as a conflict and writes nothing', async (_, command, message) => {
    await sut.create(admin);
    const before = await db.contents();

    const error = await refusal(sut.create(command));

    expect(error).toMatchObject({
      code: 'conflict',
      status: 409,
      message: expect.stringMatching(message),
    });
    expect(await db.contents()).toEqual(before);
  });

  it('refuses the same address listed twice', async () => {
    const error = await refusal(
      sut.create({ ...admin, emailAddresses: ['a@example.com', 'A@example.com'] }),
    );

    expect(error).toMatchObject({ code: 'invalid-message', status: 400 });
    expect(await db.query('SELECT * FROM users')).toEqual([]);
  });

  it('deletes a local user, keeps its archive folder marked as no longer owned, and says so in user.deleted.v1', async () => {
    const { user } = await sut.create(admin);

    const result = await sut.delete({ userId: user.id });

    const [folder] = await db.query<{
      id: string;
      owner_user_id: string | null;
      orphaned_at: Date | null;
    }>('SELECT id, owner_user_id, orphaned_at FROM archive_folders');
    expect(result).toEqual({ userId: user.id, archiveFolderId: folder?.id });
    expect(folder).toMatchObject({ owner_user_id: null, orphaned_at: expect.any(Date) });
    expect(await store.queries.findByUserName('admin')).toBeNull();
    const [, deleted] = await db.query<{ routing_key: string; payload: unknown }>(
      'SELECT routing_key, payload FROM outbox_events ORDER BY sequence',
    );
    expect(deleted).toEqual({
      routing_key: 'user.deleted.v1',
      payload: expect.objectContaining({
        archiveFolderId: folder?.id,
        reason: 'deleted-by-admin',
        runId: null,
      }),
    });
  });

  it('refuses to delete a directory user (only a sync does)', async () => {
    await store.applyPlan.apply(
      await store.stagePlan(await store.leasedSyncRun(), [
        { action: 'create', userName: 'ann', directoryUser: directoryUser('ann'), privileges: [] },
      ]),
    );
    const ann = await store.queries.findByUserName('ann');
    const before = await db.contents();

    const error = await refusal(sut.delete({ userId: ann?.id ?? '' }));

    expect(error).toMatchObject({ code: 'conflict', status: 409 });
    expect(await db.contents()).toEqual(before);
  });

  it('says not-found for an unknown id', async () => {
    const error = await refusal(sut.delete({ userId: '00000000-0000-4000-8000-000000000000' }));

    expect(error).toMatchObject({ code: 'not-found', status: 404 });
  });
});
