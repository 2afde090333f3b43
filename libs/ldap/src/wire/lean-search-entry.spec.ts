import {
  Attribute,
  BerReader,
  BerWriter,
  type Client,
  MessageParser,
  SearchEntry,
  SearchRequest,
  EqualityFilter,
} from 'ldapts';
import { packedValues } from '../entry/entry-attributes';
import { PackedValues } from '../entry/packed-values';
import { useLeanEntryDecoding } from './lean-entry-decoding';
import { LeanSearchEntry } from './lean-search-entry';
import { requestingPacked } from './packed-attributes';

type Values = (string | Buffer)[];

/** The protocol operation of a SearchResultEntry (RFC 4511 4.5.2), as a server sends it. */
function entryOperation(dn: string, attributes: [string, Values][]): Buffer {
  const writer = new BerWriter();
  writer.startSequence(0x64);
  writer.writeString(dn);
  writer.startSequence();
  for (const [type, values] of attributes) {
    new Attribute({ type, values: values as string[] }).write(writer);
  }
  writer.endSequence();
  writer.endSequence();
  return writer.buffer;
}

/** A whole LDAPMessage: sequence, message id, the operation. */
function ldapMessage(messageId: number, operation: Buffer): Buffer {
  const writer = new BerWriter();
  writer.startSequence();
  writer.writeInt(messageId);
  writer.writeBuffer(operation, 0x64);
  writer.endSequence();
  return writer.buffer;
}

function decode<T extends SearchEntry>(entry: T, operation: Buffer): T {
  const reader = new BerReader(operation);
  reader.readSequence(0x64);
  entry.parse(reader, []);
  return entry;
}

describe(LeanSearchEntry.name, () => {
  const requested = ['uid', 'mail', 'member', 'objectGUID', 'absent'];

  function bothWays(attributes: [string, Values][], binary: string[] = []) {
    const operation = entryOperation('uid=jdoe,ou=people,dc=example,dc=com', attributes);
    const lean = decode(
      new LeanSearchEntry(1, new Set(binary.map((type) => type.toLowerCase()))),
      operation,
    );
    const ldapts = decode(new SearchEntry({ messageId: 1 }), operation);
    return { lean: lean.toObject(requested), ldapts: ldapts.toObject(requested, binary) };
  }

  it('gives the same entry as ldapts for text, single and multiple values, and absent attributes', () => {
    const { lean, ldapts } = bothWays([
      ['uid', ['jdoe']],
      ['mail', ['jdoe@example.com', 'John.Doe@example.com']],
      ['member', Array.from({ length: 2000 }, (_, i) => `uid=u${i},ou=people,dc=example,dc=com`)],
      ['cn', ['Jöhn Dœ', '山田 太郎', '']],
    ]);

    expect(lean).toEqual(ldapts);
    expect(lean['absent']).toEqual([]);
    expect(lean['cn']).toEqual(['Jöhn Dœ', '山田 太郎', '']);
  });

  it('gives bytes for binary attributes, and for an attribute with a value that is not UTF-8', () => {
    const guid = Buffer.from('3f2504e04f8911d39a0c0305e82c3301', 'hex');
    const { lean, ldapts } = bothWays(
      [
        ['objectGUID', [guid]],
        ['jpegPhoto;binary', [Buffer.from('ok')]],
        ['description', ['fine', Buffer.from([0xc3, 0x28])]],
      ],
      ['objectGUID'],
    );

    expect(lean).toEqual(ldapts);
    expect(lean['objectGUID']).toEqual(guid);
    expect(lean['description']).toEqual([Buffer.from('fine'), Buffer.from([0xc3, 0x28])]);
  });

  it('copies the bytes it keeps, so a small value does not hold the whole message', () => {
    const operation = entryOperation('cn=x', [['objectGUID', [Buffer.alloc(16, 7)]]]);
    const entry = decode(new LeanSearchEntry(1, new Set(['objectguid'])), operation).toObject([]);

    const guid = entry['objectGUID'] as Buffer;
    expect(guid.buffer).not.toBe(operation.buffer);
    expect(guid.byteLength).toBe(16);
  });

  it('reads large attributes (checked for ASCII as a whole) like ldapts: all ASCII, one UTF-8 value, one value that is not UTF-8', () => {
    const many = Array.from({ length: 100 }, (_, i) => `uid=u${i},ou=people,dc=example,dc=com`);
    const { lean, ldapts } = bothWays([
      ['member', many],
      ['uid', [...many, 'cn=Zoë,dc=example,dc=com']],
      ['mail', [...many.map((dn) => Buffer.from(dn)), Buffer.from([0xc3, 0x28])]],
    ]);
    expect(lean).toEqual(ldapts);
    expect(lean['member']).toEqual(many);
    expect((lean['uid'] as string[]).at(-1)).toBe('cn=Zoë,dc=example,dc=com');
    expect((lean['mail'] as Buffer[]).at(-1)).toEqual(Buffer.from([0xc3, 0x28]));
  });

  it('reads values longer than 127 bytes (long-form lengths) and non-ASCII among ASCII', () => {
    const long = `cn=${'x'.repeat(70_000)},dc=example,dc=com`;
    const { lean, ldapts } = bothWays([['member', [long, 'cn=Zoë,dc=example,dc=com', 'cn=a']]]);

    expect(lean).toEqual(ldapts);
    expect((lean['member'] as string[])[0]).toHaveLength(long.length);
  });

  it('keeps the type as the server spelled it and matches requested attributes case-insensitively', () => {
    const { lean, ldapts } = bothWays([['MAIL', ['a@example.com']]]);

    expect(lean).toEqual(ldapts);
    expect(lean).not.toHaveProperty('mail');
  });

  it('gives packed attributes, ranged ones included, as PackedValues holding the same values as ldapts', () => {
    const members = Array.from({ length: 300 }, (_, i) => `uid=u${i},ou=people,dc=example,dc=com`);
    const attributes: [string, Values][] = [
      ['member', [...members, 'cn=Zoë,dc=example,dc=com', `cn=${'x'.repeat(200)}`]],
      ['Member;range=0-1499', ['cn=a']],
      ['uid', ['jdoe']],
    ];
    const operation = entryOperation('cn=g', attributes);
    const lean = decode(new LeanSearchEntry(1, new Set(), new Set(['member'])), operation);
    const ldapts = decode(new SearchEntry({ messageId: 1 }), operation);
    const entry = lean.toObject([]);
    const expected = ldapts.toObject([], []);

    expect(entry['member']).toBeInstanceOf(PackedValues);
    expect(packedValues(entry, 'member').texts()).toEqual(expected['member']);
    expect(packedValues(entry, 'Member;range=0-1499').texts()).toEqual(['cn=a']);
    expect(entry['uid']).toBe('jdoe');
  });

  it('fails on a value whose length runs past its attribute, instead of reading the next one', () => {
    const operation = entryOperation('cn=x', [['uid', ['jdoe']]]);
    // The value "jdoe" is the last 4 bytes; claim it has 5.
    operation[operation.length - 5] = 5;

    expect(() => decode(new LeanSearchEntry(1, new Set()), operation)).toThrow(
      /runs past its container/,
    );
  });
});

