import { Logger } from '@nestjs/common';
import type { DirectoryReadPage, DirectorySettings, DirectoryUser } from '@dirsync/contracts';
import { openLdapSampleSettings, seedAdminConnection, serversEnv } from '@dirsync/testing';
import { DirectoryReadService } from './directory-read.service';
import { LdapDirectoryClient } from './ldap-directory.client';

jest.setTimeout(30_000);

/** The seed's OpenLDAP sample, verbatim, against the demo directory loaded in the test slapd. */
function seedSample(variant: 'member' | 'memberUid'): DirectorySettings {
  const servers = serversEnv();
  return openLdapSampleSettings(
    seedAdminConnection(servers.LDAP_HOST, Number(servers.LDAP_PORT)),
    variant,
  );
}

async function read(settings: DirectorySettings) {
  const pages: DirectoryReadPage[] = [];
  for await (const page of new DirectoryReadService(new LdapDirectoryClient()).read({
    runId: 'demo',
    settings,
  }))
    pages.push(page);
  return { users: pages.flatMap((page) => page.users), summary: pages.at(-1)?.summary };
}

/**
 * Other tests add their own OUs under dc=example,dc=com while this runs (and the
 * memberUid variant rightly finds their uids too): compare the demo's people only.
 */
const DEMO_PARENTS = /,ou=(people|contractors),dc=example,dc=com$/i;
const demoNames = (users: DirectoryUser[]) =>
  users
    .filter((user) => DEMO_PARENTS.test(user.dn))
    .map((user) => user.userName)
    .sort();

describe(`${DirectoryReadService.name} on the demo directory`, () => {
  // The service logs one line per read; keep test output readable.
  beforeAll(() => Logger.overrideLogger(false));

  it('gives the same 44 users with member DNs and with memberUid plus the seed member search filter', async () => {
    const byMember = await read(seedSample('member'));
    const byMemberUid = await read(seedSample('memberUid'));

    expect(demoNames(byMember.users)).toHaveLength(44);
    expect(demoNames(byMemberUid.users)).toEqual(demoNames(byMember.users));
    // Through the nested group interns only; with an escaped comma in the DN; with a comma-separated mail value.
    expect(demoNames(byMember.users)).toEqual(
      expect.arrayContaining(['siyer', 'oschmidt', 'neze', 'jsmith', 'rjimenez']),
    );
    expect(demoNames(byMember.users)).not.toEqual(expect.arrayContaining(['lmartin']));
    const rjimenez = byMember.users.find((user) => user.userName === 'rjimenez');
    expect(rjimenez?.emailAddresses).toEqual(['rosa.jimenez@example.com', 'r.jimenez@example.com']);
    expect(byMember.summary?.warnings).toEqual([]);
    expect(byMember.summary?.groupsRead).toBeGreaterThanOrEqual(3);
  });
});
