/** Longest head (status line and headers) accepted before the answer is refused. */
const MAX_HEAD_BYTES = 16 * 1024;
const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');
const STATUS_LINE = /^HTTP\/1\.1 (\d{3}) /;

/**
 * Reads the HTTP/1.1 answers of one kept-alive connection, one answer per
 * request and never more than one awaited (no pipelining): the status line
 * and the headers, then a body framed by Content-Length, which is skipped
 * unread. Whatever it cannot read exactly throws (another protocol version,
 * a 1xx answer, no or a malformed Content-Length, Transfer-Encoding,
 * `Connection: close`, a head over 16 KiB, bytes after the answer), so a
 * benchmark built on it cannot count an answer it misread.
 */
export class HttpResponseReader {
  /** Bytes of a head not yet complete. */
  private partialHead: Buffer | undefined;
  /** Body bytes still to skip; −1 while the head is being read. */
  private bodyLeft = -1;
  private status = 0;

  /** Takes the next bytes received; returns the status once an answer is complete. */
  push(chunk: Buffer): number | undefined {
    let rest = chunk;
    if (this.bodyLeft < 0) {
      const data = this.partialHead ? Buffer.concat([this.partialHead, chunk]) : chunk;
      const end = data.indexOf(HEAD_END);
      if (end < 0) {
        if (data.length > MAX_HEAD_BYTES) throw new Error('HTTP head longer than 16 KiB');
        this.partialHead = data;
        return undefined;
      }
      this.partialHead = undefined;
      const head = parseHead(data.toString('latin1', 0, end));
      this.status = head.status;
      this.bodyLeft = head.contentLength;
      rest = data.subarray(end + HEAD_END.length);
    }
    if (rest.length > this.bodyLeft) throw new Error('bytes after the HTTP answer');
    this.bodyLeft -= rest.length;
    if (this.bodyLeft > 0) return undefined;
    this.bodyLeft = -1;
    return this.status;
  }

  /** True between answers (nothing of a next answer received yet). */
  get idle(): boolean {
    return this.bodyLeft < 0 && this.partialHead === undefined;
  }
}

function parseHead(head: string): { status: number; contentLength: number } {
  const lines = head.split('\r\n');
  const status = STATUS_LINE.exec(lines[0] ?? '')?.[1];
  if (status === undefined) throw new Error(`not an HTTP/1.1 status line: ${lines[0]}`);
  if (status.startsWith('1')) throw new Error(`interim answer ${status} not expected`);
  let contentLength: number | undefined;
  for (let i = 1; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`malformed HTTP header line: ${line}`);
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-length') {
      if (!/^\d{1,9}$/.test(value)) throw new Error(`Content-Length not a number: ${value}`);
      if (contentLength !== undefined && contentLength !== Number(value)) {
        throw new Error('two different Content-Length headers');
      }
      contentLength = Number(value);
    } else if (name === 'transfer-encoding') {
      throw new Error(`Transfer-Encoding not supported: ${value}`);
    } else if (
      name === 'connection' &&
      value
        .toLowerCase()
        .split(/\s*,\s*/)
        .includes('close')
    ) {
      throw new Error('the server closes the connection (Connection: close)');
    }
  }
  if (contentLength === undefined) throw new Error('HTTP answer without Content-Length');
  return { status: Number(status), contentLength };
}
