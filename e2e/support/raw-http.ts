import { connect } from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RawRequest {
  method: string;
  /** Sent as given: not encoded, not checked. */
  target: string;
  headers: [string, string][];
  body?: Buffer;
}

/**
 * One HTTP/1.1 request over a socket of its own, bytes exactly as given
 * (fetch refuses control characters in headers and URLs, which is the
 * point here), `Connection: close`, the answer read to the end. Rejects
 * on a reset before a whole answer arrived, or on no answer in time.
 */
export function rawRequest(port: number, request: RawRequest, timeoutMs = 20_000) {
  return new Promise<RawAnswer>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const finish = (error?: Error) => {
      clearTimeout(timer);
      socket.destroy();
      const answer = parseAnswer(Buffer.concat(chunks));
      if (answer) resolve(answer);
      else reject(error ?? new Error('the connection closed without a whole answer'));
    };
    const timer = setTimeout(
      () => finish(new Error(`no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => finish());
    socket.on('error', (error) => finish(error));
    const body = request.body ?? Buffer.alloc(0);
    const head = [
      `${request.method} ${request.target} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      'Connection: close',
      ...request.headers.map(([name, value]) => `${name}: ${value}`),
      ...(request.body ? [`Content-Length: ${body.length}`] : []),
    ].join('\r\n');
    socket.write(Buffer.from(`${head}\r\n\r\n`, 'latin1'));
    // Not end(): Node's server drops a request whose client half-closes before the answer.
    socket.write(body);
  });
}

/** Null unless the bytes hold a status line, headers and the whole body they announce. */
function parseAnswer(bytes: Buffer): RawAnswer | null {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine = '', ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  if (!status) return null;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = bytes.subarray(end + 4);
  if (headers['transfer-encoding'] === 'chunked') {
    const decoded = dechunk(body);
    if (!decoded) return null;
    body = decoded;
  } else if (headers['content-length'] !== undefined) {
    if (body.length < Number(headers['content-length'])) return null;
  }
  return { status, headers, body: body.toString('utf8') };
}

function dechunk(bytes: Buffer): Buffer | null {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', offset);
    if (lineEnd < 0) return null;
    const size = parseInt(bytes.subarray(offset, lineEnd).toString('latin1'), 16);
    if (Number.isNaN(size)) return null;
    if (size === 0) return Buffer.concat(parts);
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
}
