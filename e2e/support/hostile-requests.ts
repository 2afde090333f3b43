import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { RawRequest } from './raw-http';

/** What a generated request is, and what its answer may be. */
export interface HostileRequest extends RawRequest {
  service: 'config-api' | 'auth-gateway';
  /** Short description for failure reports. */
  label: string;
  /** The request can never be valid: a 2xx would mean hostile input got in. */
  mustBeRefused: boolean;
  /** The only statuses allowed, when the test knows them. */
  expect?: number[];
}

type Json = Record<string, unknown>;
type Service = HostileRequest['service'];

/** Characters that no name may hold. */
const CONTROL = fc.constantFrom(
  '\u0000',
  '\r\n',
  '\n',
  '\r',
  '\u001b[2J',
  '\u007f',
  '\u0085',
  '\u2028',
);
const PROTO_KEY = fc.constantFrom('__proto__', 'constructor', 'prototype');
const WRONG_STRING = fc.constantFrom<unknown>(42, true, [], {}, ['x'], { $ne: '' });
const WRONG_BOOLEAN = fc.constantFrom<unknown>('true', 1, 0, [], {}, 'yes');

/** A JSON endpoint: a valid body, and the fields that mutations may spoil. */
interface BodyEndpoint {
  service: Service;
  method: string;
  path: string;
  body: () => Json;
  /** Paths (dot-separated) of string fields where a control character is refused. */
  names: string[];
  /** Paths of string fields and the length past their limit. */
  tooLong: [string, number][];
  booleans: string[];
  /** Extra invalid values for some fields (field path → values). */
  invalid?: [string, unknown[]][];
  /** A valid body does something (a run, a row): only parser-level hostility is sent. */
  parserOnly?: boolean;
  /** Statuses a refused body may get here besides 400 (sign-in: the uniform 401 and 429). */
  refusals?: number[];
  /** Where a control character in a name is not a 400 (sign-in). */
  controlRefusal?: number[];
}

export function bodyEndpoints(settings: () => Json): BodyEndpoint[] {
  const conn = (field: string) => `connection.${field}`;
  const settingsEndpoint = (method: string): BodyEndpoint => ({
    service: 'config-api',
    method,
    path: '/api/v1/directory/settings',
    body: settings,
    names: [
      conn('bindDn'),
      conn('baseDn'),
      conn('host'),
      'users.filter',
      'groups.filter',
      'users.userNameAttribute',
    ],
    tooLong: [
      [conn('host'), 254],
      [conn('bindDn'), 1025],
      ['users.filter', 4097],
    ],
    booleans: [conn('acceptAllCertificates'), 'users.localPartOnly', 'options.autoDeleteUsers'],
    invalid: [
      [conn('bindDn'), ['cn=', 'cn=admin,,dc=x', '=x']],
      [conn('baseDn'), ['dc=', 'dc=example,']],
      [
        conn('caCertificatePem'),
        ['not a certificate', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----'],
      ],
      ['users.filter', ['uid=*', '(uid=*', ')(', '(&(uid=a)']],
      ['groups.filter', ['objectClass=posixGroup', '']],
      [conn('port'), [0, 70000, 1.5, '389', -1, 1e20]],
      [conn('protocol'), ['ldaps', '', null]],
      ['groups.syncGroups', ['x', [1], [' lead'], ['a\u0000']]],
    ],
  });
  const signInRefusals = [400, 401, 429];
  return [
    settingsEndpoint('PUT'),
    settingsEndpoint('PATCH'),
    {
      service: 'config-api',
      method: 'POST',
      path: '/api/v1/users',
      body: () => ({
        userName: 'hostile-local',
        fullName: 'Hostile Local',
        emailAddresses: ['h@example.com'],
        privileges: [],
      }),
      names: ['userName', 'fullName'],
      tooLong: [
        ['userName', 513],
        ['fullName', 513],
      ],
      booleans: [],
      invalid: [
        ['emailAddresses', ['h@example.com', ['not an address'], ['a\u0000@example.com']]],
        ['privileges', [['root'], 'logOn']],
      ],
    },
    {
      service: 'config-api',
      method: 'PUT',
      // No such user: a valid body gets 404; every spoiled one is refused before user-store is asked.
      path: '/api/v1/users/00000000-0000-4000-8000-000000000000/privileges',
      body: () => ({ privileges: ['log-on', 'administer-directory'] }),
      names: [],
      tooLong: [],
      booleans: [],
      invalid: [
        [
          'privileges',
          [['root'], 'log-on', ['log-on', 'log-on'], [null], [{}], ['LOG-ON'], null, {}],
        ],
      ],
    },
    {
      service: 'config-api',
      method: 'POST',
      path: '/api/v1/admin/tokens',
      body: () => ({ name: 'hostile-token', isAdmin: true }),
      names: ['name'],
      tooLong: [['name', 101]],
      booleans: ['isAdmin'],
    },
    {
      service: 'config-api',
      method: 'POST',
      path: '/api/v1/directory/test-authentication',
      body: () => ({ userName: 'abello', password: 'guess' }),
      names: ['userName'],
      tooLong: [
        ['userName', 513],
        ['password', 1025],
      ],
      booleans: [],
    },
    {
      service: 'config-api',
      method: 'POST',
      path: '/api/v1/directory/sync',
      body: () => ({ allowMassDelete: false }),
      names: [],
      tooLong: [],
      booleans: ['allowMassDelete'],
    },
    {
      service: 'config-api',
      method: 'POST',
      path: '/api/v1/directory/test',
      body: () => ({}),
      names: [],
      tooLong: [],
      booleans: [],
      parserOnly: true,
    },
    {
      service: 'auth-gateway',
      method: 'POST',
      path: '/api/v1/sessions/password',
      body: () => ({ userName: 'abello', password: 'guess' }),
      names: ['userName'],
      tooLong: [
        ['userName', 513],
        ['password', 1025],
      ],
      booleans: [],
      refusals: signInRefusals,
      controlRefusal: [401, 429],
    },
    {
      service: 'auth-gateway',
      method: 'POST',
      path: '/api/v1/sessions/verify',
      body: () => ({ token: 'eyJhbGciOiJFZERTQSJ9.e30.c2ln' }),
      names: [],
      tooLong: [['token', 8193]],
      booleans: [],
      refusals: [400, 401],
    },
  ];
}

/** Sets `value` at a dot path, making the objects on the way. */
function setAt(body: Json, path: string, value: unknown): Json {
  const keys = path.split('.');
  let target = body;
  for (const key of keys.slice(0, -1)) {
    if (typeof target[key] !== 'object' || target[key] === null) target[key] = {};
    target = target[key] as Json;
  }
  target[keys[keys.length - 1]!] = value;
  return body;
}

function getAt(body: Json, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Json | undefined)?.[key], body);
}

