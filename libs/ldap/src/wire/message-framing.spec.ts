import { BerWriter } from 'ldapts';
import { MessageFraming } from './message-framing';

/** An LDAPMessage-shaped SEQUENCE whose content is `size` bytes of `fill`. */
function message(size: number, fill: number): Buffer {
  const writer = new BerWriter();
  writer.writeBuffer(Buffer.alloc(size, fill), 0x30);
  return writer.buffer;
}

/** The messages found, as hex (Jest compares large Buffers byte by byte, slowly). */
function messagesOf(framing: MessageFraming, chunks: Buffer[]): string[] {
  const out: string[] = [];
  for (const chunk of chunks) {
    const { buffer, bounds } = framing.push(chunk);
    for (let i = 0; i < bounds.length; i += 2) {
      out.push(buffer.toString('hex', bounds[i], bounds[i + 1]));
    }
  }
  return out;
}

const hex = (buffers: Buffer[]) => buffers.map((buffer) => buffer.toString('hex'));

describe(MessageFraming.name, () => {
  // Short, long-form (0x81, 0x82) and empty lengths.
  const messages = [message(5, 1), message(200, 2), message(0, 3), message(70_000, 4)];
  const stream = Buffer.concat(messages);

  it('finds every message whatever the chunks, headers cut anywhere included', () => {
    for (const size of [1, 2, 3, 7, 64, 1000, 65_536, stream.length]) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < stream.length; at += size) chunks.push(stream.subarray(at, at + size));

      expect(messagesOf(new MessageFraming(), chunks)).toEqual(hex(messages));
    }
  });

  it('finds messages split at every single byte position', () => {
    const small = Buffer.concat([message(5, 1), message(200, 2), message(0, 3)]);
    for (let cut = 1; cut < small.length; cut += 1) {
      const found = messagesOf(new MessageFraming(), [small.subarray(0, cut), small.subarray(cut)]);
      expect(found).toEqual(hex([message(5, 1), message(200, 2), message(0, 3)]));
    }
  });

  it('joins the chunks of a large message once, when its last chunk has come', () => {
    const large = message(1_000_000, 9);
    const chunks: Buffer[] = [];
    for (let at = 0; at < large.length; at += 65_536) chunks.push(large.subarray(at, at + 65_536));
    const concat = jest.spyOn(Buffer, 'concat');
    try {
      expect(messagesOf(new MessageFraming(), chunks)).toEqual(hex([large]));
      expect(concat).toHaveBeenCalledTimes(1);
    } finally {
      concat.mockRestore();
    }
  });

  it('says where the stream stops being LDAP', () => {
    const framing = new MessageFraming();
    expect(() => framing.push(Buffer.concat([message(3, 1), Buffer.from([0x04, 0x00])]))).toThrow(
      'expected tag 0x30 at byte 5, got 0x4',
    );
  });
});
