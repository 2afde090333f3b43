import { createServer, request as httpRequest } from 'node:http';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { LoopbackServer } from '@dirsync/testing';
import { AppError } from '../app-error';
import { bodyReadingError } from './body-errors';
import { readJsonBody } from './json-body-reader';

/** What `readJsonBody` gave for one request: the body, or the refusal as its code and status. */
type Outcome = { body: unknown } | { refused: string; status: number };

/** A server answering every request with what `readJsonBody` made of it. */
async function readingServer() {
  return LoopbackServer.listen(
    createServer((req, res) => {
      readJsonBody(req, (error, body) => {
        const refusal = error instanceof AppError ? error : error && bodyReadingError(error);
        const outcome: Outcome = refusal
          ? { refused: refusal.code, status: refusal.status }
          : error
            ? { refused: `unmapped ${error.message}`, status: 500 }
            : { body };
        res.end(JSON.stringify(outcome));
      });
    }),
  );
}

function send(port: number, headers: Record<string, string>, body: Buffer | string) {
  return new Promise<Outcome>((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: 'POST', path: '/', headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString()) as Outcome));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const JSON_TYPE = { 'content-type': 'application/json' };

describe(readJsonBody.name, () => {
  let server: LoopbackServer;

  beforeAll(async () => {
    server = await readingServer();
  });

  afterAll(async () => {
    await server.close();
  });

  it.each<[string, Record<string, string>, Buffer | string, Outcome]>([
    ['an object', JSON_TYPE, '{"a":[1,"ä"]}', { body: { a: [1, 'ä'] } }],
    [
      'a +json type, charset utf-8',
      { 'content-type': 'application/vnd.x+json; charset=UTF-8' },
      '{"a":1}',
      { body: { a: 1 } },
    ],
    ['an empty body', JSON_TYPE, '', { body: {} }],
    ['a byte order mark', JSON_TYPE, '\uFEFF{"a":1}', { body: { a: 1 } }],
    ['gzip', { ...JSON_TYPE, 'content-encoding': 'gzip' }, gzipSync('{"a":1}'), { body: { a: 1 } }],
    [
      'br',
      { ...JSON_TYPE, 'content-encoding': 'br' },
      brotliCompressSync('{"a":1}'),
      { body: { a: 1 } },
    ],
    [
      'text/plain',
      { 'content-type': 'text/plain' },
      '{"a":1}',
      { refused: 'unsupported-media-type', status: 415 },
    ],
    ['no content type', {}, '{"a":1}', { refused: 'unsupported-media-type', status: 415 }],
    [
      'charset utf-16',
      { 'content-type': 'application/json; charset=utf-16' },
      '{}',
      { refused: 'unsupported-charset', status: 415 },
    ],
    [
      'charset latin1',
      { 'content-type': 'application/json; charset=latin1' },
      '{}',
      { refused: 'unsupported-charset', status: 415 },
    ],
    [
      'an unknown encoding',
      { ...JSON_TYPE, 'content-encoding': 'compress' },
      '{}',
      { refused: 'unsupported-content-encoding', status: 415 },
    ],
    [
      'gzip that is not gzip',
      { ...JSON_TYPE, 'content-encoding': 'gzip' },
      '{"a":1}',
      { refused: 'invalid-content-encoding', status: 400 },
    ],
    [
      'over 1 MiB',
      JSON_TYPE,
      `{"x":"${'a'.repeat(1024 * 1024)}"}`,
      { refused: 'body-too-large', status: 413 },
    ],
    [
      'over 1 MiB once inflated',
      { ...JSON_TYPE, 'content-encoding': 'gzip' },
      gzipSync(`{"x":"${'a'.repeat(2 * 1024 * 1024)}"}`),
      { refused: 'body-too-large', status: 413 },
    ],
    [
      'invalid UTF-8',
      JSON_TYPE,
      Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]),
      { refused: 'invalid-json', status: 400 },
    ],
    [
      '33 levels',
      JSON_TYPE,
      `{"x":${'['.repeat(32)}${']'.repeat(32)}}`,
      { refused: 'body-too-deep', status: 400 },
    ],
    ['a bare string', JSON_TYPE, '"x"', { refused: 'invalid-json', status: 400 }],
    ['truncated JSON', JSON_TYPE, '{"a":', { refused: 'invalid-json', status: 400 }],
    ['a bare array', JSON_TYPE, '[{"a":1}]', { refused: 'invalid-request', status: 400 }],
    [
      'a prototype key',
      JSON_TYPE,
      '{"a":{"__proto__":{"x":1}}}',
      { refused: 'invalid-request', status: 400 },
    ],
  ])('%s', async (_case, headers, body, outcome) => {
    expect(await send(server.port, headers, body)).toEqual(outcome);
  });
});
