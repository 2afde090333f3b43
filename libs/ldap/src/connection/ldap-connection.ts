import { type Client, PresenceFilter, type SearchOptions, type SearchResult } from 'ldapts';
import { parseLdapFilter } from '../filter/parse-ldap-filter';
import type { LdapEntry } from '../entry/entry-attributes';
import type { LdapEndpoint } from './ldap-endpoint';
import { LdapError, toLdapError, type LdapErrorContext } from './ldap-errors';
import { baseDnFromRootDse } from './root-dse';
import { requestingPacked } from '../wire/packed-attributes';

/** The part of ldapts's Client this toolkit uses (tests hand in a fake with the same shape). */
export type LdaptsClient = Pick<
  Client,
  'bind' | 'search' | 'searchPaginated' | 'unbind' | 'isConnected'
>;

export interface LdapSearchRequest {
  baseDn: string;
  filter: string;
  attributes: string[];
  /** Default `sub`. */
  scope?: 'base' | 'one' | 'sub';
  /** Attributes to keep as bytes (objectGUID); ldapts would otherwise try to decode them as UTF-8. */
  binaryAttributes?: string[];
  /** Entries per page, at most (and by default) 1,000 (RFC 2696 paging). */
  pageSize?: number;
  /**
   * Attributes (of `attributes`) whose values to keep as one PackedValues each
   * (read them with `packedValues`): a group's members, without a string per
   * member. Their ranged forms (`member;range=0-1499`) are packed too.
   */
  packedAttributes?: string[];
}

/**
 * `(objectClass=*)`, the filter of every base read, parsed once: ldapts
 * parses a filter given as text on every search (a sign-in's identity read).
 */
const ANY_OBJECT = '(objectClass=*)';
const ANY_OBJECT_FILTER = new PresenceFilter({ attribute: 'objectClass' });

/** Paged searches ask for at most this many entries per page (Active Directory's MaxPageSize). */
export const MAX_PAGE_SIZE = 1000;

/**
 * One open LDAP connection: bind, paged searches and base-object reads, every
 * failure mapped to an LdapError. Dispose of it (or `close()`) in a `finally`:
 * ldapts keeps the socket of a failed bind open otherwise.
 */
export class LdapConnection implements AsyncDisposable {
  private bindDn: string | null = null;
  private closed = false;

  constructor(
    private readonly client: LdaptsClient,
    readonly endpoint: LdapEndpoint,
  ) {}

  /**
   * Simple bind with a DN or, on Active Directory, a user name such as
   * `admin@example.com`. An empty password is refused here: servers treat it
   * as an unauthenticated (anonymous) bind that "succeeds" (RFC 4513 5.1.2).
   */
  async bind(dn: string, password: string | undefined): Promise<void> {
    if (!password) {
      throw new LdapError(
        'ldap-invalid-credentials',
        `no password for "${dn}": an empty password would be an anonymous bind`,
      );
    }
    // ldapts reconnects a lost socket silently, and for StartTLS that new
    // socket is plain text: the password would cross the network in clear.
    if (this.closed || (this.endpoint.protocol === 'ldap-tls' && !this.client.isConnected)) {
      throw new LdapError(
        'ldap-unreachable',
        `the connection to ${this.endpoint.host}:${this.endpoint.port} was lost`,
      );
    }
    // ldapts connects lazily: for LDAPS the bind is also the TLS handshake.
    const handshaking = this.endpoint.protocol === 'ldap-ssl' && !this.client.isConnected;
    try {
      await this.client.bind(dn, password);
    } catch (error) {
      throw toLdapError(error, this.context('bind', { bindDn: dn, handshaking }));
    }
    this.bindDn = dn;
  }

  /**
   * A paged search (RFC 2696, ≤1,000 per page) yielding one array of entries
   * per page, so a caller can stream them. Any error on any page, including
   * a size, time or admin limit, throws: a partial result never looks like a
   * complete one. The server-side time limit is set explicitly (ldapts would
   * send 10 s) and no size limit is asked for (ldapts would turn the server's
   * "size limit exceeded" into a silent success).
   */
  async *searchPages(request: LdapSearchRequest): AsyncGenerator<LdapEntry[], void, undefined> {
    const context = this.context('search', { baseDn: request.baseDn, filter: request.filter });
    this.checkFilter(request.filter);
    this.checkStillBound(context);
    const pages = this.client.searchPaginated(request.baseDn, {
      ...this.searchOptions(request),
      paged: { pageSize: Math.min(request.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE) },
    });
    // Read-ahead of one page: the server prepares page n+1 while the caller
    // works on page n (paging is request/response, so otherwise one of the
    // two always waits). Memory stays at two pages.
    let next = readAhead(pages);
    try {
      for (;;) {
        let page: IteratorResult<SearchResult>;
        try {
          page = await next;
        } catch (error) {
          throw toLdapError(error, context);
        }
        if (page.done) return;
        next = readAhead(pages);
        yield page.value.searchEntries;
      }
    } finally {
      // Not awaited: a page still in flight settles (or fails when the
      // connection closes) on its own; the generator then ends.
      void pages.return(undefined).catch(() => undefined);
    }
  }

