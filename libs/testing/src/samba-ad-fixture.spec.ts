import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AD_FIXTURE } from './samba-ad-fixture';
import { REPO_ROOT } from './servers-env';

const GENERATOR = join(REPO_ROOT, 'infra', 'samba-ad', 'generate-ad-fixture.mjs');
const LDIF = readFileSync(join(REPO_ROOT, 'infra', 'samba-ad', 'ad-fixture.ldif'), 'utf8');

/** The LDIF's records as attribute → values, by DN. */
function records(): Map<string, Map<string, string[]>> {
  const byDn = new Map<string, Map<string, string[]>>();
  for (const block of LDIF.split(/\n\n+/)) {
    const attributes = new Map<string, string[]>();
    for (const line of block.split('\n')) {
      const match = /^([A-Za-z]+)(::?) (.*)$/.exec(line);
      if (!match) continue;
      const [, name, separator, value] = match as unknown as [string, string, string, string];
      const text = separator === '::' ? Buffer.from(value, 'base64').toString('utf16le') : value;
      attributes.set(name, [...(attributes.get(name) ?? []), text]);
    }
    const dn = attributes.get('dn')?.[0];
    if (dn) byDn.set(dn, attributes);
  }
  return byDn;
}

describe('AD_FIXTURE', () => {
  const entries = records();

  it('is generated from the committed generator (the LDIF is not stale)', () => {
    expect(() => execFileSync(process.execPath, [GENERATOR, '--check'])).not.toThrow();
  });

  it.each([
    AD_FIXTURE.alice,
    AD_FIXTURE.bob,
    AD_FIXTURE.chrisStaff,
    AD_FIXTURE.chrisPartner,
    AD_FIXTURE.pat,
    AD_FIXTURE.disabled,
    AD_FIXTURE.mustChange,
    AD_FIXTURE.outsider,
  ])('$upn matches the LDIF (DN, UPN, password)', (account) => {
    const entry = entries.get(account.dn);
    expect(entry?.get('userPrincipalName')).toEqual([account.upn]);
    expect(entry?.get('unicodePwd')).toEqual([`"${account.password}"`]);
  });

  it('marks the disabled and the must-change accounts as such', () => {
    expect(entries.get(AD_FIXTURE.disabled.dn)?.get('userAccountControl')).toEqual(['514']);
    expect(entries.get(AD_FIXTURE.mustChange.dn)?.get('pwdLastSet')).toEqual(['0']);
  });

  it('gives the synchronized group more members than one AD range holds', () => {
    const members = entries.get(AD_FIXTURE.syncGroupDn)?.get('member') ?? [];
    expect(members).toHaveLength(AD_FIXTURE.syncGroupMemberValues);
    expect(members.length).toBeGreaterThan(1500);
    expect(members).toEqual(
      expect.arrayContaining([AD_FIXTURE.contact.dn, AD_FIXTURE.partnerStaffDn]),
    );
    expect(entries.get(AD_FIXTURE.contact.dn)?.get('objectClass')).toContain('contact');
  });
});
