import { plainToInstance } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEnum,
  IsIn,
  IsInt,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import {
  DirectoryReadPage,
  DirectorySettings,
  FindUserQuery,
  PLAN_PAGE_CREATE_COLUMNS,
  PLAN_PAGE_SIZE,
  StagedLines,
  StagePlanPageCommand,
  StartSyncRunCommand,
  SyncRunRecord,
  UserCreatedEvent,
  UserPage,
} from '@dirsync/contracts';
import { compiledCheck } from './compiled-validation';
import type { ClassOf } from './validation';

const directoryUser = {
  externalId: 'e1',
  dn: 'uid=a,dc=x',
  userName: 'a',
  fullName: null,
  emailAddresses: ['a@x'],
};
const storedUser = {
  id: 'id1',
  userName: 'a',
  fullName: 'A',
  emailAddresses: ['a@x'],
  authMethod: 'directory',
  externalId: 'e1',
  dn: 'uid=a,dc=x',
  privileges: ['log-on'],
  createdAt: 'x',
  updatedAt: 'y',
};
const settings = {
  connection: {
    host: 'h',
    protocol: 'ldap',
    acceptAllCertificates: false,
    bindDn: 'cn=a',
    bindPassword: 'p',
    baseDn: '',
  },
  users: { userNameAttribute: 'uid', localPartOnly: false },
  groups: { filter: '(cn=*)', nameAttribute: 'cn', membersAttribute: 'member', syncGroups: ['g'] },
  authentication: { method: 'ldap' },
  options: {
    autoDeleteUsers: true,
    defaultPrivileges: ['log-on'],
    deletionThreshold: { maxCount: 1, maxPercent: 2 },
  },
};
const plan = {
  fingerprint: 'f',
  changes: [
    {
      action: 'update',
      userName: 'a',
      userId: 'id1',
      directoryUser,
      fieldChanges: [{ field: 'fullName', old: null, new: 'A' }],
    },
  ],
  counts: { create: 0, update: 1, rename: 0, delete: 0, keep: 0, conflict: 0, unchanged: 0 },
  warnings: [{ code: 'w', message: 'm' }],
};

/** One plan line of each action: a page is a union keyed by `action`. */
const planLines = [
  { action: 'create', userName: 'a', directoryUser, privileges: ['log-on'] },
  ...plan.changes,
  { ...plan.changes[0], action: 'rename' },
  { action: 'delete', userName: 'a', userId: 'id1', reason: 'out-of-scope' },
  { action: 'keep', userName: 'a', userId: 'id1', reason: 'no-longer-in-directory' },
  { action: 'conflict', userName: 'a', userId: 'id1', reason: 'r', parties: ['x', 'y'] },
];
const otherLines = planLines.filter((line) => line.action !== 'create');
const lease = { runId: '6e61c6ac-d976-4db7-9d30-7f67ba2baba4', leaseToken: 7 };
const pageCreates: Record<string, unknown[]> = {
  at: [0, 2],
  userName: ['a', 'b'],
  externalId: ['e-a', 'e-b'],
  dn: ['uid=a', 'uid=b'],
  fullName: ['A', null],
  emailAddresses: [['a@x', 'a2@x'], []],
  privileges: [['log-on'], []],
};

const samples: [ClassOf<object>, Record<string, unknown>][] = [
  // Each line first once: the mutations below break the first item of a list.
  ...planLines.map((line, index): [ClassOf<object>, Record<string, unknown>] => [
    StagedLines,
    { lines: [line, ...planLines.filter((_, other) => other !== index)] },
  ]),
  // A page: create lines as columns (places 0 and 2), the other lines at the places left.
  ...otherLines.map((line, index): [ClassOf<object>, Record<string, unknown>] => [
    StagePlanPageCommand,
    {
      ...lease,
      first: 0,
      creates: pageCreates,
      changes: [line, ...otherLines.filter((_, other) => other !== index)],
    },
  ]),
  [DirectoryReadPage, { sequence: 0, users: [directoryUser, directoryUser] }],
  [
    DirectoryReadPage,
    {
      sequence: 3,
      users: [],
      summary: {
        baseDn: 'dc=x',
        usersInScope: 1,
        groupsRead: 2,
        outOfScopeExternalIds: [],
        conflicts: [{ userName: 'a', dns: ['x'] }],
        warnings: [],
      },
    },
  ],
  [
    UserPage,
    {
      delta: true,
      users: [{ ...storedUser, privileges: undefined, createdAt: undefined, updatedAt: undefined }],
      removedIds: ['0196f3a2-1c2b-7d4e-8f60-1a2b3c4d5e6f'],
      last: true,
      mark: '4711:1796000000000',
    },
  ],
  [DirectorySettings, settings],
  [
    StartSyncRunCommand,
    { runId: '6e61c6ac-d976-4db7-9d30-7f67ba2baba4', options: settings.options },
  ],
  [
    SyncRunRecord,
    {
      id: '6e61c6ac-d976-4db7-9d30-7f67ba2baba4',
      mode: 'test',
      state: 'succeeded',
      requestedBy: 'me',
      settingsVersion: 3,
      allowMassDelete: false,
      createdAt: 'a',
      startedAt: 'a',
      finishedAt: 'b',
      progress: { phase: 'planning', usersRead: 2 },
      counts: plan.counts,
      plan: { fingerprint: plan.fingerprint, counts: plan.counts, warnings: plan.warnings },
      applied: false,
    },
  ],
  [
    UserCreatedEvent,
    {
      eventId: '6e61c6ac-d976-4db7-9d30-7f67ba2baba4',
      occurredAt: '2026-11-23T22:28:07.596Z',
      runId: null,
      user: { ...storedUser, createdAt: undefined, updatedAt: undefined, authMethod: undefined },
    },
  ],
];

