import { type DirectoryUser, Privilege, type StoredUser } from '@dirsync/contracts';
import { directoryUser, refusal } from '@dirsync/testing';
import { diffFields } from '@dirsync/user-diff';
import {
  type UserStoreTestDatabase,
  useUserStoreTestDatabase,
} from '../../test/user-store-test-database';
import { UserPrivilegesService } from './user-privileges.service';

describe(UserPrivilegesService.name, () => {
  let db: UserStoreTestDatabase;
  let store: ReturnType<UserStoreTestDatabase['services']>;
  let sut: UserPrivilegesService;

  useUserStoreTestDatabase((fresh) => {
    ({ db, store } = fresh);
    sut = store.privileges;
  });

  /** `ann` as a sync creates her, with the default privileges. */
  async function syncedAnn(): Promise<StoredUser> {
    await store.applyPlan.apply(
      await store.stagePlan(await store.leasedSyncRun(), [
        {
          action: 'create',
          userName: 'ann',
          directoryUser: directoryUser('ann'),
          privileges: [Privilege.LogOn, Privilege.ReadOwnArchive],
        },
      ]),
    );
    const ann = await store.queries.findByUserName('ann');
    if (!ann) throw new Error('ann was not created');
    return ann;
  }

  /** The outbox's user events (a sync run also writes its own sync.run.* event). */
  const userEvents = () =>
    db.query<{ routing_key: string; payload: Record<string, unknown> }>(
      "SELECT routing_key, payload FROM outbox_events WHERE routing_key LIKE 'user.%' ORDER BY sequence",
    );

  it('sets the privileges in the catalogue order and writes user.updated.v1 with the change in the same transaction', async () => {
    const ann = await syncedAnn();

    const result = await sut.set({
      userId: ann.id,
      privileges: [Privilege.AdministerDirectory, Privilege.LogOn],
    });

    const [folder] = await db.query<{ id: string }>('SELECT id FROM archive_folders');
    expect(result).toEqual({
      user: expect.objectContaining({
        id: ann.id,
        privileges: [Privilege.LogOn, Privilege.AdministerDirectory],
        archiveFolder: { id: folder?.id, name: 'ann', createdAt: expect.any(String) },
      }),
      previousPrivileges: [Privilege.LogOn, Privilege.ReadOwnArchive],
      changed: true,
    });
    expect((await store.queries.findByUserName('ann'))?.privileges).toEqual([
      Privilege.LogOn,
      Privilege.AdministerDirectory,
    ]);
    const [, updated] = await userEvents();
    expect(updated).toEqual({
      routing_key: 'user.updated.v1',
      payload: expect.objectContaining({
        runId: null,
        user: expect.objectContaining({
          id: ann.id,
          privileges: [Privilege.LogOn, Privilege.AdministerDirectory],
        }),
        changes: [
          {
            field: 'privileges',
            old: [Privilege.LogOn, Privilege.ReadOwnArchive],
            new: [Privilege.LogOn, Privilege.AdministerDirectory],
          },
        ],
      }),
    });
  });

  it('writes nothing and announces nothing when the user has these privileges already (in any order)', async () => {
    const ann = await syncedAnn();
    const before = await db.contents();

    const result = await sut.set({
      userId: ann.id,
      privileges: [Privilege.ReadOwnArchive, Privilege.LogOn],
    });

    expect(result.changed).toBe(false);
    expect(await db.contents()).toEqual(before);
  });

  it('sets a local user’s privileges the same way', async () => {
    const { user } = await store.localUsers.create({
      userName: 'helpdesk',
      fullName: null,
      emailAddresses: [],
      privileges: [],
    });

    const result = await sut.set({ userId: user.id, privileges: [Privilege.ExportEmail] });

    expect(result.user).toMatchObject({ authMethod: 'local', privileges: [Privilege.ExportEmail] });
  });

  it('says not-found for an unknown user and writes nothing', async () => {
    await syncedAnn();
    const before = await db.contents();

    const error = await refusal(
      sut.set({ userId: '00000000-0000-4000-8000-000000000000', privileges: [] }),
    );

    expect(error).toMatchObject({ code: 'not-found', status: 404 });
    expect(await db.contents()).toEqual(before);
  });

  it('a later sync that updates the user keeps the privileges an admin granted, and its event carries them', async () => {
    const ann = await syncedAnn();
    const granted = [Privilege.LogOn, Privilege.ReadOwnArchive, Privilege.AdministerDirectory];
    await sut.set({ userId: ann.id, privileges: granted });
    const stored = await store.queries.findByUserName('ann');
    if (!stored) throw new Error('ann vanished');
    const renamed: DirectoryUser = directoryUser('ann', { fullName: 'Ann Changed' });

    await store.applyPlan.apply(
      await store.stagePlan(await store.leasedSyncRun(), [
        {
          action: 'update',
          userName: 'ann',
          userId: stored.id,
          directoryUser: renamed,
          fieldChanges: diffFields(renamed, stored),
        },
      ]),
    );

    expect(await store.queries.findByUserName('ann')).toMatchObject({
      fullName: 'Ann Changed',
      privileges: granted,
    });
    const syncEvent = (await userEvents()).at(-1);
    expect(syncEvent).toEqual({
      routing_key: 'user.updated.v1',
      payload: expect.objectContaining({
        runId: expect.any(String),
        user: expect.objectContaining({ privileges: granted }),
      }),
    });
  });
});