const nested = (depth: number, open: '[' | '{"a":') =>
  `${open.repeat(depth)}1${(open === '[' ? ']' : '}').repeat(depth)}`;

/** A JSON text as bytes, with a header set. */
function jsonBytes(
  endpoint: BodyEndpoint,
  label: string,
  text: string | Buffer,
  headers: [string, string][] = [],
  expect?: number[],
) {
  return {
    service: endpoint.service,
    method: endpoint.method,
    target: endpoint.path,
    headers: headers.some(([name]) => name === 'Content-Type')
      ? headers
      : [['Content-Type', 'application/json'] as [string, string], ...headers],
    body: typeof text === 'string' ? Buffer.from(text, 'utf8') : text,
    label: `${endpoint.method} ${endpoint.path}: ${label}`,
    mustBeRefused: true,
    ...(expect ? { expect } : {}),
  } satisfies HostileRequest;
}

/** Bodies that are wrong in their field values, for one endpoint. */
function fieldMutation(endpoint: BodyEndpoint): fc.Arbitrary<HostileRequest> {
  const refused = (extra: number[] = []) => [400, ...extra, ...(endpoint.refusals ?? [])];
  const options: fc.Arbitrary<[string, Json | string, number[]]>[] = [
    fc.tuple(fc.string({ maxLength: 12 }), PROTO_KEY, fc.boolean()).map(([name, key, inside]) => {
      const body = endpoint.body();
      const holder = inside
        ? Object.keys(body).find(
            (field) => typeof body[field] === 'object' && !Array.isArray(body[field]),
          )
        : undefined;
      const text = JSON.stringify(body);
      const payload = JSON.stringify({ isAdmin: true, name });
      // Written into the text: JSON.parse then keeps "__proto__" as data, as a hostile client sends it.
      const spoiled = holder
        ? text.replace(`"${holder}":{`, `"${holder}":{"${key}":${payload},`)
        : text.replace(/^\{/, `{"${key}":${payload},`);
      return [`${key} key${holder ? ` in ${holder}` : ''}`, spoiled, refused()];
    }),
    fc
      .string({ minLength: 1, maxLength: 20 })
      .filter((key) => !(key in endpoint.body()))
      .map((key) => [
        `unknown key ${JSON.stringify(key)}`,
        { ...endpoint.body(), [key]: 1 },
        refused(),
      ]),
  ];
  if (endpoint.names.length > 0) {
    options.push(
      fc
        .tuple(fc.constantFrom(...endpoint.names), CONTROL, fc.nat(8))
        .map(([field, control, at]) => {
          const body = endpoint.body();
          const current = getAt(body, field);
          const value = typeof current === 'string' ? current : 'x';
          const spoiled = value.slice(0, at) + control + value.slice(at);
          return [
            `control character ${JSON.stringify(control)} in ${field}`,
            setAt(body, field, spoiled),
            endpoint.controlRefusal ?? refused(),
          ];
        }),
    );
  }
  const stringFields = [...endpoint.names, ...endpoint.tooLong.map(([field]) => field)];
  if (stringFields.length > 0) {
    options.push(
      fc
        .tuple(fc.constantFrom(...stringFields), WRONG_STRING)
        .map(([field, value]) => [
          `${field} = ${JSON.stringify(value)}`,
          setAt(endpoint.body(), field, value),
          refused(),
        ]),
    );
  }
  if (endpoint.tooLong.length > 0) {
    options.push(
      fc
        .constantFrom(...endpoint.tooLong)
        .map(([field, length]) => [
          `${field} of ${length} characters`,
          setAt(endpoint.body(), field, 'x'.repeat(length)),
          refused(),
        ]),
    );
  }
  if (endpoint.booleans.length > 0) {
    options.push(
      fc
        .tuple(fc.constantFrom(...endpoint.booleans), WRONG_BOOLEAN)
        .map(([field, value]) => [
          `${field} = ${JSON.stringify(value)}`,
          setAt(endpoint.body(), field, value),
          refused(),
        ]),
    );
  }
  for (const [field, values] of endpoint.invalid ?? []) {
    options.push(
      fc
        .constantFrom(...values)
        .map((value) => [
          `${field} = ${JSON.stringify(value)}`,
          setAt(endpoint.body(), field, value),
          refused(),
        ]),
    );
  }
  return fc
    .oneof(...options)
    .map(([label, body, expect]) =>
      jsonBytes(
        endpoint,
        label,
        typeof body === 'string' ? body : JSON.stringify(body),
        [],
        expect,
      ),
    );
}

/** Bodies that are wrong before any field is looked at: depth, size, syntax, encodings. */
function parserMutation(endpoint: BodyEndpoint): fc.Arbitrary<HostileRequest> {
  const valid = () => JSON.stringify(endpoint.body());
  const refused = [400, ...(endpoint.refusals ?? [])];
  return fc.oneof(
    fc
      .tuple(fc.integer({ min: 33, max: 12_000 }), fc.constantFrom<'[' | '{"a":'>('[', '{"a":'))
      .map(([depth, open]) =>
        jsonBytes(endpoint, `nested ${depth} deep`, `{"x":${nested(depth, open)}}`, [], [400]),
      ),
    fc
      .integer({ min: 1, max: 40 })
      // At least the opening brace stays: an empty body is a valid "no options" for some endpoints.
      .map((cut) => {
        const text = valid().slice(0, Math.max(1, valid().length - cut));
        return jsonBytes(endpoint, `truncated by ${cut}`, text, [], [400]);
      }),
    fc
      .constantFrom(
        'null',
        '[]',
        '"x"',
        '42',
        'true',
        '{,}',
        '{"a":1}}',
        'NaN',
        '\uFEFF{"a":1}',
        "{'a':1}",
      )
      .map((text) => jsonBytes(endpoint, `body ${JSON.stringify(text)}`, text, [], refused)),
    fc.constant(
      jsonBytes(
        endpoint,
        'invalid UTF-8',
        Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
        [],
        refused,
      ),
    ),
    fc
      .constantFrom('utf-16', 'latin1', 'utf-7')
      .map((charset) =>
        jsonBytes(
          endpoint,
          `charset ${charset}`,
          valid(),
          [['Content-Type', `application/json; charset=${charset}`]],
          [415],
        ),
      ),
    fc
      .constantFrom('compress', 'x-bogus', 'gzip, x-bogus')
      .map((encoding) =>
        jsonBytes(
          endpoint,
          `Content-Encoding ${encoding}`,
          valid(),
          [['Content-Encoding', encoding]],
          [415],
        ),
      ),
    fc.constant(
      jsonBytes(endpoint, 'gzip that is not gzip', valid(), [['Content-Encoding', 'gzip']], [400]),
    ),
    fc
      .integer({ min: 1, max: 3 })
      .map((megabytes) =>
        jsonBytes(
          endpoint,
          `${megabytes} MiB + 1 of gzip`,
          gzipSync(`{"x":"${'a'.repeat(megabytes * 1024 * 1024)}"}`),
          [['Content-Encoding', 'gzip']],
          [413],
        ),
      ),
    fc.constant(
      jsonBytes(endpoint, 'a body over 1 MiB', `{"x":"${'a'.repeat(1024 * 1024)}"}`, [], [413]),
    ),
    fc
      .constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
      )
      .map((type) => ({
        ...jsonBytes(endpoint, `as ${type}`, valid()),
        headers: [['Content-Type', type] as [string, string]],
        mustBeRefused: true,
        expect: [415],
      })),
  );
}

