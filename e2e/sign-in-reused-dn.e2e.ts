import {
  DirsyncSystem,
  organizationalUnit,
  person,
  SlapdFixture,
  waitUntil,
} from '@dirsync/testing';

/**
 * Issue "Sign-in never lets another person in", through the whole system: a
 * synchronized user's entry is deleted and another person's entry created at
 * the same DN with a password of their own. Signing in as the old user with
 * that password is refused (uniform 401, audit reason identity-mismatch),
 * Test authentication names the mismatch, and Test Settings names the case.
 */
describe('sign-in after an entry was re-created at the same DN', () => {
  let system: DirsyncSystem;
  let ldap: SlapdFixture;
  let people: string;
  let ritaDn: string;

  const signIn = async (userName: string, password: string) => {
    const response = await fetch(system.url('auth-gateway', '/api/v1/sessions/password'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userName, password }),
    });
    const body: unknown = await response.json();
    return { status: response.status, body };
  };
  const storedId = async (userName: string): Promise<string> => {
    const rows = await system.database.query<{ external_id: string }>(
      'SELECT external_id FROM users WHERE user_name = $1',
      [userName],
    );
    const [row] = rows;
    if (!row) throw new Error(`no stored user ${userName}`);
    return row.external_id;
  };

  beforeAll(async () => {
    system = await DirsyncSystem.start({ env: { SIGN_IN_FAILURE_MIN_MS: '50' } });
    ldap = await SlapdFixture.create();
    people = `ou=people,${ldap.baseDn}`;
    ritaDn = `uid=rita,${people}`;
    await ldap.add([
      organizationalUnit(ldap.baseDn, 'people'),
      person(people, 'rita', { userPassword: 'Rita-first-1' }),
      person(people, 'sam', { userPassword: 'Sam-only-2' }),
    ]);
    const settings = {
      ...ldap.settings(),
      options: { autoDeleteUsers: false, defaultPrivileges: ['log-on'] },
    };
    expect((await system.admin('PUT', '/directory/settings', settings)).status).toBe(200);
    expect((await system.admin('POST', '/directory/sync?wait=true')).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await ldap?.destroy();
    await system?.stop();
  }, 60_000);

  it('signs the synchronized user in before the entry is re-created', async () => {
    expect((await signIn('rita', 'Rita-first-1')).status).toBe(200);
  });

  describe('after another person was created at the DN', () => {
    let formerId: string;

    beforeAll(async () => {
      formerId = await storedId('rita');
      await ldap.del(ritaDn);
      await ldap.add([
        person(people, 'rita', { cn: 'Rita Successor', userPassword: 'Rita-new-3' }),
      ]);
    });

    it('refuses the new password with the same 401 as a wrong one, audited as identity-mismatch', async () => {
      const reused = await signIn('rita', 'Rita-new-3');
      const wrong = await signIn('sam', 'not-the-password');

      expect(reused.status).toBe(401);
      expect(reused.body).toEqual(wrong.body);
      const failedForRita = () =>
        system.events.signIns('auth.failed.v2').filter((signIn) => signIn['userName'] === 'rita');
      await waitUntil(() => failedForRita().length > 0);
      expect(failedForRita().map((signIn) => signIn['reason'])).toEqual(['identity-mismatch']);
    });

    it('Test authentication names the other directory object', async () => {
      const { status, body } = await system.admin('POST', '/directory/test-authentication', {
        userName: 'rita',
        password: 'Rita-new-3',
      });

      expect(status).toBe(200);
      expect(body.outcome).toBe('identity-mismatch');
      expect(body.message).toMatch(
        new RegExp(
          `^the entry at ${ritaDn} is now another directory object \\(stable id stored ${formerId} ≠ found [0-9a-f-]{36}\\)`,
        ),
      );
      expect(body.message).not.toContain(`found ${formerId}`);
    });

    it('Test Settings names the case and what the admin can do', async () => {
      const { status, body } = await system.admin('POST', '/directory/test?wait=true');

      expect(status).toBe(200);
      const conflicts = (
        (await system.planChanges(body.id)) as {
          action: string;
          userName: string;
          reason: string;
        }[]
      ).filter((change) => change.action === 'conflict');
      expect(conflicts).toEqual([
        expect.objectContaining({
          userName: 'rita',
          reason: expect.stringMatching(
            new RegExp(
              `^the entry at ${ritaDn} is a different directory object \\(stable id ${formerId} ≠ [0-9a-f-]{36}\\).*If it is another person, delete the stored user "rita" \\(or turn on automatic deletion\\)`,
            ),
          ),
        }),
      ]);
    });

    it('still signs in the user whose entry was not touched', async () => {
      expect((await signIn('sam', 'Sam-only-2')).status).toBe(200);
    });
  });
});
