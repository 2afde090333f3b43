import { Privilege, USER_LIST_MARK, UserPage } from '@dirsync/contracts';
import { validatePlain } from '@dirsync/service-kit';
import { directoryUser } from '@dirsync/testing';
import {
  type UserStoreTestDatabase,
  useUserStoreTestDatabase,
} from '../../test/user-store-test-database';
import { UserQueryService } from './user-query.service';

async function allPages(pages: AsyncIterable<UserPage>): Promise<UserPage[]> {
  const collected: UserPage[] = [];
  for await (const page of pages) collected.push(page);
  return collected;
}

describe(UserQueryService.name, () => {
  let db: UserStoreTestDatabase;
  let store: ReturnType<UserStoreTestDatabase['services']>;
  let sut: UserQueryService;

  useUserStoreTestDatabase((fresh) => {
    ({ db, store } = fresh);
    sut = store.queries;
  });

  async function seedDirectoryUsers(count: number) {
    await store.applyPlan.apply(
      await store.stagePlan(
        await store.leasedSyncRun(),
        Array.from({ length: count }, (_, i) => ({
          action: 'create' as const,
          userName: `user${i}`,
          directoryUser: directoryUser(`user${i}`, {
            emailAddresses: [`user${i}@example.com`, `u${i}@example.org`],
          }),
          privileges: [Privilege.LogOn],
        })),
      ),
    );
  }

  describe('page', () => {
    it('pages by user name case-insensitively, counts every match, and filters by kind', async () => {
      await store.applyPlan.apply(
        await store.stagePlan(
          await store.leasedSyncRun(),
          ['delta', 'Bravo', 'alpha', 'Echo', 'charlie'].map((userName) => ({
            action: 'create' as const,
            userName,
            directoryUser: directoryUser(userName, { emailAddresses: [`${userName}@example.com`] }),
            privileges: [Privilege.LogOn],
          })),
        ),
      );
      await store.localUsers.create({
        userName: 'Admin',
        fullName: null,
        emailAddresses: [],
        privileges: [],
      });

      const first = await sut.page({ offset: 0, limit: 4 });
      const second = await sut.page({ offset: 4, limit: 4 });
      const local = await sut.page({ offset: 0, limit: 10, authMethod: 'local' });
      const directory = await sut.page({ offset: 0, limit: 10, authMethod: 'directory' });

      expect(first.total).toBe(6);
      expect(first.users.map((user) => user.userName)).toEqual([
        'Admin',
        'alpha',
        'Bravo',
        'charlie',
      ]);
      expect(second.users.map((user) => user.userName)).toEqual(['delta', 'Echo']);
      expect(second.users[0]?.emailAddresses).toEqual(['delta@example.com']);
      expect(local).toMatchObject({
        total: 1,
        users: [{ userName: 'Admin', authMethod: 'local' }],
      });
      expect(directory.total).toBe(5);
      expect(await sut.page({ offset: 10, limit: 5 })).toEqual({ total: 6, users: [] });
    });

    it('searches user names, full names and addresses case-insensitively, LIKE characters literally', async () => {
      for (const [userName, fullName, address] of [
        ['jsmith', 'John Smith', 'john@example.com'],
        ['cdubois', 'Chloé Dubois', 'chloe@smithfield.example'],
        ['a_b', null, 'ab@example.com'],
        ['axb', 'Ax B', 'axb@example.com'],
      ] as const) {
        await store.localUsers.create({
          userName,
          fullName,
          emailAddresses: [address],
          privileges: [],
        });
      }
      const names = async (q: string) =>
        (await sut.page({ offset: 0, limit: 10, q })).users.map((user) => user.userName);

      expect(await names('SMITH')).toEqual(['cdubois', 'jsmith']);
      expect(await names('chloé')).toEqual(['cdubois']);
      expect(await names('a_b')).toEqual(['a_b']);
      expect(await names('%')).toEqual([]);
      expect((await sut.page({ offset: 0, limit: 1, q: 'example' })).total).toBe(4);
    });
  });

  describe('pages', () => {
    it('sends one last page, empty, when there are no users', async () => {
      expect(await allPages(sut.pages(100))).toEqual([
        {
          delta: false,
          users: [],
          removedIds: [],
          last: true,
          mark: expect.stringMatching(USER_LIST_MARK),
        },
      ]);
    });

    it('sends every user once, local and directory, with addresses in order, `last` on the final page only', async () => {
      await seedDirectoryUsers(5);
      await store.localUsers.create({
        userName: 'admin',
        fullName: null,
        emailAddresses: [],
        privileges: [],
      });

      const pages = await allPages(sut.pages(2));

      expect(pages.map((page) => [page.users.length, page.last])).toEqual([
        [2, false],
        [2, false],
        [2, true],
      ]);
      const users = pages.flatMap((page) => page.users);
      expect(users.map((user) => user.userName).sort()).toEqual([
        'admin',
        'user0',
        'user1',
        'user2',
        'user3',
        'user4',
      ]);
      expect(users.find((user) => user.userName === 'user3')?.emailAddresses).toEqual([
        'user3@example.com',
        'u3@example.org',
      ]);
      expect(users.find((user) => user.userName === 'admin')).toEqual({
        id: expect.any(String),
        userName: 'admin',
        fullName: null,
        emailAddresses: [],
        authMethod: 'local',
        externalId: null,
        dn: null,
      });
      // Each page is what the planner validates on receipt.
      for (const page of pages) expect(validatePlain(UserPage, page).problems).toEqual([]);
    });

    it('ends with a full last page when the count is a multiple of the page size', async () => {
      await seedDirectoryUsers(4);

      const pages = await allPages(sut.pages(2));

      expect(pages.map((page) => page.last)).toEqual([false, true]);
    });

    it('lists one snapshot: a user created while the pages are read is not half in it', async () => {
      await seedDirectoryUsers(3);
      const pages = sut.pages(1);
      const first = await pages.next();

      await store.localUsers.create({
        userName: 'zz-late',
        fullName: null,
        emailAddresses: [],
        privileges: [],
      });
      const rest = await allPages({ [Symbol.asyncIterator]: () => pages });

      const names = [first.value as UserPage, ...rest].flatMap((page) =>
        page.users.map((user) => user.userName),
      );
      expect(names.sort()).toEqual(['user0', 'user1', 'user2']);
    });

    it('releases its connection when the reader stops early', async () => {
      await seedDirectoryUsers(3);
      const pages = sut.pages(1);
      await pages.next();

      await pages.return(undefined);

      const [row] = await db.query<{ open: number }>(
        `SELECT count(*)::int AS open FROM pg_stat_activity
          WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
      );
      expect(row?.open).toBe(0);
    });
  });

  describe('pages since a mark', () => {
    const markOf = (pages: UserPage[]) => pages.at(-1)?.mark ?? '';
    const namesIn = (pages: UserPage[]) =>
      pages.flatMap((page) => page.users.map((user) => user.userName)).sort();
    const idOf = async (userName: string) =>
      (await db.query<{ id: string }>('SELECT id FROM users WHERE user_name = $1', [userName]))[0]!
        .id;

    it('gives only the users written since and the ids of those deleted since, in pages', async () => {
      await seedDirectoryUsers(4);
      const mark = markOf(await allPages(sut.pages(100)));
      const user3 = await idOf('user3');
      const user0 = await idOf('user0');

      // A sync changes user1's addresses only; an admin adds a local user and
      // changes user2's privileges; user3 and user0 are deleted.
      await store.applyPlan.apply(
        await store.stagePlan(await store.leasedSyncRun(), [
          {
            action: 'update',
            userName: 'user1',
            userId: await idOf('user1'),
            directoryUser: directoryUser('user1', { emailAddresses: ['user1@example.com'] }),
            fieldChanges: [
              {
                field: 'emailAddresses',
                old: ['user1@example.com', 'u1@example.org'],
                new: ['user1@example.com'],
              },
            ],
          },
        ]),
      );
      await store.localUsers.create({
        userName: 'admin',
        fullName: null,
        emailAddresses: [],
        privileges: [],
      });
      await db.query(`UPDATE users SET privileges = '{}' WHERE user_name = 'user2'`);
      await db.query(`DELETE FROM users WHERE id = ANY($1::uuid[])`, [[user3, user0]]);

      const pages = await allPages(sut.pages(1, mark));

      expect(
        pages.map((page) => [page.delta, page.users.length, page.removedIds.length, page.last]),
      ).toEqual([
        [true, 1, 0, false],
        [true, 1, 0, false],
        [true, 1, 1, false],
        [true, 0, 1, true],
      ]);
      expect(namesIn(pages)).toEqual(['admin', 'user1', 'user2']);
      expect(pages.flatMap((page) => page.removedIds).sort()).toEqual([user0, user3].sort());
      expect(
        pages.flatMap((page) => page.users).find((user) => user.userName === 'user1')
          ?.emailAddresses,
      ).toEqual(['user1@example.com']);
      for (const page of pages) expect(validatePlain(UserPage, page).problems).toEqual([]);

      // Nothing since the new mark.
      expect(await allPages(sut.pages(100, markOf(pages)))).toEqual([
        {
          delta: true,
          users: [],
          removedIds: [],
          last: true,
          mark: expect.stringMatching(USER_LIST_MARK),
        },
      ]);
    });

    it('misses no write that was under way when the mark was taken', async () => {
      await seedDirectoryUsers(1);
      const writer = db.dataSource.createQueryRunner();
      try {
        await writer.startTransaction();
        await writer.query(`UPDATE users SET full_name = 'Written Late' WHERE user_name = 'user0'`);
        const mark = markOf(await allPages(sut.pages(100)));
        await writer.commitTransaction();

        const pages = await allPages(sut.pages(100, mark));

        expect(pages[0]?.delta).toBe(true);
        expect(pages.flatMap((page) => page.users).map((user) => user.fullName)).toEqual([
          'Written Late',
        ]);
      } finally {
        await writer.release();
      }
    });

    it('gives the whole store when the users were truncated since', async () => {
      await seedDirectoryUsers(2);
      const mark = markOf(await allPages(sut.pages(100)));
      await db.query('TRUNCATE users, user_email_addresses, archive_folders');
      await seedDirectoryUsers(1);

      const pages = await allPages(sut.pages(100, mark));

      expect(pages.map((page) => page.delta)).toEqual([false]);
      expect(namesIn(pages)).toEqual(['user0']);
    });

    it('gives the whole store for a mark ahead of this database (another one, or a restored backup)', async () => {
      await seedDirectoryUsers(2);
      const [, takenAt] = markOf(await allPages(sut.pages(100))).split(':');

      const pages = await allPages(sut.pages(100, `99999999999:${takenAt}`));

      expect(pages.map((page) => page.delta)).toEqual([false]);
      expect(namesIn(pages)).toEqual(['user0', 'user1']);
    });

    it('gives the whole store for a mark older than half a day (deleted ids are kept a day)', async () => {
      await seedDirectoryUsers(2);
      const [xmin] = markOf(await allPages(sut.pages(100))).split(':');
      const halfADayAgo = Date.now() - 12 * 60 * 60_000 - 60_000;

      const pages = await allPages(sut.pages(100, `${xmin}:${halfADayAgo}`));

      expect(pages.map((page) => page.delta)).toEqual([false]);
      expect(namesIn(pages)).toEqual(['user0', 'user1']);
    });
  });

  describe('details', () => {
    it('gives a user with its archive folder', async () => {
      await seedDirectoryUsers(1);
      const user0 = await sut.findByUserName('user0');
      const [folder] = await db.query<{ id: string; created_at: Date }>(
        'SELECT id, created_at FROM archive_folders',
      );

      expect(await sut.details(user0?.id ?? '')).toEqual({
        ...user0,
        archiveFolder: {
          id: folder?.id,
          name: 'user0',
          createdAt: folder?.created_at.toISOString(),
        },
      });
    });

    it('says not-found for a user that is gone (its folder stays, no longer owned)', async () => {
      const { user } = await store.localUsers.create({
        userName: 'temp',
        fullName: null,
        emailAddresses: [],
        privileges: [],
      });
      await store.localUsers.delete({ userId: user.id });

      await expect(sut.details(user.id)).rejects.toMatchObject({ code: 'not-found' });
      expect(await db.query('SELECT name FROM archive_folders')).toEqual([{ name: 'temp' }]);
    });
  });

  describe('findByUserName', () => {
    it('finds a user whatever the case of the name', async () => {
      await seedDirectoryUsers(1);

      expect((await sut.findByUserName('USER0'))?.userName).toBe('user0');
      expect(await sut.findByUserName('user9')).toBeNull();
    });
  });

  describe('findByEmailAddress', () => {
    it('finds the owner of any of its addresses, whatever the case', async () => {
      await seedDirectoryUsers(2);

      expect((await sut.findByEmailAddress('U1@EXAMPLE.ORG'))?.userName).toBe('user1');
      expect(await sut.findByEmailAddress('nobody@example.com')).toBeNull();
    });
  });
});
