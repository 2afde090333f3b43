import type { Entry, SearchOptions, SearchResult } from 'ldapts';
import type { LdapConnectionSettings } from '@dirsync/contracts';
import { LdapConnection, ldapEndpoint, type LdaptsClient } from '@dirsync/ldap';
import { LdapDirectoryClient } from '../src/directory-read/ldap-directory.client';

/** Answers one kind of search: the pages to return (an Error page throws there, like a server failing mid-read). */
export interface FakeSearch {
  matches: (base: string, options: SearchOptions) => boolean;
  pages: (Entry[] | Error)[];
}

/** A stand-in for ldapts's Client that replays recorded or synthetic search responses. */
export class FakeLdapts implements LdaptsClient {
  isConnected = true;
  unbinds = 0;
  readonly searches: { base: string; options: SearchOptions }[] = [];

  constructor(private readonly answers: FakeSearch[]) {}

  async bind(): Promise<void> {
    await Promise.resolve();
  }

  async search(base: unknown, options: SearchOptions = {}): Promise<SearchResult> {
    const pages: Entry[][] = [];
    for await (const page of this.searchPaginated(base, options)) pages.push(page.searchEntries);
    return { searchEntries: pages.flat(), searchReferences: [] };
  }

  async *searchPaginated(base: unknown, options: SearchOptions = {}): AsyncGenerator<SearchResult> {
    this.searches.push({ base: String(base), options });
    const answer = this.answers.find((candidate) => candidate.matches(String(base), options));
    for (const page of answer?.pages ?? [[]]) {
      await Promise.resolve();
      if (page instanceof Error) throw page;
      yield { searchEntries: page, searchReferences: [] };
    }
  }

  async unbind(): Promise<void> {
    await Promise.resolve();
    this.unbinds += 1;
    this.isConnected = false;
  }
}

/** LdapDirectoryClient whose connections talk to a FakeLdapts instead of a server. */
export class FakeDirectoryClient extends LdapDirectoryClient {
  opened = 0;

  constructor(readonly ldapts: FakeLdapts) {
    super();
  }

  override async open(settings: LdapConnectionSettings): Promise<LdapConnection> {
    await Promise.resolve();
    this.opened += 1;
    const connection = new LdapConnection(this.ldapts, ldapEndpoint(settings));
    await connection.bind(settings.bindDn, settings.bindPassword);
    return connection;
  }
}

/** Matches a search by (part of) its filter. */
export const filterIncludes =
  (text: string) =>
  (_base: string, options: SearchOptions): boolean =>
    String(options.filter).includes(text);