describe(useLeanEntryDecoding.name, () => {
  it("takes over ldapts's entry decoding and leaves every other message to ldapts", () => {
    const parser = new MessageParser();
    expect(useLeanEntryDecoding({ messageParser: parser } as unknown as Client)).toBe(true);
    const messages: unknown[] = [];
    parser.on('message', (message) => messages.push(message));
    const request = new SearchRequest({
      messageId: 7,
      baseDN: 'dc=example,dc=com',
      filter: new EqualityFilter({ attribute: 'uid', value: 'jdoe' }),
      attributes: ['objectGUID'],
      explicitBufferAttributes: ['objectGUID'],
    });
    const done = Buffer.from('300c02010765070a010004000400', 'hex'); // SearchResultDone, success

    parser.read(
      Buffer.concat([
        ldapMessage(7, entryOperation('cn=a', [['objectGUID', ['text-like']]]).subarray(2)),
        done,
      ]),
      new Map([['7', { message: request }]]),
    );

    expect(messages).toHaveLength(2);
    expect(messages[0]).toBeInstanceOf(LeanSearchEntry);
    expect((messages[0] as LeanSearchEntry).toObject([])).toEqual({
      dn: 'cn=a',
      objectGUID: Buffer.from('text-like'),
    });
    expect(messages[1]).not.toBeInstanceOf(SearchEntry);
  });

  it('reads entries cut into small chunks, and goes on after a message it cannot decode', () => {
    const parser = new MessageParser();
    useLeanEntryDecoding({ messageParser: parser } as unknown as Client);
    const messages: unknown[] = [];
    const errors: Error[] = [];
    parser.on('message', (message) => messages.push(message));
    parser.on('error', (error) => errors.push(error));
    const broken = entryOperation('cn=broken', [['uid', ['jdoe']]]);
    broken[broken.length - 5] = 5; // the value claims one byte more than its attribute holds
    const stream = Buffer.concat([
      ldapMessage(8, entryOperation('cn=first', [['uid', ['one']]]).subarray(2)),
      ldapMessage(8, broken.subarray(2)),
      ldapMessage(8, entryOperation('cn=third', [['uid', ['three']]]).subarray(2)),
    ]);

    for (let at = 0; at < stream.length; at += 3) {
      parser.read(stream.subarray(at, at + 3), new Map());
    }

    expect(messages.map((message) => (message as LeanSearchEntry).toObject([]))).toEqual([
      { dn: 'cn=first', uid: 'one' },
      { dn: 'cn=third', uid: 'three' },
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      message: expect.stringContaining('runs past its container') as unknown,
      messageDetails: { messageId: 8, protocolOperation: 0x64 },
    });
  });

  it('packs the attributes a search asked for packed (requestingPacked), and only for that search', () => {
    const parser = new MessageParser();
    useLeanEntryDecoding({ messageParser: parser } as unknown as Client);
    const messages: LeanSearchEntry[] = [];
    parser.on('message', (message) => messages.push(message as LeanSearchEntry));
    const search = (messageId: number, attributes: string[]) =>
      new SearchRequest({
        messageId,
        baseDN: 'dc=example,dc=com',
        filter: new EqualityFilter({ attribute: 'cn', value: 'g' }),
        attributes,
      });
    const requests = new Map([
      ['1', { message: search(1, requestingPacked(['member'], ['member'])) }],
      ['2', { message: search(2, ['member']) }],
    ]);
    const entryOf = (messageId: number) =>
      ldapMessage(messageId, entryOperation('cn=g', [['member', ['cn=a', 'cn=b']]]).subarray(2));

    parser.read(Buffer.concat([entryOf(1), entryOf(2)]), requests);

    const [packed, plain] = messages.map((message) => message.toObject([]));
    expect(packed?.['member']).toBeInstanceOf(PackedValues);
    expect((packed?.['member'] as unknown as PackedValues).texts()).toEqual(['cn=a', 'cn=b']);
    expect(plain?.['member']).toEqual(['cn=a', 'cn=b']);
  });

  it('changes nothing and says so when the client does not have the expected internals', () => {
    expect(useLeanEntryDecoding({} as unknown as Client)).toBe(false);
  });
});
