import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { INPUT_LIMITS } from './input-limits';
import { API_CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './security-headers';

/** How long the rest of a refused request is read (and dropped) before the socket is closed. */
const DRAIN_MS = 5_000;

/**
 * Requests Node's parser refuses before Express sees them (a URL or headers
 * past the limit, a broken request line, a request that takes too long) get
 * a JSON answer naming the problem. Node's own handling writes a bare status
 * line and destroys the socket at once; when the client is still sending (a
 * 100 kB URL) that destroy resets the connection before the client reads
 * the answer. Here the answer is sent, the sending side closed, and what
 * the client still sends is read and dropped until it stops.
 */
export function answerMalformedRequests(server: Server): void {
  // Read by Node for each new connection (http.createServer's option, which Nest does not pass on).
  (server as Server & { maxHeaderSize?: number }).maxHeaderSize = INPUT_LIMITS.maxHeaderBytes;
  server.headersTimeout = INPUT_LIMITS.headersTimeoutMs;
  server.requestTimeout = INPUT_LIMITS.requestTimeoutMs;
  const answered = new WeakSet<Duplex>();
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (answered.has(socket)) return;
    answered.add(socket);
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const { status, reason, code, field, message } = describe(error.code);
    const body = JSON.stringify({
      statusCode: status,
      code,
      message: `${field} ${message}`,
      details: [{ field, message: `${field} ${message}` }],
    });
    const headers = {
      ...SECURITY_HEADERS,
      'Content-Security-Policy': API_CONTENT_SECURITY_POLICY,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(body)),
      Connection: 'close',
    };
    const head = Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.end(`HTTP/1.1 ${status} ${reason}\r\n${head}\r\n${body}`);
    socket.resume();
    setTimeout(() => socket.destroy(), DRAIN_MS).unref();
  });
}

function describe(code: string | undefined) {
  switch (code ?? '') {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        reason: 'Request Header Fields Too Large',
        code: 'headers-too-large',
        field: 'url and headers',
        message: `together exceed ${INPUT_LIMITS.maxHeaderBytes} bytes`,
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        reason: 'Request Timeout',
        code: 'request-timeout',
        field: 'request',
        message: `did not arrive within ${INPUT_LIMITS.requestTimeoutMs} ms`,
      };
    default:
      return {
        status: 400,
        reason: 'Bad Request',
        code: 'malformed-request',
        field: 'request',
        message: `is not valid HTTP/1.1 (${code ?? 'unreadable'})`,
      };
  }
}