  /** One entry read by its DN (scope base), or null when the filter excludes it. */
  async readEntry(
    dn: string,
    attributes: string[],
    binaryAttributes: string[] = [],
    packedAttributes: string[] = [],
  ): Promise<LdapEntry | null> {
    // Built only when needed: a base read is on every sign-in's path.
    const context = () => this.context('search', { baseDn: dn, filter: ANY_OBJECT });
    if (this.isLost()) throw lostConnection(context());
    try {
      const result = await this.client.search(dn, {
        ...this.searchOptions({
          baseDn: dn,
          filter: ANY_OBJECT,
          attributes,
          scope: 'base',
          binaryAttributes,
          packedAttributes,
        }),
        filter: ANY_OBJECT_FILTER,
      });
      return result.searchEntries[0] ?? null;
    } catch (error) {
      throw toLdapError(error, context());
    }
  }

  /** The base DN from the RootDSE: `defaultNamingContext`, else the only `namingContexts` value. */
  async detectBaseDn(): Promise<string> {
    const rootDse = await this.readEntry('', ['defaultNamingContext', 'namingContexts']);
    return baseDnFromRootDse(rootDse, `${this.endpoint.host}:${this.endpoint.port}`);
  }

  /** False once closed here or by the server: a pool must not hand it out again. */
  get isOpen(): boolean {
    return !this.closed && this.client.isConnected;
  }

  /** Unbinds and closes the socket; never throws (the socket is gone either way). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.client.unbind();
    } catch {
      // Unbind has no response; an error here only means the socket was already closed.
    }
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private searchOptions(request: LdapSearchRequest): SearchOptions {
    return {
      scope: request.scope ?? 'sub',
      filter: request.filter,
      attributes: requestingPacked(request.attributes, request.packedAttributes ?? []),
      explicitBufferAttributes: request.binaryAttributes ?? [],
      sizeLimit: 0,
      timeLimit: Math.ceil(this.endpoint.operationTimeoutMs / 1000),
    };
  }

  /** Our own RFC 4515 check first: it names the position of the problem, the server would not. */
  private checkFilter(filter: string) {
    const parsed = parseLdapFilter(filter);
    if (!parsed.ok) {
      throw new LdapError(
        'ldap-filter-rejected',
        `the filter ${abbreviate(filter)} is invalid at position ${parsed.position}: ${parsed.message}`,
        { details: { filter: abbreviate(filter), position: parsed.position } },
      );
    }
  }

  /**
   * ldapts reconnects silently when a search starts on a closed connection,
   * and that new connection is anonymous: its results would be whatever an
   * anonymous user may see. A lost bound connection is an error instead.
   */
  private checkStillBound(context: LdapErrorContext) {
    if (this.isLost()) throw lostConnection(context);
  }

  private isLost(): boolean {
    return this.closed || (this.bindDn !== null && !this.client.isConnected);
  }

  private context(
    operation: LdapErrorContext['operation'],
    extra: Partial<LdapErrorContext> = {},
  ): LdapErrorContext {
    return {
      host: this.endpoint.host,
      port: this.endpoint.port,
      operation,
      operationTimeoutMs: this.endpoint.operationTimeoutMs,
      ...(this.bindDn !== null ? { bindDn: this.bindDn } : {}),
      ...extra,
    };
  }
}

function lostConnection(context: LdapErrorContext): LdapError {
  return new LdapError(
    'ldap-unreachable',
    `the connection to ${context.host}:${context.port} was lost`,
  );
}

function abbreviate(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** Asks for the next page now; marked as handled so a page nobody waits for any more cannot crash the process. */
function readAhead(pages: AsyncGenerator<SearchResult>): Promise<IteratorResult<SearchResult>> {
  const next = pages.next();
  next.catch(() => undefined);
  return next;
}