const classValidatorSaysValid = (type: ClassOf<object>, plain: unknown) =>
  validateSync(plainToInstance<object, unknown>(type, plain), {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: false,
  }).length === 0;

/** Every way to break a sample one field at a time, at every depth. */
function* mutations(value: unknown, path: string[] = []): Generator<[string, unknown]> {
  if (Array.isArray(value)) {
    if (value.length > 0) {
      for (const [where, broken] of mutations(value[0], [...path, '0']))
        yield [where, [broken, ...value.slice(1)]];
    }
    yield [`${path.join('.')}=not-an-array`, 'not-an-array'];
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const object = value as Record<string, unknown>;
  yield [`${path.join('.')}+unknown`, { ...object, surprise: 1 }];
  for (const key of Object.keys(object)) {
    const here = [...path, key].join('.');
    const { [key]: _removed, ...without } = object;
    yield [`${here} removed`, without];
    for (const odd of [42, -1, 'x', '', null, true, [], {}, [42], ['x']])
      yield [`${here}=${JSON.stringify(odd)}`, { ...object, [key]: odd }];
    for (const [where, broken] of mutations(object[key], [...path, key]))
      yield [where, { ...object, [key]: broken }];
  }
}

describe(compiledCheck.name, () => {
  it.each(samples.map(([type, sample]) => [type.name, type, sample] as const))(
    'accepts a valid %s',
    (_name, type, sample) => {
      const plain = JSON.parse(JSON.stringify(sample)) as Record<string, unknown>;
      expect(classValidatorSaysValid(type, plain)).toBe(true);
      expect(compiledCheck(type)?.(plain)).toBe(true);
    },
  );

  it.each(samples.map(([type, sample]) => [type.name, type, sample] as const))(
    'agrees with class-validator on every one-field mutation of a %s',
    (_name, type, sample) => {
      const check = compiledCheck(type);
      expect(check).not.toBeNull();
      const disagreements: string[] = [];
      let count = 0;
      for (const [where, mutated] of mutations(JSON.parse(JSON.stringify(sample)))) {
        count += 1;
        const expected = classValidatorSaysValid(type, mutated);
        if (check!(mutated as Record<string, unknown>) !== expected)
          disagreements.push(`${where}: class-validator says ${expected}`);
      }
      expect(count).toBeGreaterThan(20);
      expect(disagreements).toEqual([]);
    },
  );

  it.each<[string, Record<string, unknown>]>([
    ['a create without its directory user', { action: 'create', userName: 'a', privileges: [] }],
    ['a create without privileges', { action: 'create', userName: 'a', directoryUser }],
    ['an update without the user id', { ...plan.changes[0], userId: undefined }],
    ['an update without field changes', { ...plan.changes[0], fieldChanges: [] }],
    ['a rename without its directory user', { ...planLines[2], directoryUser: undefined }],
    ['a delete without the user id', { action: 'delete', userName: 'a', reason: 'out-of-scope' }],
    ['a delete with a reason of no kind', { ...planLines[3], reason: 'because' }],
    ['a keep with a field of a create', { ...planLines[4], privileges: [] }],
    ['a conflict without its parties', { action: 'conflict', userName: 'a', reason: 'r' }],
    ['a line of an unknown action', { ...planLines[3], action: 'merge' }],
  ])('refuses a plan line with %s', (_name, line) => {
    const lines = JSON.parse(JSON.stringify({ lines: [line] })) as Record<string, unknown>;

    expect(classValidatorSaysValid(StagedLines, lines)).toBe(false);
    expect(compiledCheck(StagedLines)?.(lines)).toBe(false);
  });

  it('refuses a plan page with a create line among its changes (create lines travel as columns)', () => {
    const page = JSON.parse(
      JSON.stringify({ ...lease, first: 0, changes: [planLines[0], plan.changes[0]] }),
    ) as Record<string, unknown>;

    expect(classValidatorSaysValid(StagePlanPageCommand, page)).toBe(false);
    expect(compiledCheck(StagePlanPageCommand)?.(page)).toBe(false);
  });

  it.each<[string, Record<string, unknown>]>([
    ['a column shorter than the places', { ...pageCreates, dn: ['uid=a'] }],
    ['places not in increasing order', { ...pageCreates, at: [2, 0] }],
    ['a place beyond the page', { ...pageCreates, at: [0, 3] }],
    [
      'with the changes more lines than a page',
      {
        at: Array.from({ length: PLAN_PAGE_SIZE }, (_, place) => place),
        ...Object.fromEntries(
          PLAN_PAGE_CREATE_COLUMNS.map((name) => [
            name,
            Array(PLAN_PAGE_SIZE).fill(pageCreates[name]?.[0]),
          ]),
        ),
      },
    ],
    ['a full name that is a number', { ...pageCreates, fullName: ['A', 7] }],
    ['an address list holding a number', { ...pageCreates, emailAddresses: [['a@x'], [1]] }],
    ['an unknown privilege', { ...pageCreates, privileges: [['log-on'], ['root']] }],
    ['a privilege twice', { ...pageCreates, privileges: [['log-on', 'log-on'], []] }],
    ['an empty user name', { ...pageCreates, userName: ['a', ''] }],
  ])('refuses a plan page whose create columns have %s', (_name, creates) => {
    const page = JSON.parse(
      JSON.stringify({ ...lease, first: 0, creates, changes: [plan.changes[0]] }),
    ) as Record<string, unknown>;

    expect(classValidatorSaysValid(StagePlanPageCommand, page)).toBe(false);
    expect(compiledCheck(StagePlanPageCommand)?.(page)).toBe(false);
  });

  // validator's isLength counts a surrogate pair, or a character with a
  // variation selector after it, as one: the shortcut must never disagree.
  const lengthSamples = [
    '',
    'a',
    'ab',
    '\uFE0F',
    'a\uFE0F',
    '\uFE0Fa',
    '\uD83D\uDE00',
    '\uD83D',
    '\uDE00',
    '\uD83D\uDE00\uFE0F',
    'x'.repeat(512),
    `${'x'.repeat(511)}\uFE0F`,
    `${'x'.repeat(511)}\uD83D\uDE00`,
    'x'.repeat(513),
  ];

  it.each(
    lengthSamples.map((value) => [
      value.length > 8
        ? `${value.length} units ending ${JSON.stringify(value.slice(-2))}`
        : JSON.stringify(value),
      value,
    ]),
  )('agrees with class-validator on @MinLength(1) and @MaxLength(512) for %s', (_name, value) => {
    const page = { sequence: 0, users: [{ ...directoryUser, userName: value }] };
    const query = { userName: value };

    expect(compiledCheck(DirectoryReadPage)?.(page)).toBe(
      classValidatorSaysValid(DirectoryReadPage, page),
    );
    expect(compiledCheck(FindUserQuery)?.(query)).toBe(
      classValidatorSaysValid(FindUserQuery, query),
    );
  });

  enum Shade {
    Light = 'light',
    Dark = 'dark',
  }
  enum Level {
    Low,
    High,
  }
  /** One property per built-in constraint the check answers itself. */
  class EveryShortcut {
    @IsString() string!: unknown;
    @IsBoolean() boolean!: unknown;
    @IsArray() array!: unknown;
    @IsDefined() defined!: unknown;
    @IsInt() int!: unknown;
    @Min(1) min!: unknown;
    @Max(5) max!: unknown;
    @IsIn(['a', 1, null]) in!: unknown;
    @IsEnum(Shade) shade!: unknown;
    @IsEnum(Level) level!: unknown;
    @ArrayMaxSize(2) arrayMax!: unknown;
    @ArrayMinSize(1) arrayMin!: unknown;
    @MinLength(2) minLength!: unknown;
    @MaxLength(3) maxLength!: unknown;
    @IsString({ each: true }) strings!: unknown;
  }
  const valid: Record<string, unknown> = {
    string: 's',
    boolean: false,
    array: [],
    defined: 0,
    int: -3,
    min: 1,
    max: 5,
    in: 'a',
    shade: 'dark',
    level: 1,
    arrayMax: [1, 2],
    arrayMin: [1],
    minLength: 'ab',
    maxLength: 'abc',
    strings: ['a', 'b'],
  };
  // Values JSON cannot carry as well: the check is also asked about objects built in code.
  const oddValues: unknown[] = [
    undefined,
    null,
    0,
    -0,
    1,
    5,
    6,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    '',
    'a',
    'ab',
    'abcd',
    '1',
    'light',
    'Dark',
    'Low',
    true,
    [],
    [1],
    [1, 2, 3],
    ['a', 2],
    {},
    new String('ab'),
    new Boolean(false),
    new Number(1),
  ];

  it.each(Object.keys(valid))(
    'answers as class-validator does for every odd value of a property checked by a built-in (%s)',
    (property) => {
      const check = compiledCheck(EveryShortcut);
      expect(check).not.toBeNull();
      expect(check!({ ...valid })).toBe(true);
      const disagreements = oddValues.flatMap((odd) => {
        const object = { ...valid, [property]: odd };
        const expected = classValidatorSaysValid(EveryShortcut, object);
        return check!(object) === expected
          ? []
          : [`${String(odd)}: class-validator says ${expected}`];
      });

      expect(disagreements).toEqual([]);
    },
  );
});
