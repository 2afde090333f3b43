import { AD_FIXTURE, DirsyncSystem, SambaAdFixture } from '@dirsync/testing';

/**
 * The seed's Active Directory sample, as written, through the whole system
 * against a real Samba AD DC (infra/samba-ad/README.md): Test Settings,
 * Synchronize now, sign-in of AD users, and the admin's test authentication
 * naming AD's reasons for refusing a right password.
 */
describe('Active Directory (Samba DC), the seed sample end to end', () => {
  let system: DirsyncSystem;
  let ad: SambaAdFixture;

  /** 1,600 bulk users, Alice, Bob, Dana, Morgan, Pat; the two "chris" conflict. */
  const CREATED = AD_FIXTURE.bulkUsers + 5;

  const signIn = (userName: string, password: string) =>
    fetch(system.url('auth-gateway', '/api/v1/sessions/password'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userName, password }),
    });
  const testAuthentication = async (userName: string, password: string) =>
    (await system.admin('POST', '/directory/test-authentication', { userName, password })).body as {
      outcome: string;
      message: string;
    };
  const userRow = async (userName: string) =>
    (
      await system.database.query<{
        user_name: string;
        full_name: string | null;
        external_id: string;
        dn: string;
        addresses: string[];
      }>(
        `SELECT u.user_name, u.full_name, u.external_id, u.dn,
                coalesce(array_agg(e.address ORDER BY e.position) FILTER (WHERE e.address IS NOT NULL), '{}') AS addresses
           FROM users u LEFT JOIN user_email_addresses e ON e.user_id = u.id
          WHERE lower(u.user_name) = lower($1) GROUP BY u.id`,
        [userName],
      )
    )[0];
  const userCount = async () =>
    (await system.database.query<{ n: number }>('SELECT count(*)::int AS n FROM users'))[0]?.n;

  beforeAll(async () => {
    ad = await SambaAdFixture.create();
    system = await DirsyncSystem.start({ env: { SIGN_IN_FAILURE_MIN_MS: '50' } });
    const saved = await system.admin('PUT', '/directory/settings', ad.settings());
    expect(saved.status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  it('Test Settings reads the DC (base DN detected, 1,607 members) and writes nothing', async () => {
    const { status, body } = await system.admin('POST', '/directory/test?wait=true');
    expect(status).toBe(200);
    expect(body.applied).toBe(false);
    expect(body.plan.counts.create).toBe(CREATED);
    expect(body.plan.counts.conflict).toBe(1);
    const conflict = (await system.planChanges(body.id)).find(
      (c: { action: string }) => c.action === 'conflict',
    );
    expect(conflict).toEqual(
      expect.objectContaining({
        userName: 'chris',
        parties: expect.arrayContaining([AD_FIXTURE.chrisStaff.dn, AD_FIXTURE.chrisPartner.dn]),
      }),
    );
    expect(JSON.stringify(body)).toContain(AD_FIXTURE.contact.dn); // skipped: no user name
    expect(await userCount()).toBe(0);
  }, 60_000);

  it('Synchronize now stores the AD users with objectGUID ids and primary SMTP first', async () => {
    const { status, body } = await system.admin('POST', '/directory/sync?wait=true');
    expect(status).toBe(200);
    expect(body.applied).toBe(true);
    expect(body.plan.counts.create).toBe(CREATED);
    expect(await userCount()).toBe(CREATED);

    const alice = await userRow('alice');
    expect(alice).toEqual(
      expect.objectContaining({
        full_name: 'Alice Adams',
        dn: AD_FIXTURE.alice.dn,
        addresses: [...AD_FIXTURE.alice.emailAddresses],
      }),
    );
    expect(alice?.external_id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    // Two levels of nesting across OUs; the contact and the outsider are not users here.
    expect((await userRow('pat'))?.dn).toBe(AD_FIXTURE.pat.dn);
    expect(await userRow('chris')).toBeUndefined();
    expect(await userRow('olga')).toBeUndefined();
    expect(await userRow('bulk1600')).toBeDefined();
  }, 120_000);

  it('signs in an AD user with the name taken from the UPN and the AD password', async () => {
    const response = await signIn('alice', AD_FIXTURE.alice.password!);
    expect(response.status).toBe(200);
    const wrong = await signIn('alice', 'not-her-password');
    expect(wrong.status).toBe(401);
  });

  describe("the admin's test authentication names AD's reasons", () => {
    it.each([
      ['alice', AD_FIXTURE.alice.password, 'success'],
      ['pat', AD_FIXTURE.pat.password, 'success'],
      ['alice', 'wrong-Pass1', 'invalid-credentials'],
      // Right passwords that AD still refuses: data 533 and data 773.
      ['dana', AD_FIXTURE.disabled.password, 'account-disabled'],
      ['morgan', AD_FIXTURE.mustChange.password, 'password-must-change'],
      // Left out of the sync by the conflict.
      ['chris', AD_FIXTURE.chrisStaff.password, 'user-not-found'],
    ])('%s / %j → %s', async (userName, password, outcome) => {
      expect((await testAuthentication(userName, password!)).outcome).toBe(outcome);
    });

    it('refuses the disabled and the must-change account at sign-in too', async () => {
      expect((await signIn('dana', AD_FIXTURE.disabled.password!)).status).toBe(401);
      expect((await signIn('morgan', AD_FIXTURE.mustChange.password!)).status).toBe(401);
    });
  });

  it('with "Local Part Only" disabled (the sample\'s other row) users sign in with the full UPN', async () => {
    const settings = ad.settings();
    settings.users.localPartOnly = false;
    expect((await system.admin('PUT', '/directory/settings', settings)).status).toBe(200);
    const { status, body } = await system.admin('POST', '/directory/sync?wait=true');
    expect(status).toBe(200);
    expect(body.plan.counts.conflict).toBe(0);
    // The two "chris" are two users now.
    expect((await userRow('chris@example.com'))?.dn).toBe(AD_FIXTURE.chrisStaff.dn);
    expect((await userRow('chris@partner.example.org'))?.dn).toBe(AD_FIXTURE.chrisPartner.dn);

    expect((await signIn(AD_FIXTURE.alice.upn, AD_FIXTURE.alice.password!)).status).toBe(200);
    expect(
      (await signIn(AD_FIXTURE.chrisPartner.upn, AD_FIXTURE.chrisPartner.password!)).status,
    ).toBe(200);
    expect(
      (await testAuthentication(AD_FIXTURE.disabled.upn, AD_FIXTURE.disabled.password!)).outcome,
    ).toBe('account-disabled');
  }, 120_000);
});
