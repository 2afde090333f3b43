import { Logger } from '@nestjs/common';
import type { DirectoryReadPage, DirectorySettings, DirectoryUser } from '@dirsync/contracts';
import { objectGuidToString, PackedValues } from '@dirsync/ldap';
import { AD_FIXTURE, SambaAdFixture } from '@dirsync/testing';
import { DirectoryReadService } from './directory-read.service';
import { LdapDirectoryClient } from './ldap-directory.client';
import { readAllRanges, readRangedAttribute } from './member-ranges';

jest.setTimeout(60_000);

async function read(settings: DirectorySettings) {
  const pages: DirectoryReadPage[] = [];
  for await (const page of new DirectoryReadService(new LdapDirectoryClient()).read({
    runId: 'samba-ad',
    settings,
  }))
    pages.push(page);
  const summary = pages.at(-1)?.summary;
  if (!summary) throw new Error('the read ended without a summary');
  return { users: pages.flatMap((page) => page.users), summary };
}

const byDn = (users: DirectoryUser[]) => new Map(users.map((user) => [user.dn, user]));

/**
 * The seed's Active Directory sample, as written, against a real Samba AD DC
 * loaded with infra/samba-ad/ad-fixture.ldif (see its README).
 */
describe(`${DirectoryReadService.name} against Samba Active Directory`, () => {
  beforeAll(() => Logger.overrideLogger(false));

  let ad: SambaAdFixture;
  let result: Awaited<ReturnType<typeof read>>;
  let users: Map<string, DirectoryUser>;
  /** objectGUID of an entry as the server holds it, canonical text. */
  const guidOf = (dn: string) =>
    ad.withAdmin(async (client) => {
      const { searchEntries } = await client.search(dn, {
        scope: 'base',
        attributes: ['objectGUID'],
        explicitBufferAttributes: ['objectGUID'],
      });
      return objectGuidToString(searchEntries[0]?.['objectGUID'] as Buffer);
    });

  beforeAll(async () => {
    ad = await SambaAdFixture.create();
    result = await read(ad.settings());
    users = byDn(result.users);
  });

  it('detects the empty base DN from the RootDSE defaultNamingContext', () => {
    expect(ad.settings().connection.baseDn).toBe('');
    expect(result.summary.baseDn).toBe(AD_FIXTURE.baseDn);
  });

  it('binds with the UPN administrator of the sample', () => {
    expect(ad.settings().connection.bindDn).toBe('Administrator@example.com');
    expect(result.summary.groupsRead).toBeGreaterThan(3);
  });

  it('reads every member of the 1,607-member group, nested groups across OUs included', () => {
    const expected = [
      AD_FIXTURE.alice.dn,
      AD_FIXTURE.bob.dn,
      AD_FIXTURE.chrisStaff.dn,
      AD_FIXTURE.chrisPartner.dn,
      AD_FIXTURE.pat.dn,
      AD_FIXTURE.disabled.dn,
      AD_FIXTURE.mustChange.dn,
      AD_FIXTURE.bulkDn(1),
      AD_FIXTURE.bulkDn(1500),
      AD_FIXTURE.bulkDn(1501),
      AD_FIXTURE.bulkDn(AD_FIXTURE.bulkUsers),
    ];
    for (const dn of expected) expect(users.has(dn)).toBe(true);
    // 1,600 bulk users, 5 staff, Chris Cole and Pat through the nested groups.
    expect(result.summary.usersInScope).toBe(AD_FIXTURE.bulkUsers + 7);
    expect(result.users).toHaveLength(AD_FIXTURE.bulkUsers + 7);
    expect(users.has(AD_FIXTURE.outsider.dn)).toBe(false);
  });

  it('uses objectGUID as the stable id, and lists users out of scope by it', async () => {
    const aliceId = users.get(AD_FIXTURE.alice.dn)?.externalId;
    expect(aliceId).toBe(await guidOf(AD_FIXTURE.alice.dn));
    // AD's own text form: the server finds the entry by it (<GUID=...> as a base DN).
    const found = await ad.withAdmin(
      async (client) =>
        (await client.search(`<GUID=${aliceId}>`, { scope: 'base', attributes: ['cn'] }))
          .searchEntries,
    );
    expect(found.map((entry) => entry.dn)).toEqual([AD_FIXTURE.alice.dn]);
    expect(result.summary.outOfScopeExternalIds).toContain(await guidOf(AD_FIXTURE.outsider.dn));
    expect(new Set(result.users.map((user) => user.externalId)).size).toBe(result.users.length);
  });

  it('maps userPrincipalName to its local part and reports the two "chris" as a conflict', () => {
    expect(users.get(AD_FIXTURE.alice.dn)?.userName).toBe('alice');
    expect(users.get(AD_FIXTURE.chrisStaff.dn)?.userName).toBe('chris');
    expect(users.get(AD_FIXTURE.chrisPartner.dn)?.userName).toBe('chris');
    expect(result.summary.conflicts).toEqual([
      {
        userName: 'chris',
        dns: expect.arrayContaining([AD_FIXTURE.chrisStaff.dn, AD_FIXTURE.chrisPartner.dn]),
      },
    ]);
  });

  it('takes e-mail addresses from proxyAddresses: SMTP: primary first, X500: and SIP: dropped', () => {
    expect(users.get(AD_FIXTURE.alice.dn)).toEqual(
      expect.objectContaining({
        fullName: 'Alice Adams',
        emailAddresses: [...AD_FIXTURE.alice.emailAddresses],
      }),
    );
    expect(users.get(AD_FIXTURE.pat.dn)?.emailAddresses).toEqual(['pat@partner.example.org']);
  });

  it('finds the contact with (objectCategory=User) and skips it for want of a user name', () => {
    expect(users.has(AD_FIXTURE.contact.dn)).toBe(false);
    expect(result.summary.warnings).toContainEqual(
      expect.objectContaining({ code: 'user-without-name', dn: AD_FIXTURE.contact.dn }),
    );
  });

  it('does not match the contact with (objectClass=user): a member that is no user', async () => {
    const settings = ad.settings();
    settings.users.filter = '(objectClass=user)';
    const { summary } = await read(settings);
    expect(summary.usersInScope).toBe(AD_FIXTURE.bulkUsers + 7);
    const aboutContact = summary.warnings.filter((w) => w.dn === AD_FIXTURE.contact.dn);
    expect(aboutContact.map((warning) => warning.code)).toEqual(['dangling-member']);
  });

  it('keeps disabled accounts as written, and leaves them out with "skip disabled accounts"', async () => {
    expect(users.has(AD_FIXTURE.disabled.dn)).toBe(true);
    const settings = ad.settings();
    settings.users.skipDisabledAccounts = true;
    const skipping = await read(settings);
    expect(byDn(skipping.users).has(AD_FIXTURE.disabled.dn)).toBe(false);
    expect(byDn(skipping.users).has(AD_FIXTURE.mustChange.dn)).toBe(true);
    expect(skipping.summary.outOfScopeExternalIds).toContain(await guidOf(AD_FIXTURE.disabled.dn));
  });

  it('ignores the continuation references a search from the domain root returns', async () => {
    const references = await ad.withAdmin(
      async (client) =>
        (
          await client.search(AD_FIXTURE.baseDn, {
            filter: '(cn=Alice Adams)',
            attributes: ['cn'],
          })
        ).searchReferences,
    );
    // The references are really there; the read above succeeded without following them.
    expect(references.length).toBeGreaterThan(0);
    expect(result.summary.warnings.filter((w) => w.message.includes('ldap://'))).toEqual([]);
  });

  it('reads the group in 1,500-value ranges when a range is asked for', async () => {
    const connection = await new LdapDirectoryClient().open(ad.connection());
    try {
      const first = await connection.readEntry(AD_FIXTURE.syncGroupDn, ['member;range=0-*']);
      const whole = readRangedAttribute(first!, 'member').values;
      const entry = await connection.readEntry(AD_FIXTURE.syncGroupDn, ['member;range=0-1499']);
      const firstRange = readRangedAttribute(entry!, 'member');
      expect(firstRange.range).toEqual({ start: 0, end: 1499 });
      expect(firstRange.values).toHaveLength(1500);
      // The later ranges packed, as GroupReader reads them: the same values as ldapts's decoding.
      const parts = await readAllRanges(firstRange, 'member', AD_FIXTURE.syncGroupDn, (ranged) =>
        connection.readEntry(AD_FIXTURE.syncGroupDn, [ranged], [], ['member']),
      );
      expect(parts.slice(1).every((part) => part instanceof PackedValues)).toBe(true);
      const all = parts.flatMap((part) => part.texts());
      expect(all).toHaveLength(AD_FIXTURE.syncGroupMemberValues);
      expect(new Set(all)).toEqual(new Set(whole.texts()));
    } finally {
      await connection.close();
    }
  });
});
