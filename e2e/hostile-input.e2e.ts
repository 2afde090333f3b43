import fc from 'fast-check';
import { DirsyncSystem } from '@dirsync/testing';
import { openLdapSample } from './support/demo-directory';
import { hostileRequests, type HostileRequest } from './support/hostile-requests';
import { type RawAnswer, rawRequest } from './support/raw-http';

/**
 * Security issue, part 4: hostile input gets a 4xx naming the problem,
 * never a 5xx, a reset or a hang, and nothing is stored. fast-check
 * generates the requests from a fixed seed (printed; set HOSTILE_SEED to
 * replay another) across every HTTP endpoint of config-api and auth-gateway.
 */
const SEED = Number(process.env['HOSTILE_SEED'] ?? 20_261_129);
const REQUESTS = 1_200;
const IN_PARALLEL = 6;

describe('hostile input', () => {
  let system: DirsyncSystem;
  const settings = () => openLdapSample(system.servers) as unknown as Record<string, unknown>;

  /** What the store and config-api hold: none of it may change. */
  const stored = async () => {
    const tables = [
      'users',
      'user_email_addresses',
      'config_directory_settings_versions',
      'config_api_tokens',
    ];
    const rows = await Promise.all(
      tables.map((table) => system.database.query(`SELECT * FROM ${table} ORDER BY 1`)),
    );
    return Object.fromEntries(tables.map((table, index) => [table, rows[index]]));
  };

  beforeAll(async () => {
    system = await DirsyncSystem.start({
      env: { TRUST_PROXY: 'loopback', SIGN_IN_FAILURE_MIN_MS: '20' },
    });
    expect((await system.admin('PUT', '/directory/settings', settings())).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  const send = (request: HostileRequest) => {
    const withToken: HostileRequest =
      request.service === 'config-api' &&
      !request.headers.some(([name]) => name === 'Authorization')
        ? {
            ...request,
            headers: [['Authorization', `Bearer ${system.adminToken}`], ...request.headers],
          }
        : request;
    return rawRequest(system.ports[request.service], withToken);
  };

  /** The problems with one answer; none is a pass. */
  const problemsWith = (request: HostileRequest, answer: RawAnswer): string[] => {
    const problems: string[] = [];
    if (answer.status >= 500) problems.push(`answered ${answer.status}`);
    if (request.expect && !request.expect.includes(answer.status))
      problems.push(`answered ${answer.status}, expected ${request.expect.join(' or ')}`);
    if (request.mustBeRefused && answer.status < 400) problems.push(`accepted (${answer.status})`);
    if (answer.status >= 400 && answer.status < 500) {
      let body: { message?: unknown; details?: { field?: unknown }[]; code?: unknown } = {};
      try {
        body = JSON.parse(answer.body) as typeof body;
      } catch {
        problems.push(`a ${answer.status} without a JSON body: ${answer.body.slice(0, 80)}`);
      }
      if (typeof body.message !== 'string' || body.message === '') problems.push('no message');
      const fieldLevel =
        [400, 408, 413, 415, 431].includes(answer.status) && body.code !== 'empty-password';
      if (
        fieldLevel &&
        !(
          body.details?.length &&
          body.details.every((d) => typeof d.field === 'string' && d.field !== '')
        )
      ) {
        problems.push(`a ${answer.status} that names no field: ${answer.body.slice(0, 200)}`);
      }
    }
    if (answer.headers['x-powered-by']) problems.push('X-Powered-By sent');
    if (answer.headers['cache-control'] !== 'no-store') problems.push('no Cache-Control: no-store');
    if (answer.headers['x-content-type-options'] !== 'nosniff') problems.push('no nosniff');
    return problems;
  };

  it(`answers ${REQUESTS} generated hostile requests with a 4xx naming the problem, storing nothing`, async () => {
    process.stdout.write(`hostile-input: seed ${SEED}, ${REQUESTS} requests\n`);
    const before = await stored();
    const requests = fc.sample(hostileRequests(settings), { seed: SEED, numRuns: REQUESTS });
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      for (let index = next++; index < requests.length; index = next++) {
        const request = requests[index]!;
        try {
          const answer = await send(request);
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          for (const problem of problemsWith(request, answer))
            failures.push(`#${index} ${request.label}: ${problem}`);
        } catch (error) {
          failures.push(`#${index} ${request.label}: ${(error as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: IN_PARALLEL }, worker));
    process.stdout.write(
      `hostile-input: statuses ${JSON.stringify(Object.fromEntries(statuses))}\n`,
    );
    expect(failures.slice(0, 30)).toEqual([]);
    expect(await stored()).toEqual(before);
    for (const name of [
      'config-api',
      'auth-gateway',
      'user-store',
      'directory-reader',
      'sync-planner',
    ] as const) {
      const health = await fetch(system.url(name, '/health'));
      expect({ name, status: health.status }).toEqual({ name, status: 200 });
    }
  }, 180_000);

  it('answers a user name with NUL at sign-in as an unknown user, counted by the rate limit', async () => {
    const attempt = () =>
      rawRequest(system.ports['auth-gateway'], {
        method: 'POST',
        target: '/api/v1/sessions/password',
        headers: [
          ['Content-Type', 'application/json'],
          ['X-Forwarded-For', '198.51.100.99'],
        ],
        body: Buffer.from(JSON.stringify({ userName: 'nul-probe\u0000', password: 'guess' })),
      });
    // RATE_LIMIT_MAX_FAILURES_PER_USER is 5 by default.
    for (let count = 0; count < 5; count += 1) {
      const answer = await attempt();
      expect({ status: answer.status, body: JSON.parse(answer.body) }).toEqual({
        status: 401,
        body: {
          statusCode: 401,
          code: 'invalid-credentials',
          message: 'invalid user name or password',
        },
      });
    }
    const limited = await attempt();
    expect(limited.status).toBe(429);
  });

  it('sets the security headers on the answers of both services', async () => {
    for (const name of ['config-api', 'auth-gateway'] as const) {
      const answer = await rawRequest(system.ports[name], {
        method: 'GET',
        target: '/health',
        headers: [],
      });
      expect(answer.headers).toMatchObject({
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
        'content-security-policy': expect.stringContaining("default-src 'none'"),
      });
      expect(answer.headers['x-powered-by']).toBeUndefined();
    }
  });
});
