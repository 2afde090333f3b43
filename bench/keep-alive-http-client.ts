import { connect, type Socket } from 'node:net';
import { HttpResponseReader } from './http-response-reader';

/**
 * A POST of a JSON body as the bytes an HTTP/1.1 client sends, serialised
 * once so that sending it again costs one socket write and nothing else.
 */
export function serialisedJsonPost(host: string, port: number, path: string, body: unknown) {
  const json = Buffer.from(JSON.stringify(body), 'utf8');
  const head =
    `POST ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nConnection: keep-alive\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${json.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), json]);
}

/**
 * One kept-alive HTTP/1.1 connection sending pre-serialised requests one at
 * a time and resolving each with the answer's status (the body is skipped
 * by its Content-Length), as wrk does: a load generator that spends a few
 * µs of CPU per request, where node:http spends about a hundred, so that on
 * a machine it shares with the server it takes less of the CPU it measures.
 * An answer it cannot read, bytes nobody asked for, an error or the
 * connection closing fails the request in flight and every later one.
 */
export class KeepAliveHttpClient {
  private readonly reader = new HttpResponseReader();
  private inFlight: { resolve: (status: number) => void; reject: (error: Error) => void } | null =
    null;
  private failure: Error | null = null;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('the server closed the connection')));
  }

  static connect(host: string, port: number): Promise<KeepAliveHttpClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new KeepAliveHttpClient(socket));
      });
    });
  }

  /** Sends `request` (whole, as `serialisedJsonPost` makes it); resolves with the answer's status. */
  send(request: Buffer): Promise<number> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.inFlight) return Promise.reject(new Error('a request is already in flight'));
    return new Promise((resolve, reject) => {
      this.inFlight = { resolve, reject };
      this.socket.write(request);
    });
  }

  close(): void {
    this.failure ??= new Error('closed');
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    if (!this.inFlight) return this.fail(new Error('bytes received with no request in flight'));
    let status: number | undefined;
    try {
      status = this.reader.push(chunk);
    } catch (error) {
      return this.fail(error as Error);
    }
    if (status === undefined) return;
    const { resolve } = this.inFlight;
    this.inFlight = null;
    resolve(status);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const inFlight = this.inFlight;
    this.inFlight = null;
    inFlight?.reject(error);
    if (!this.socket.destroyed) this.socket.destroy();
  }
}
