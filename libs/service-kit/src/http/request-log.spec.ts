import { createServer, request as httpRequest } from 'node:http';
import pino from 'pino';
import { LoopbackServer } from '@dirsync/testing';
import { requestLog } from './request-log';

/** A server whose every request goes through `requestLog`, answering with the status the path names. */
async function serverLogging(level: string) {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const middleware = requestLog(() => logger);
  const server = await LoopbackServer.listen(
    createServer((req, res) => {
      middleware(req, res, () => {
        req.resume();
        req.on('end', () => {
          res.statusCode = Number(/\/status\/(\d+)/.exec(req.url ?? '')?.[1] ?? 200);
          res.end('{}');
        });
      });
    }),
  );
  return { lines, server };
}

function send(port: number, method: string, path: string, body?: string) {
  return new Promise<void>((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method, path, headers: { authorization: 'Bearer the-token' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve());
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The line is written when the response closes, just after the client read the answer. */
async function lineCount(lines: unknown[], count: number) {
  for (let waited = 0; lines.length < count && waited < 2_000; waited += 5) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return lines.length;
}

describe(requestLog.name, () => {
  it('logs method, path without the query, status and time; never a body or a header', async () => {
    const { lines, server } = await serverLogging('info');
    try {
      await send(server.port, 'POST', '/status/401?code=the-code', '{"password":"the-password"}');
      expect(await lineCount(lines, 1)).toBe(1);
      expect(lines[0]).toMatchObject({
        level: 30,
        req: { method: 'POST', path: '/status/401' },
        res: { statusCode: 401 },
        responseTime: expect.any(Number),
        msg: 'request completed',
      });
      const text = JSON.stringify(lines);
      for (const secret of ['the-code', 'the-password', 'the-token']) {
        expect(text).not.toContain(secret);
      }
    } finally {
      await server.close();
    }
  });

  it('logs answers of 500 and above as errors, and only those at level warn; never /health', async () => {
    const { lines, server } = await serverLogging('warn');
    try {
      await send(server.port, 'GET', '/health');
      await send(server.port, 'GET', '/status/200');
      await send(server.port, 'GET', '/status/503');
      // The 503 was answered last: once its line is there, the others would be too.
      expect(await lineCount(lines, 1)).toBe(1);
      expect(lines).toEqual([
        expect.objectContaining({ level: 50, req: { method: 'GET', path: '/status/503' } }),
      ]);
    } finally {
      await server.close();
    }
  });
});
