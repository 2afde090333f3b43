import type { DirectoryUser, PlanAction, PlannedUserChange, StoredUser } from '@dirsync/contracts';
import { Privilege } from '@dirsync/contracts';
import { createHash } from 'node:crypto';
import { packUser } from './packed-user';
import type { LineRef } from './directory-lines';
import { planFingerprint } from './plan-order';
import { PlanBuilder, type PlanInput, planSync, toSyncPlan } from './plan-sync';
import { textHash } from './text-hash';

const dirUser = (id: string, overrides: Partial<DirectoryUser> = {}): DirectoryUser => ({
  externalId: id,
  dn: `uid=${id},ou=people,dc=example,dc=com`,
  userName: id,
  fullName: `Full ${id}`,
  emailAddresses: [`${id}@example.com`],
  ...overrides,
});

const stored = (id: string, overrides: Partial<StoredUser> = {}): StoredUser => ({
  id: `store-${id}`,
  userName: id,
  fullName: `Full ${id}`,
  emailAddresses: [`${id}@example.com`],
  authMethod: 'directory',
  externalId: id,
  dn: `uid=${id},ou=people,dc=example,dc=com`,
  privileges: [Privilege.LogOn],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

const local = (name: string, overrides: Partial<StoredUser> = {}) =>
  stored(name, {
    id: `local-${name}`,
    authMethod: 'local',
    externalId: null,
    dn: null,
    ...overrides,
  });

/** The directory handed to a PlanBuilder `pageSize` users at a time, as a run reads it. */
/** Two lower-case addresses with the same textHash, found by counting (the same pair every run). */
function addressesSharingAHash(): [string, string] {
  const seen = new Map<number, string>();
  for (let i = 0; ; i += 1) {
    const address = `user${i}@example.com`;
    const other = seen.get(textHash(address));
    if (other !== undefined) return [other, address];
    seen.set(textHash(address), address);
  }
}

function planInPages(input: PlanInput, pageSize: number) {
  const builder = new PlanBuilder(input.storedUsers, input);
  for (let start = 0; start < input.directoryUsers.length; start += pageSize) {
    builder.add(input.directoryUsers.slice(start, start + pageSize));
  }
  return toSyncPlan(builder.finish(input));
}

/**
 * As planInPages, with each page's lines released once added (as if staged
 * at once), and the lines the finish asks back given by a twin builder that
 * kept them (as user-store gives them from the staged plan).
 */
function planReleasingLines(input: PlanInput, pageSize: number) {
  const builder = new PlanBuilder(input.storedUsers, input);
  const twin = new PlanBuilder(input.storedUsers, input);
  for (let start = 0; start < input.directoryUsers.length; start += pageSize) {
    const page = input.directoryUsers.slice(start, start + pageSize);
    builder.add(page);
    twin.add(page);
    builder.lines.release(0, builder.lines.count);
  }
  const recalled = builder.linesToRecall(input);
  builder.restore(
    recalled,
    recalled.map((number) => twin.lines.line(number)),
  );
  // The plan's lines by number are the staged ones: the twin's.
  const built = builder.finish(input);
  const line = (ref: LineRef) => (typeof ref === 'number' ? twin.lines.line(ref) : built.line(ref));
  return { plan: toSyncPlan({ ...built, line }), recalled };
}

/**
 * planSync; every case also checks that a page-by-page plan is the very
 * same, and one whose lines were let go as they were staged.
 */
const plan = (partial: Partial<PlanInput>) => {
  const input: PlanInput = {
    directoryUsers: [],
    outOfScopeExternalIds: new Set(),
    directoryConflicts: [],
    storedUsers: [],
    autoDeleteUsers: false,
    defaultPrivileges: [Privilege.LogOn, Privilege.ReadOwnArchive],
    warnings: [],
    ...partial,
  };
  const whole = planSync(input);
  for (const pageSize of [1, 2]) expect(planInPages(input, pageSize)).toEqual(whole);
  expect(planReleasingLines(input, 1).plan).toEqual(whole);
  return whole;
};

const summary = (result: ReturnType<typeof plan>) =>
  result.changes.map(
    (change) =>
      `${change.action}:${change.userName}${'reason' in change ? `:${change.reason}` : ''}`,
  );

/** The change at `index`, which must be of `action`: narrowed to that action's shape. */
function lineOf<A extends PlanAction>(
  result: ReturnType<typeof plan>,
  index: number,
  action: A,
): Extract<PlannedUserChange, { action: A }> {
  const change = result.changes[index];
  expect(change?.action).toBe(action);
  return change as Extract<PlannedUserChange, { action: A }>;
}

describe(planSync.name, () => {
  it.each([
    ['a new directory user is created', { directoryUsers: [dirUser('ann')] }, ['create:ann']],
    [
      'an identical user is unchanged',
      { directoryUsers: [dirUser('ann')], storedUsers: [stored('ann')] },
      [],
    ],
    [
      'a changed full name is an update',
      { directoryUsers: [dirUser('ann', { fullName: 'Ann B.' })], storedUsers: [stored('ann')] },
      ['update:ann'],
    ],
    [
      'a moved user (new DN, same id) is a rename, not delete + create',
      {
        directoryUsers: [dirUser('ann', { dn: 'uid=ann,ou=sales,dc=example,dc=com' })],
        storedUsers: [stored('ann')],
      },
      ['rename:ann'],
    ],
    [
      'a new user name with the same id is a rename',
      { directoryUsers: [dirUser('ann', { userName: 'ann.b' })], storedUsers: [stored('ann')] },
      ['rename:ann.b'],
    ],
    [
      'a change of case only of the user name is a rename, not a conflict with itself',
      { directoryUsers: [dirUser('ann', { userName: 'Ann' })], storedUsers: [stored('ann')] },
      ['rename:Ann'],
    ],
    [
      'a vanished user is kept when auto-delete is off',
      { storedUsers: [stored('ann')] },
      ['keep:ann:no-longer-in-directory'],
    ],
    [
      'a vanished user is deleted when auto-delete is on',
      { storedUsers: [stored('ann')], autoDeleteUsers: true },
      ['delete:ann:no-longer-in-directory'],
    ],
    [
      'a user outside the synchronized groups is out of scope',
      {
        storedUsers: [stored('ann')],
        outOfScopeExternalIds: new Set(['ann']),
        autoDeleteUsers: true,
      },
      ['delete:ann:out-of-scope'],
    ],
    [
      'local users are never touched, not even deleted',
      { storedUsers: [local('root')], autoDeleteUsers: true },
      [],
    ],
  ])('%s', (_name, input, expected) => {
    expect(summary(plan(input))).toEqual(expected);
  });

  it('lists each changed field with old and new value', () => {
    const result = plan({
      directoryUsers: [
        dirUser('ann', {
          fullName: 'Ann B.',
          emailAddresses: ['ann@example.com', 'a.b@example.com'],
        }),
      ],
      storedUsers: [stored('ann')],
    });
    expect(lineOf(result, 0, 'update').fieldChanges).toEqual([
      { field: 'fullName', old: 'Full ann', new: 'Ann B.' },
      {
        field: 'emailAddresses',
        old: ['ann@example.com'],
        new: ['ann@example.com', 'a.b@example.com'],
      },
    ]);
  });

  it('compares e-mail addresses case-insensitively', () => {
    const result = plan({
      directoryUsers: [dirUser('ann', { emailAddresses: ['ANN@example.com'] })],
      storedUsers: [stored('ann')],
    });
    expect(result.counts.unchanged).toBe(1);
  });

  it('gives new users the default privileges', () => {
    const result = plan({
      directoryUsers: [dirUser('ann')],
      defaultPrivileges: [Privilege.LogOn, Privilege.ArchiveEmail],
    });
    expect(lineOf(result, 0, 'create').privileges).toEqual([
      Privilege.LogOn,
      Privilege.ArchiveEmail,
    ]);
  });

  it('never plans away privileges an admin granted: existing users keep theirs, only new users get the defaults', () => {
    const granted = [Privilege.LogOn, Privilege.AdministerDirectory];
    const unchanged = plan({
      directoryUsers: [dirUser('ann')],
      storedUsers: [stored('ann', { privileges: granted })],
      defaultPrivileges: [Privilege.ReadOwnArchive],
    });
    const updated = plan({
      directoryUsers: [dirUser('ann', { fullName: 'Ann Changed' })],
      storedUsers: [stored('ann', { privileges: granted })],
      defaultPrivileges: [Privilege.ReadOwnArchive],
    });

    expect(unchanged.changes).toEqual([]);
    expect(unchanged.counts.unchanged).toBe(1);
    expect(updated.changes).toEqual([
      expect.objectContaining({
        action: 'update',
        fieldChanges: [{ field: 'fullName', old: 'Full ann', new: 'Ann Changed' }],
      }),
    ]);
    expect(updated.changes[0]).not.toHaveProperty('privileges');
  });

  it('a directory user whose name belongs to a local user is a conflict, both named', () => {
    const result = plan({ directoryUsers: [dirUser('admin')], storedUsers: [local('Admin')] });
    expect(result.changes).toEqual([
      expect.objectContaining({
        action: 'conflict',
        userName: 'admin',
        parties: ['uid=admin,ou=people,dc=example,dc=com', 'local user "Admin"'],
      }),
    ]);
  });

  describe('an entry deleted and re-created at the same DN (another stable id)', () => {
    const DN = 'uid=ann,ou=people,dc=example,dc=com';
    const recreated = {
      storedUsers: [stored('ann')],
      directoryUsers: [dirUser('ann2', { userName: 'ann', dn: DN })],
    };

    it('is a conflict that names the case, both ids and what the admin can do', () => {
      const result = plan(recreated);

      expect(summary(result)).toEqual([
        `conflict:ann:the entry at ${DN} is a different directory object (stable id ann ≠ ann2): ` +
          'the entry "ann" was synchronized from was deleted and another one created at its DN, ' +
          'and "ann" cannot sign in until this is resolved. ' +
          'If it is another person, delete the stored user "ann" (or turn on automatic deletion) and the next sync creates the new entry. ' +
          'If it is the same person, restore the original entry instead (for example from the Active Directory Recycle Bin, which keeps its objectGUID): ' +
          'a new entry is never linked to a stored user, so deleting "ann" would lose their privileges and the ownership of their archive folder.',
        'keep:ann:no-longer-in-directory',
      ]);
      expect(result.changes[0]).toMatchObject({
        userId: 'store-ann',
        parties: [`${DN} (stable id ann2)`, 'directory user "ann" (stable id ann)'],
      });
    });

    it('says that automatic deletion removes the stored user now and the next sync creates the new one', () => {
      const result = plan({ ...recreated, autoDeleteUsers: true });

      expect(result.changes.map((change) => change.action)).toEqual(['conflict', 'delete']);
      expect(lineOf(result, 0, 'conflict').reason).toContain(
        'If it is another person, this sync deletes the stored user "ann" (automatic deletion) and the next one creates the new entry.',
      );
    });

    it('is named with the DN in any case', () => {
      const result = plan({
        ...recreated,
        directoryUsers: [dirUser('ann2', { userName: 'ann', dn: DN.toUpperCase() })],
      });

      expect(lineOf(result, 0, 'conflict').reason).toMatch(/is a different directory object/);
    });

    it("stays the plain name conflict while the stored user's own entry is still read (renamed away from that DN)", () => {
      const result = plan({
        storedUsers: [stored('ann')],
        directoryUsers: [
          dirUser('ann', { userName: 'ann.old', dn: 'uid=ann.old,ou=people,dc=example,dc=com' }),
          dirUser('ann2', { userName: 'ann', dn: DN }),
        ],
      });

      expect(summary(result)).toEqual([
        expect.stringMatching(/^conflict:ann:the user name "ann" already belongs to/),
        'rename:ann.old',
      ]);
    });

    it('stays the plain name conflict when the DN differs', () => {
      const result = plan({
        ...recreated,
        directoryUsers: [
          dirUser('ann2', { userName: 'ann', dn: 'uid=ann,ou=sales,dc=example,dc=com' }),
        ],
      });

      expect(summary(result)[0]).toMatch(/^conflict:ann:the user name "ann" already belongs to/);
    });
  });

  it('a rename onto a name another user holds is a conflict', () => {
    const result = plan({
      directoryUsers: [dirUser('ann', { userName: 'bob' }), dirUser('bob2', { userName: 'bobby' })],
      storedUsers: [stored('ann'), stored('bob', { externalId: 'bob2' })],
    });
    expect(summary(result)).toEqual([
      expect.stringMatching(/^conflict:bob:renaming "ann" to "bob" collides/),
      'rename:bobby',
    ]);
  });

  it('a change of case of a user name is a rename even while another user changes too', () => {
    const result = plan({
      directoryUsers: [
        dirUser('ann', { userName: 'ANN', fullName: 'Ann B.' }),
        dirUser('bob', { userName: 'Bob' }),
      ],
      storedUsers: [stored('ann'), stored('bob')],
    });
    expect(result.changes).toEqual([
      expect.objectContaining({
        action: 'rename',
        userName: 'ANN',
        userId: 'store-ann',
        fieldChanges: [
          { field: 'userName', old: 'ann', new: 'ANN' },
          { field: 'fullName', old: 'Full ann', new: 'Ann B.' },
        ],
      }),
      expect.objectContaining({ action: 'rename', userName: 'Bob', userId: 'store-bob' }),
    ]);
  });

  it('reader-reported duplicate user names are conflicts and their users are not deleted', () => {
    const result = plan({
      directoryUsers: [dirUser('a1', { userName: 'jdoe' }), dirUser('a2', { userName: 'jdoe' })],
      directoryConflicts: [{ userName: 'jdoe', dns: ['uid=a1,dc=x', 'uid=a2,dc=x'] }],
      storedUsers: [stored('a1', { userName: 'jdoe' })],
      autoDeleteUsers: true,
    });
    expect(result.changes).toEqual([
      expect.objectContaining({ action: 'conflict', parties: ['uid=a1,dc=x', 'uid=a2,dc=x'] }),
    ]);
  });

  it('counts a stored user whose name the reader found twice neither unchanged nor changed', () => {
    const result = plan({
      directoryUsers: [dirUser('a1', { userName: 'jdoe' }), dirUser('bob')],
      directoryConflicts: [{ userName: 'JDoe', dns: ['uid=a1,dc=x', 'uid=a3,dc=x'] }],
      storedUsers: [stored('a1', { userName: 'jdoe' }), stored('bob')],
    });

    expect(result.counts).toMatchObject({ conflict: 1, unchanged: 1 });
  });

  it('gives the same plan read in pages as read whole, lines held for the end in their place', () => {
    // Each page size of `plan` checks the mix: updates, creates, a name held by
    // a local user and one by a replaced entry (both planned at the end), a
    // name the reader found twice, two new users claiming one address.
    const result = plan({
      directoryUsers: [
        dirUser('zed', { fullName: 'Zed Z.' }),
        dirUser('root'),
        dirUser('new-ann', { userName: 'ann', dn: 'uid=ann,ou=people,dc=example,dc=com' }),
        dirUser('amy', { emailAddresses: ['team@example.com'] }),
        dirUser('d1', { userName: 'dup' }),
        dirUser('abe', { emailAddresses: ['team@example.com'] }),
        dirUser('bob'),
      ],
      directoryConflicts: [{ userName: 'dup', dns: ['uid=d1,dc=x', 'uid=d2,dc=x'] }],
      storedUsers: [stored('zed'), local('root'), stored('ann'), stored('bob')],
    });

    expect(summary(result)).toEqual([
      expect.stringMatching(/^conflict:abe:e-mail address team@example.com/),
      expect.stringMatching(/^conflict:ann:the entry at/),
      'conflict:dup:2 directory entries have the user name "dup"',
      expect.stringMatching(/^conflict:root:the user name "root" already belongs/),
      'create:amy',
      'update:zed',
      'keep:ann:no-longer-in-directory',
    ]);
    expect(result.counts.unchanged).toBe(1);
  });

  it('an e-mail address another user keeps is a conflict, not a second owner', () => {
    const result = plan({
      directoryUsers: [dirUser('ann', { emailAddresses: ['shared@example.com'] })],
      storedUsers: [local('root', { emailAddresses: ['shared@example.com'] })],
    });
    expect(summary(result)).toEqual([
      expect.stringMatching(
        /^conflict:ann:e-mail address shared@example.com already belongs to local user "root"/,
      ),
    ]);
  });

  it('an e-mail address that moves from one user to another in the same run is fine', () => {
    const result = plan({
      directoryUsers: [
        dirUser('ann', { emailAddresses: ['ann@example.com'] }),
        dirUser('bob', { emailAddresses: ['bob@example.com', 'team@example.com'] }),
      ],
      storedUsers: [
        stored('ann', { emailAddresses: ['ann@example.com', 'team@example.com'] }),
        stored('bob'),
      ],
    });
    expect(summary(result)).toEqual(['update:ann', 'update:bob']);
  });

  it.each([
    ['before', ['zed', 'ann']],
    ['after', ['ann', 'zed']],
  ])(
    'a new user claiming the address of a user updated %s it is the conflict; the update keeps it',
    (_, order) => {
      const users = {
        ann: dirUser('ann', { fullName: 'Ann Renamed' }),
        zed: dirUser('zed', { emailAddresses: ['ANN@example.com'] }),
      };
      const result = plan({
        directoryUsers: order.map((name) => users[name as keyof typeof users]),
        storedUsers: [stored('ann')],
      });
      expect(summary(result)).toEqual([
        expect.stringMatching(
          /^conflict:zed:e-mail address ANN@example.com already belongs to directory user "ann"/,
        ),
        'update:ann',
      ]);
    },
  );

  it('an update that adds an address another stored user holds is a conflict', () => {
    const result = plan({
      directoryUsers: [
        dirUser('ann', { emailAddresses: ['ann@example.com', 'bob@example.com'] }),
        dirUser('bob'),
      ],
      storedUsers: [stored('ann'), stored('bob')],
    });
    expect(summary(result)).toEqual([
      expect.stringMatching(
        /^conflict:ann:e-mail address bob@example.com already belongs to directory user "bob"/,
      ),
    ]);
  });

  it('an address freed by a deleted user can be taken', () => {
    const result = plan({
      directoryUsers: [dirUser('new', { emailAddresses: ['old@example.com'] })],
      storedUsers: [stored('old')],
      autoDeleteUsers: true,
    });
    expect(summary(result)).toEqual(['delete:old:no-longer-in-directory', 'create:new']);
  });

  it('two new users claiming one address: the second is a conflict', () => {
    const result = plan({
      directoryUsers: [
        dirUser('ann', { emailAddresses: ['x@example.com'] }),
        dirUser('bob', { emailAddresses: ['x@example.com'] }),
      ],
    });
    expect(result.counts).toEqual(expect.objectContaining({ create: 1, conflict: 1 }));
  });

  it('two addresses whose hashes are equal are still two addresses; a third user claiming one of them is the conflict', () => {
    const [first, second] = addressesSharingAHash();
    const result = plan({
      directoryUsers: [
        dirUser('ann', { emailAddresses: [first] }),
        dirUser('bob', { emailAddresses: [second] }),
        dirUser('cat', { emailAddresses: [second.toUpperCase()] }),
      ],
    });
    expect(textHash(first)).toBe(textHash(second));
    expect(summary(result)).toEqual([
      expect.stringMatching(
        new RegExp(`^conflict:cat:e-mail address ${second.toUpperCase()} already belongs to`),
      ),
      'create:ann',
      'create:bob',
    ]);
  });

  it('counts every action and carries the read warnings', () => {
    const result = plan({
      directoryUsers: [dirUser('new'), dirUser('same'), dirUser('moved', { dn: 'uid=moved,ou=x' })],
      storedUsers: [stored('same'), stored('moved'), stored('gone')],
      warnings: [{ code: 'dangling-member', message: 'x' }],
    });
    expect(result.counts).toEqual({
      create: 1,
      update: 0,
      rename: 1,
      delete: 0,
      keep: 1,
      conflict: 0,
      unchanged: 1,
    });
    expect(result.warnings).toEqual([{ code: 'dangling-member', message: 'x' }]);
  });

  it('is deterministic: the same input gives the same plan', () => {
    const input = { directoryUsers: [dirUser('b'), dirUser('a')], storedUsers: [stored('c')] };
    expect(plan(input)).toEqual(plan({ ...input, directoryUsers: [dirUser('a'), dirUser('b')] }));
  });
});

describe('plan fingerprint', () => {
  const input = { directoryUsers: [dirUser('ann')], storedUsers: [stored('bob')] };

  it('is the same for the same situation', () => {
    expect(plan(input).fingerprint).toBe(plan(input).fingerprint);
  });

  it('changes when the directory changes', () => {
    expect(
      plan({ ...input, directoryUsers: [dirUser('ann', { fullName: 'Ann B.' })] }).fingerprint,
    ).not.toBe(plan(input).fingerprint);
  });

  it('changes when the store changes', () => {
    expect(plan({ ...input, storedUsers: [] }).fingerprint).not.toBe(plan(input).fingerprint);
  });

  it("is the SHA-256 of the new users' privileges, the lines' digests in byte order, then the counts", () => {
    const input = {
      directoryUsers: [dirUser('ann'), dirUser('cid', { fullName: 'Cid C.' })],
      storedUsers: [stored('bob'), stored('cid')],
    };
    const made = plan(input);
    expect(made.changes.map((change) => change.action)).toEqual(['create', 'update', 'keep']);

    // A create line's digest is its packed directory user's; any other line's, its JSON's.
    const digests = made.changes.map((change) =>
      createHash('sha256')
        .update(
          change.action === 'create'
            ? packUser({ ...change.directoryUser, id: '', authMethod: 'directory' })
            : JSON.stringify(change),
        )
        .digest()
        .subarray(0, 16),
    );
    const expected = createHash('sha256')
      .update(JSON.stringify([Privilege.LogOn, Privilege.ReadOwnArchive]))
      .update(Buffer.concat(digests.sort(Buffer.compare)))
      .update(JSON.stringify(made.counts))
      .digest('hex');
    expect(made.fingerprint).toBe(expected);
    expect(planFingerprint(Buffer.alloc(0), made.counts, [])).toBe(
      createHash('sha256').update('[]').update(JSON.stringify(made.counts)).digest('hex'),
    );
  });

  it("changes with the new users' privileges", () => {
    expect(plan({ ...input, defaultPrivileges: [Privilege.LogOn] }).fingerprint).not.toBe(
      plan(input).fingerprint,
    );
  });
});

describe('create lines let go once staged', () => {
  const inputOf = (partial: Partial<PlanInput>): PlanInput => ({
    directoryUsers: [],
    outOfScopeExternalIds: new Set(),
    directoryConflicts: [],
    storedUsers: [],
    autoDeleteUsers: false,
    defaultPrivileges: [Privilege.LogOn],
    warnings: [],
    ...partial,
  });
  const many = (count: number) => Array.from({ length: count }, (_, i) => dirUser(`user${i}`));

  it('reads back no line when no hash points at one', () => {
    const input = inputOf({ directoryUsers: many(50), storedUsers: [stored('old')] });
    const { plan, recalled } = planReleasingLines(input, 7);
    expect(recalled).toEqual([]);
    expect(plan).toEqual(planSync(input));
  });

  it('reads back the two new users that bring one address, and only them', () => {
    const users = many(40);
    users[3] = dirUser('ann', { emailAddresses: ['shared@example.com'] });
    users[30] = dirUser('bob', { emailAddresses: ['SHARED@example.com'] });
    const input = inputOf({ directoryUsers: users });
    const { plan, recalled } = planReleasingLines(input, 10);
    expect(recalled).toEqual([3, 30]);
    expect(plan.counts).toMatchObject({ create: 39, conflict: 1 });
    expect(plan).toEqual(planSync(input));
  });

  it('reads back a new user whose address a stored user has', () => {
    const users = many(20);
    users[12] = dirUser('ann', { emailAddresses: ['old@example.com'] });
    const input = inputOf({ directoryUsers: users, storedUsers: [stored('old')] });
    const { plan, recalled } = planReleasingLines(input, 5);
    expect(recalled).toEqual([12]);
    expect(plan.changes[0]).toMatchObject({ action: 'conflict', userName: 'ann' });
    expect(plan).toEqual(planSync(input));
  });

  it('reads back the lines of a name the reader found on several entries', () => {
    const users = many(20);
    const input = inputOf({
      directoryUsers: users,
      directoryConflicts: [{ userName: 'USER7', dns: ['uid=user7,ou=a', 'uid=user7,ou=b'] }],
    });
    const { plan, recalled } = planReleasingLines(input, 5);
    expect(recalled).toEqual([7]);
    expect(plan.counts).toMatchObject({ create: 19, conflict: 1 });
    expect(plan).toEqual(planSync(input));
  });

  it('reads back two addresses whose hashes are equal, and keeps them two users', () => {
    const [first, second] = addressesSharingAHash();
    const users = many(10);
    users[2] = dirUser('ann', { emailAddresses: [first] });
    users[8] = dirUser('bob', { emailAddresses: [second] });
    const input = inputOf({ directoryUsers: users });
    const { plan, recalled } = planReleasingLines(input, 3);
    expect(recalled).toEqual([2, 8]);
    expect(plan.counts).toMatchObject({ create: 10, conflict: 0 });
  });

  it('refuses a line read back that is not the one released', () => {
    const users = [
      dirUser('ann', { emailAddresses: ['x@example.com'] }),
      dirUser('bob', { emailAddresses: ['x@example.com'] }),
    ];
    const input = inputOf({ directoryUsers: users });
    const builder = new PlanBuilder([], input);
    builder.add(users);
    builder.lines.release(0, 2);
    const recalled = builder.linesToRecall(input);
    const changed = dirUser('ann', { emailAddresses: ['y@example.com'] });
    expect(() =>
      builder.restore(recalled, [
        {
          action: 'create',
          userName: 'ann',
          directoryUser: changed,
          privileges: [Privilege.LogOn],
        },
        {
          action: 'create',
          userName: 'bob',
          directoryUser: users[1]!,
          privileges: [Privilege.LogOn],
        },
      ]),
    ).toThrow('not the line the planner made');
  });

  it('a finish that needs a released line it was not given fails rather than guess', () => {
    const users = many(3);
    const input = inputOf({
      directoryUsers: users,
      directoryConflicts: [{ userName: 'user1', dns: ['uid=user1,ou=a', 'uid=user1,ou=b'] }],
    });
    const builder = new PlanBuilder([], input);
    builder.add(users);
    builder.lines.release(0, 3);
    expect(() => builder.finish(input)).toThrow('released');
  });
});