/** The endpoints without a JSON body, with hostile query strings and path parameters. */
function queryAndPath(): fc.Arbitrary<HostileRequest> {
  const hostileValue = fc.oneof(
    fc.constantFrom(
      '1e20',
      '-1',
      'abc',
      '',
      '1.5',
      'NaN',
      'Infinity',
      '-0',
      '0x10',
      '9'.repeat(400),
      '%00',
      '%FF',
      '%',
      '%%',
      '__proto__',
      'constructor',
      '1%0d%0aX-Injected:%201',
    ),
    fc.string({ maxLength: 30 }).map(encodeURIComponent),
    fc.string({ unit: 'binary', maxLength: 20 }).map(encodeURIComponent),
  );
  const config = (
    method: string,
    target: string,
    label: string,
    mustBeRefused = false,
  ): HostileRequest => ({
    service: 'config-api',
    method,
    target,
    headers: [],
    label: `${method} ${target.slice(0, 120)}: ${label}`,
    mustBeRefused,
  });
  const pathId = fc.oneof(
    hostileValue,
    fc.uuid(),
    fc.constantFrom('..%2f..%2fetc%2fpasswd', 'toString', 'hasOwnProperty', 'valueOf'),
  );
  return fc.oneof(
    fc
      .tuple(
        fc.constantFrom(
          'offset',
          'limit',
          'authMethod',
          '__proto__',
          'constructor',
          'offset[]',
          'limit[$gt]',
        ),
        hostileValue,
        fc.boolean(),
      )
      .map(([name, value, twice]) =>
        config(
          'GET',
          `/api/v1/users?${name}=${value}${twice ? `&${name}=${value}` : ''}`,
          `users query ${name}`,
        ),
      ),
    fc
      .tuple(fc.constantFrom('limit', 'offset', '__proto__'), hostileValue)
      .map(([name, value]) =>
        config('GET', `/api/v1/directory/runs?${name}=${value}`, `runs query ${name}`),
      ),
    pathId.map((id) => config('GET', `/api/v1/directory/runs/${id}`, 'run id')),
    pathId.map((id) => config('POST', `/api/v1/directory/runs/${id}/apply`, 'apply run id')),
    pathId.map((id) => config('DELETE', `/api/v1/users/${id}`, 'user id')),
    pathId.map((id) => config('GET', `/api/v1/users/${id}`, 'user id')),
    pathId.map((id) => config('PUT', `/api/v1/users/${id}/privileges`, 'user id')),
    pathId.map((id) => config('DELETE', `/api/v1/admin/tokens/${id}`, 'token id')),
    pathId.map((id) => config('GET', `/api/v1/directory/presets/${id}`, 'preset name')),
    fc
      .constantFrom(
        '/api/v1/directory/settings',
        '/api/v1/directory/settings/versions',
        '/api/v1/directory/presets',
        '/api/v1/directory/summary',
        '/api/v1/directory/dashboard',
        '/api/v1/admin/tokens',
        '/api/v1/openapi.json',
        '/health',
        '/api/v1/nowhere',
        '/api/v1/directory/settings%00',
        '/api/v1/%2e%2e/health',
      )
      .chain((path) =>
        hostileValue.map((value) => config('GET', `${path}?${value}=${value}`, 'any query')),
      ),
    fc
      .tuple(
        fc.constantFrom(
          '/api/v1/sessions/oidc/login',
          '/api/v1/sessions/oidc/callback',
          '/health',
          '/api/v1/sessions/password',
        ),
        fc.constantFrom('code', 'state', 'error', 'returnTo', '__proto__'),
        hostileValue,
      )
      .map(([path, name, value]) => ({
        service: 'auth-gateway' as const,
        method: 'GET',
        target: `${path}?${name}=${value}&state=${value}`,
        headers: [],
        label: `GET ${path} ${name}`,
        mustBeRefused: false,
      })),
  );
}

