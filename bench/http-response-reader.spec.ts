import { HttpResponseReader } from './http-response-reader';

const answer = (head: string, body = '') => Buffer.from(`${head}\r\n\r\n${body}`, 'latin1');
const OK = answer(
  'HTTP/1.1 200 OK\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: 11\r\nConnection: keep-alive',
  '{"token":1}',
);

describe(HttpResponseReader.name, () => {
  it('gives the status once the head and the whole body have arrived, in any cut', () => {
    for (let cut = 1; cut < OK.length; cut += 1) {
      const sut = new HttpResponseReader();
      expect(sut.push(OK.subarray(0, cut))).toBeUndefined();
      expect(sut.push(OK.subarray(cut))).toBe(200);
      expect(sut.idle).toBe(true);
    }
  });

  it('reads one answer after another on the same connection', () => {
    const sut = new HttpResponseReader();
    const refused = answer('HTTP/1.1 401 Unauthorized\r\nContent-Length: 2', '{}');
    expect(sut.push(OK)).toBe(200);
    expect(sut.push(refused)).toBe(401);
    expect(sut.push(answer('HTTP/1.1 204 No Content\r\nContent-Length: 0'))).toBe(204);
  });

  it.each([
    ['another protocol version', answer('HTTP/1.0 200 OK\r\nContent-Length: 0')],
    ['an interim answer', answer('HTTP/1.1 100 Continue\r\nContent-Length: 0')],
    ['no Content-Length', answer('HTTP/1.1 200 OK\r\nContent-Type: text/plain', 'x')],
    ['a Content-Length that is no number', answer('HTTP/1.1 200 OK\r\nContent-Length: 1x')],
    [
      'two different Content-Lengths',
      answer('HTTP/1.1 200 OK\r\nContent-Length: 0\r\nContent-Length: 1'),
    ],
    ['a chunked body', answer('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked', '0\r\n\r\n')],
    ['Connection: close', answer('HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: Close')],
    ['a header line without a name', answer('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n: x')],
    ['bytes after the answer', Buffer.concat([OK, Buffer.from('H')])],
  ])('refuses %s', (_case, bytes) => {
    expect(() => new HttpResponseReader().push(bytes)).toThrow();
  });

  it('refuses a head that does not end within 16 KiB', () => {
    const sut = new HttpResponseReader();
    expect(sut.push(Buffer.from('HTTP/1.1 200 OK\r\nX: '))).toBeUndefined();
    expect(() => sut.push(Buffer.alloc(16 * 1024, 'a'))).toThrow('longer than 16 KiB');
  });
});
