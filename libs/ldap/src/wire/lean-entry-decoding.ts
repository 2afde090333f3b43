import {
  type BerReader,
  type Client,
  type Message,
  ProtocolOperation,
  SearchRequest,
} from 'ldapts';
import { LeanSearchEntry } from './lean-search-entry';

/** The one method of ldapts's (private) MessageParser this hooks into; ldapts is pinned to 9.2.0. */
interface MessageFactory {
  _getMessageFromProtocolOperation(
    messageId: number,
    protocolOperation: number,
    reader: BerReader,
    request?: Message,
  ): Message;
}

/**
 * Makes this client decode search result entries with LeanSearchEntry, the
 * rest of the protocol staying ldapts's own. Returns false, changing
 * nothing, when ldapts's internals are not the expected ones (a new
 * version): reads then still work, only slower, and a unit test says so.
 */
export function useLeanEntryDecoding(client: Client): boolean {
  const parser = (client as unknown as { messageParser?: Partial<MessageFactory> }).messageParser;
  const ldaptsFactory = parser?._getMessageFromProtocolOperation;
  if (!parser || typeof ldaptsFactory !== 'function') return false;
  parser._getMessageFromProtocolOperation = function (
    messageId,
    protocolOperation,
    reader,
    request,
  ) {
    if (protocolOperation !== ProtocolOperation.LDAP_RES_SEARCH_ENTRY) {
      return ldaptsFactory.call(this, messageId, protocolOperation, reader, request);
    }
    const entry = new LeanSearchEntry(messageId, binaryTypesOf(request));
    entry.parse(reader, request?.controls ?? []);
    return entry;
  };
  return true;
}

const cachedBinaryTypes = new WeakMap<SearchRequest, ReadonlySet<string>>();

/** The request's binary attributes, lower-case; computed once per search, not per entry. */
function binaryTypesOf(request: Message | undefined): ReadonlySet<string> {
  if (!(request instanceof SearchRequest)) return new Set();
  let types = cachedBinaryTypes.get(request);
  if (!types) {
    types = new Set(request.explicitBufferAttributes.map((type) => type.toLowerCase()));
    cachedBinaryTypes.set(request, types);
  }
  return types;
}