/** Request heads past the limits, and headers no client should send. */
function headers(): fc.Arbitrary<HostileRequest> {
  const service = fc.constantFrom<Service>('config-api', 'auth-gateway');
  return fc.oneof(
    fc.tuple(service, fc.integer({ min: 17, max: 120 })).map(([name, kilobytes]) => ({
      service: name,
      method: 'GET',
      target: `/health?${'a'.repeat(kilobytes * 1024)}`,
      headers: [],
      label: `URL of ${kilobytes} kB`,
      mustBeRefused: true,
      expect: [431],
    })),
    fc.tuple(service, fc.integer({ min: 17, max: 64 })).map(([name, kilobytes]) => ({
      service: name,
      method: 'GET',
      target: '/health',
      headers: [['X-Padding', 'b'.repeat(kilobytes * 1024)] as [string, string]],
      label: `a header of ${kilobytes} kB`,
      mustBeRefused: true,
      expect: [431],
    })),
    fc.tuple(service, fc.integer({ min: 200, max: 2000 })).map(([name, count]) => ({
      service: name,
      method: 'GET',
      target: '/health',
      headers: Array.from(
        { length: count },
        (_, index) => [`X-H${index}`, 'v'] as [string, string],
      ),
      label: `${count} headers`,
      mustBeRefused: false,
    })),
    fc
      .tuple(service, fc.constantFrom('\u0001', '\u0000', '\u007f', '\r\u0000'))
      .map(([name, control]) => ({
        service: name,
        method: 'GET',
        target: '/health',
        headers: [['X-Control', `a${control}b`] as [string, string]],
        label: `control ${JSON.stringify(control)} in a header`,
        mustBeRefused: true,
        expect: [400],
      })),
    fc
      .constantFrom(
        'Bearer',
        'Bearer ',
        'Bearer \u0000',
        'Basic YTpi',
        `Bearer ${'t'.repeat(8000)}`,
        'Bearer a b',
        'bearer\tx',
      )
      .map((value) => ({
        service: 'config-api' as const,
        method: 'GET',
        target: '/api/v1/directory/settings',
        headers: [['Authorization', value] as [string, string]],
        label: `Authorization ${JSON.stringify(value.slice(0, 20))}`,
        mustBeRefused: true,
      })),
    fc
      .constantFrom(
        'unknown',
        '',
        '999.999.999.999',
        '1.2.3.4, , ,',
        'a'.repeat(2000),
        '\u00ff\u00fe',
      )
      .map((forwarded) => ({
        service: 'auth-gateway' as const,
        method: 'POST',
        target: '/api/v1/sessions/password',
        headers: [
          ['X-Forwarded-For', forwarded],
          ['Content-Type', 'application/json'],
        ] as [string, string][],
        body: Buffer.from(JSON.stringify({ userName: 'abello\u0000', password: 'guess' })),
        label: `X-Forwarded-For ${JSON.stringify(forwarded.slice(0, 20))}`,
        mustBeRefused: true,
        expect: [401, 429],
      })),
    fc
      .tuple(
        service,
        fc.constantFrom(
          'BREW /health HTTP/1.1',
          'GET /he alth HTTP/1.1',
          'GET /health\u0000 HTTP/1.1',
        ),
      )
      .map(([name, line]) => {
        const [method = '', ...rest] = line.split(' ');
        return {
          service: name,
          method,
          target: rest.join(' ').replace(/ HTTP\/[\d.]+$/, ''),
          headers: [],
          label: `request line ${JSON.stringify(line)}`,
          mustBeRefused: true,
        };
      }),
  );
}

export function hostileRequests(settings: () => Json): fc.Arbitrary<HostileRequest> {
  const endpoints = bodyEndpoints(settings);
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom(...endpoints.filter((e) => !e.parserOnly)).chain(fieldMutation),
    },
    { weight: 3, arbitrary: fc.constantFrom(...endpoints).chain(parserMutation) },
    { weight: 3, arbitrary: queryAndPath() },
    { weight: 1, arbitrary: headers() },
  );
}
