import {
  BerReader,
  type Client,
  type Message,
  type MessageParser,
  type MessageResponse,
  ProtocolOperation,
  SearchRequest,
} from 'ldapts';
import { LeanSearchEntry } from './lean-search-entry';
import { MessageFraming } from './message-framing';
import { packedTypesOf } from './packed-attributes';

/** The (private) method of ldapts's MessageParser that turns one message's bytes into a Message; ldapts is pinned to 9.2.0. */
interface MessageFactory {
  _getMessageFromProtocolOperation(
    messageId: number,
    protocolOperation: number,
    reader: BerReader,
    request?: Message,
  ): MessageResponse;
}

type LdaptsParser = Pick<MessageParser, 'read' | 'emit'> & MessageFactory;
type RequestsById = Parameters<MessageParser['read']>[1];

/**
 * Makes this client read its connection with MessageFraming and decode
 * search result entries with LeanSearchEntry; every other message is still
 * decoded by ldapts, and handed on through the same events. ldapts's own
 * framing makes a Buffer, a reader and a recursive call per message, which
 * for 100,000 small user entries costs as much as decoding them. Returns
 * false, changing nothing, when ldapts's internals are not the expected ones
 * (a new version): reads then still work, only slower, and a unit test says so.
 */
export function useLeanEntryDecoding(client: Client): boolean {
  const found = (client as unknown as { messageParser?: Partial<LdaptsParser> }).messageParser;
  if (
    typeof found?._getMessageFromProtocolOperation !== 'function' ||
    typeof found.read !== 'function' ||
    typeof found.emit !== 'function'
  ) {
    return false;
  }
  const parser = found as LdaptsParser;
  const ldaptsFactory = parser._getMessageFromProtocolOperation;
  const decode = (
    messageId: number,
    protocolOperation: number,
    reader: BerReader,
    request?: Message,
  ) => {
    if (protocolOperation !== ProtocolOperation.LDAP_RES_SEARCH_ENTRY) {
      return ldaptsFactory.call(parser, messageId, protocolOperation, reader, request);
    }
    const entry = new LeanSearchEntry(
      messageId,
      binaryTypesOf(request),
      request instanceof SearchRequest ? packedTypesOf(request.attributes) : undefined,
    );
    entry.parse(reader, request?.controls ?? []);
    return entry;
  };
  const framing = new MessageFraming();
  parser.read = (data: Buffer, requests: RequestsById) => {
    let framed;
    try {
      framed = framing.push(data);
    } catch (error) {
      // Not LDAP any more (a message that does not start with a SEQUENCE): nothing to attribute it to.
      parser.emit('error', error as Error);
      return;
    }
    const { buffer, bounds } = framed;
    const reader = new BerReader(buffer);
    for (let i = 0; i < bounds.length; i += 2) {
      reader.setBufferSize(bounds[i + 1] as number);
      reader.offset = bounds[i] as number;
      let messageId: number | null = null;
      let protocolOperation: number | null = null;
      try {
        reader.readSequence();
        messageId = reader.readInt();
        if (messageId === null) throw new Error('Unable to read message id');
        protocolOperation = reader.readSequence();
        if (protocolOperation === null) {
          throw new Error(`Unable to read protocol operation sequence for message: ${messageId}`);
        }
        const request = requests.get(String(messageId))?.message;
        parser.emit('message', decode(messageId, protocolOperation, reader, request));
      } catch (error) {
        // As ldapts does: the error names the message, whose request then fails. The
        // stream is framed, so unlike ldapts the next messages are still read.
        const details = {
          messageId,
          ...(protocolOperation === null ? {} : { protocolOperation }),
        };
        parser.emit(
          'error',
          Object.assign(error as Error, messageId ? { messageDetails: details } : {}),
        );
      }
    }
  };
  return true;
}

const NO_BINARY_TYPES: ReadonlySet<string> = new Set();
/**
 * Keyed by the request's list of binary attributes, not by the request: callers
 * pass one constant list (the identity read's `STABLE_ID_BINARY_ATTRIBUTES`),
 * so this holds a few long-lived entries instead of a new one per search. A
 * list must not be changed once a search used it (ldapts keeps it as given).
 */
const cachedBinaryTypes = new WeakMap<readonly string[], ReadonlySet<string>>();

/** The request's binary attributes, lower-case; computed once per list of them, not per entry. */
function binaryTypesOf(request: Message | undefined): ReadonlySet<string> {
  if (!(request instanceof SearchRequest)) return NO_BINARY_TYPES;
  const names = request.explicitBufferAttributes;
  if (names.length === 0) return NO_BINARY_TYPES;
  let types = cachedBinaryTypes.get(names);
  if (!types) {
    types = new Set(names.map((type) => type.toLowerCase()));
    cachedBinaryTypes.set(names, types);
  }
  return types;
}
