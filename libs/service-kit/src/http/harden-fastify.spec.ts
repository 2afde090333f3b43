import fastify from 'fastify';
import { fastifyOptions } from './harden-fastify';

/** The address Fastify gives a request from 127.0.0.1 that says it was forwarded for 203.0.113.7 via 198.51.100.1. */
async function addressSeen(trustProxy: string | undefined): Promise<string> {
  const app = fastify(fastifyOptions({ trustProxy }));
  app.get('/ip', (request) => ({ ip: request.ip }));
  try {
    const answer = await app.inject({
      method: 'GET',
      url: '/ip',
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': '203.0.113.7, 198.51.100.1' },
    });
    return answer.json<{ ip: string }>().ip;
  } finally {
    await app.close();
  }
}

describe(fastifyOptions.name, () => {
  it.each([
    ['unset: the socket', undefined, '127.0.0.1'],
    ['false: the socket', 'false', '127.0.0.1'],
    ['a hop count of 1, as Express counts it', '1', '198.51.100.1'],
    ['a hop count of 2', '2', '203.0.113.7'],
    ['loopback: the proxy on 127.0.0.1 only', 'loopback', '198.51.100.1'],
    ['true: every hop', 'true', '203.0.113.7'],
  ])('believes X-Forwarded-For as TRUST_PROXY says (%s)', async (_case, trustProxy, address) => {
    expect(await addressSeen(trustProxy)).toBe(address);
  });

  it('matches routes regardless of case and a trailing slash, as Express did', async () => {
    const app = fastify(fastifyOptions());
    app.get('/api/v1/sessions', () => ({ ok: true }));
    try {
      for (const url of ['/api/v1/sessions', '/API/v1/Sessions', '/api/v1/sessions/'])
        expect((await app.inject({ method: 'GET', url })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
