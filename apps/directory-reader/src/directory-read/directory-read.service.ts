import { Injectable, Logger } from '@nestjs/common';
import type {
  DirectoryReadPage,
  DirectoryUser,
  GroupSettings,
  DirectoryReadRequest,
} from '@dirsync/contracts';
import { AppError } from '@dirsync/service-kit';
import type { LdapConnection } from '@dirsync/ldap';
import type { CatalogGroup, GroupCatalog } from './group-catalog';
import { GroupReader } from './group-reader';
import { GroupScope, type ScopeResult } from './group-scope';
import { LdapDirectoryClient } from './ldap-directory.client';
import { PlainMemberResolver } from './plain-member-resolver';
import { checkReadSettings, DEFAULT_USER_FILTER } from './read-settings';
import { ReadSummaryBuilder } from './read-summary';
import { ScopeMembership } from './scope-membership';
import { mapUserEntry, stableId, userSearchAttributes } from './user-mapping';

/**
 * Turns the settings into the users in scope, streamed as pages of at most
 * 1,000 (one per LDAP page), then one last page with the summary. Groups are
 * read first and kept (nesting needs them whole); users are mapped and sent
 * as they arrive and never kept. Any failure ends the read with an error and
 * without a summary, so the planner cannot take a partial read for a
 * complete one. The connection is closed however the read ends, also when
 * the consumer stops listening.
 */
@Injectable()
export class DirectoryReadService {
  private readonly logger = new Logger(DirectoryReadService.name);

  constructor(private readonly directory: LdapDirectoryClient) {}

  async *read({
    runId,
    settings,
  }: DirectoryReadRequest): AsyncGenerator<DirectoryReadPage, void, undefined> {
    const started = Date.now();
    checkReadSettings(settings);
    const summary = new ReadSummaryBuilder();
    if (settings.connection.protocol !== 'ldap' && settings.connection.acceptAllCertificates) {
      summary.warn({
        code: 'insecure-tls',
        message:
          'certificate verification is off (accept all certificates): the server is not authenticated',
      });
    }
    const connection = await this.directory.open(settings.connection);
    try {
      const baseDn = settings.connection.baseDn?.trim() || (await connection.detectBaseDn());
      const { catalog, scope } = await this.readGroups(
        connection,
        baseDn,
        settings.groups,
        summary,
      );
      summary.keepDnsIn(catalog.dnSpellings);
      const membership = new ScopeMembership(catalog, scope);
      const search = userSearchAttributes(settings.users);
      const filter = settings.users.filter?.trim() || DEFAULT_USER_FILTER;
      let sequence = 0;
      for await (const entries of connection.searchPages({ baseDn, filter, ...search })) {
        const users: DirectoryUser[] = [];
        for (const entry of entries) {
          if (!membership.includes(entry.dn)) {
            const externalId = stableId(entry);
            if (externalId !== null) summary.userOutOfScope(externalId);
            continue;
          }
          const mapped = mapUserEntry(entry, settings.users);
          if (mapped.kind === 'user') {
            users.push(mapped.user);
            summary.userInScope(mapped.user);
          } else if (mapped.kind === 'disabled') {
            summary.userOutOfScope(mapped.externalId);
          } else {
            summary.warn(mapped.warning);
          }
        }
        if (users.length > 0) yield { sequence: sequence++, users };
      }
      for (const warning of membership.danglingMembers()) summary.warn(warning);
      const result = summary.build(baseDn, catalog.groupCount);
      this.logger.log(
        {
          runId,
          baseDn,
          usersInScope: result.usersInScope,
          outOfScope: result.outOfScopeExternalIds.length,
          groups: result.groupsRead,
          ms: Date.now() - started,
        },
        'directory read',
      );
      yield { sequence, users: [], summary: result };
    } finally {
      await connection.close();
    }
  }

  /** Every group, and (with synchronized groups) the members in scope. */
  private async readGroups(
    connection: LdapConnection,
    baseDn: string,
    settings: GroupSettings,
    summary: ReadSummaryBuilder,
  ): Promise<{ catalog: GroupCatalog; scope: ScopeResult | null }> {
    const scoped = settings.syncGroups.length > 0;
    const catalog = await new GroupReader(connection, baseDn, settings).read(scoped, (warning) =>
      summary.warn(warning),
    );
    if (!scoped) return { catalog, scope: null };

    const scope = new GroupScope(catalog, this.syncGroups(catalog, settings, baseDn, summary));
    const template = settings.memberSearchFilter?.trim();
    const resolver = template ? new PlainMemberResolver(connection, baseDn, template) : null;
    // Plain names only exist with a member search filter (the catalog keeps none otherwise).
    for (let names = scope.expand(); names.length > 0 && resolver; names = scope.expand()) {
      scope.addResolved(await resolver.resolve(names));
    }
    const result = scope.result();
    for (const warning of result.warnings) summary.warn(warning);
    return { catalog, scope: result };
  }

  /** The synchronized groups; one that does not exist is an error, never an empty set. */
  private syncGroups(
    catalog: GroupCatalog,
    settings: GroupSettings,
    baseDn: string,
    summary: ReadSummaryBuilder,
  ): CatalogGroup[] {
    const missing: string[] = [];
    const roots: CatalogGroup[] = [];
    for (const name of settings.syncGroups) {
      const found = catalog.findByNameOrDn(name);
      if (found.length === 0) missing.push(name);
      if (found.length > 1) {
        summary.warn({
          code: 'ambiguous-group-name',
          message: `${found.length} groups are named "${name}" (${found.map((group) => group.dn).join('; ')}); the members of all of them are synchronized`,
        });
      }
      roots.push(...found);
    }
    if (missing.length > 0) {
      throw new AppError(
        'sync-group-not-found',
        `no group ${missing.map((name) => `"${name}"`).join(', ')} matches the group filter ${settings.filter} (attribute ${settings.nameAttribute}) under ${baseDn}`,
        { details: { missing } },
      );
    }
    return roots;
  }
}
