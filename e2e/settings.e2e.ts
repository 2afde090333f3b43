import { readFileSync } from 'node:fs';
import { DirsyncSystem } from '@dirsync/testing';
import { openLdapSample } from './support/demo-directory';

/** Issue "Directory settings": every setting validated, versioned, secret, admin-only. */
describe('directory settings API', () => {
  let system: DirsyncSystem;
  const sample = () => openLdapSample(system.servers);

  beforeAll(async () => {
    system = await DirsyncSystem.start({ services: ['config-api'] });
  }, 60_000);

  afterAll(async () => {
    await system?.stop();
  }, 30_000);

  const put = (body: unknown) => system.admin('PUT', '/directory/settings', body);
  const problemsOf = async (body: unknown) => {
    const { status, body: answer } = await put(body);
    expect(status).toBe(400);
    return (answer.details as { field: string; message: string }[]).map((p) => p.field);
  };
  /** AD FS sign-in with a valid configuration, but for the fields given. */
  const adfsWith = (fields: Record<string, unknown>) => ({
    method: 'adfs-oidc',
    adfs: {
      discoveryUri: 'https://adfs.example.com/adfs',
      clientId: 'c',
      redirectUri: 'https://app.example.com/cb',
      alwaysRequireCredentials: false,
      ...fields,
    },
  });
  const withChange = (change: (settings: any) => void) => {
    const settings: any = sample();
    change(settings);
    return settings;
  };

  describe('access', () => {
    it('answers 401 without a token and with an unknown one', async () => {
      expect((await fetch(system.url('config-api', '/api/v1/directory/presets'))).status).toBe(401);
      const wrong = await fetch(system.url('config-api', '/api/v1/directory/presets'), {
        headers: { authorization: 'Bearer nope' },
      });
      expect(wrong.status).toBe(401);
    });

    it('answers 403 to a token without the admin right, which can still read the dashboard', async () => {
      const { body: created } = await system.admin('POST', '/admin/tokens', {
        name: 'monitoring',
        isAdmin: false,
      });
      const headers = { authorization: `Bearer ${created.token}` };
      expect(
        (await fetch(system.url('config-api', '/api/v1/directory/settings'), { headers })).status,
      ).toBe(403);
      expect(
        (await fetch(system.url('config-api', '/api/v1/directory/dashboard'), { headers })).status,
      ).toBe(200);
    });

    it('lets an admin create and revoke API tokens', async () => {
      const { status, body: created } = await system.admin('POST', '/admin/tokens', {
        name: 'automation',
        isAdmin: true,
      });
      expect(status).toBe(201);
      const headers = { authorization: `Bearer ${created.token}` };
      expect(
        (await fetch(system.url('config-api', '/api/v1/directory/presets'), { headers })).status,
      ).toBe(200);
      expect((await system.admin('DELETE', `/admin/tokens/${created.id}`)).status).toBe(204);
      expect(
        (await fetch(system.url('config-api', '/api/v1/directory/presets'), { headers })).status,
      ).toBe(401);
      const { body: listed } = await system.admin('GET', '/admin/tokens');
      expect(JSON.stringify(listed)).not.toContain(created.token);
    });
  });

  describe('validation', () => {
    it.each([
      // A whole missing section was once let through by class-validator (nested objects are optional there).
      ['connection', (s: any) => delete s.connection],
      ['options', (s: any) => delete s.options],
      ['connection.host', (s: any) => (s.connection.host = 'not a host!')],
      ['connection.protocol', (s: any) => (s.connection.protocol = 'ldaps')],
      ['connection.port', (s: any) => (s.connection.port = 70000)],
      ['connection.bindDn', (s: any) => (s.connection.bindDn = 'cn=admin,,dc=example')],
      ['connection.baseDn', (s: any) => (s.connection.baseDn = 'dc=example,com')],
      [
        'connection.acceptAllCertificates',
        (s: any) => (s.connection.acceptAllCertificates = 'yes'),
      ],
      [
        'connection.caCertificatePem',
        (s: any) => (s.connection.caCertificatePem = 'not a certificate'),
      ],
      ['users.filter', (s: any) => (s.users.filter = '(&(objectClass=posixAccount)')],
      ['users.userNameAttribute', (s: any) => (s.users.userNameAttribute = 'u id')],
      ['users.localPartOnly', (s: any) => delete s.users.localPartOnly],
      ['users.emailAttribute', (s: any) => (s.users.emailAttribute = 'mail,proxyAddresses')],
      ['groups.filter', (s: any) => (s.groups.filter = 'objectClass=posixGroup)')],
      ['groups.membersAttribute', (s: any) => delete s.groups.membersAttribute],
      ['groups.memberSearchFilter', (s: any) => (s.groups.memberSearchFilter = '(uid=x)')],
      ['groups.syncGroups', (s: any) => (s.groups.syncGroups = 'MailStore Users')],
      ['authentication.method', (s: any) => (s.authentication.method = 'kerberos')],
      ['authentication.adfs', (s: any) => (s.authentication = { method: 'adfs-oidc' })],
      [
        'authentication.adfs.discoveryUri',
        (s: any) => (s.authentication = adfsWith({ discoveryUri: 'http://adfs.example.com/adfs' })),
      ],
      ['options.defaultPrivileges', (s: any) => (s.options.defaultPrivileges = ['root'])],
      [
        'options.deletionThreshold.maxPercent',
        (s: any) => (s.options.deletionThreshold = { maxCount: 1, maxPercent: 101 }),
      ],
      ['connection.connectTimeoutMs', (s: any) => (s.connection.connectTimeoutMs = 5)],
      ['connection.operationTimeoutMs', (s: any) => (s.connection.operationTimeoutMs = 'slow')],
      ['users.fullNameAttribute', (s: any) => (s.users.fullNameAttribute = 'display name')],
      ['users.skipDisabledAccounts', (s: any) => (s.users.skipDisabledAccounts = 'yes')],
      ['groups.nameAttribute', (s: any) => (s.groups.nameAttribute = '')],
      ['groups.descriptionAttribute', (s: any) => (s.groups.descriptionAttribute = '1st')],
      ['authentication.adfs.clientId', (s: any) => (s.authentication = adfsWith({ clientId: '' }))],
      [
        'authentication.adfs.redirectUri',
        (s: any) => (s.authentication = adfsWith({ redirectUri: 'not a uri' })),
      ],
      [
        'authentication.adfs.alwaysRequireCredentials',
        (s: any) => (s.authentication = adfsWith({ alwaysRequireCredentials: 1 })),
      ],
      ['options.autoDeleteUsers', (s: any) => (s.options.autoDeleteUsers = 'true')],
      [
        'options.deletionThreshold.maxCount',
        (s: any) => (s.options.deletionThreshold = { maxCount: -1, maxPercent: 20 }),
      ],
      ['options.schedule', (s: any) => (s.options.schedule = { cron: '0 2 * *' })],
      [
        'options.schedule',
        (s: any) => (s.options.schedule = { intervalMinutes: 60, cron: '0 2 * * *' }),
      ],
      [
        'options.schedule.intervalMinutes',
        (s: any) => (s.options.schedule = { intervalMinutes: 1 }),
      ],
      ['connection.surprise', (s: any) => (s.connection.surprise = 1)],
    ])('refuses a bad %s', async (field, change) => {
      expect(await problemsOf(withChange(change))).toContain(field);
    });

    it('says where in a filter the problem is', async () => {
      const { body } = await put(withChange((s) => (s.users.filter = '(&(uid=a)(cn=b)')));
      expect(body.details[0].message).toMatch(/at position 15$/);
    });

    it.each([
      [
        'a UPN as admin DN (Active Directory)',
        (s: any) => (s.connection.bindDn = 'mailstore@example.com'),
      ],
      ['a DOMAIN\\user admin name', (s: any) => (s.connection.bindDn = 'EXAMPLE\\mailstore')],
      ['an empty base DN (detect it)', (s: any) => (s.connection.baseDn = '')],
      [
        'LDAPS with a port and timeouts',
        (s: any) =>
          Object.assign(s.connection, {
            protocol: 'ldap-ssl',
            port: 10636,
            connectTimeoutMs: 2000,
            operationTimeoutMs: 60000,
          }),
      ],
      [
        'a CA certificate',
        (s: any) =>
          (s.connection.caCertificatePem = readFileSync(system.servers.LDAP_CA_FILE, 'utf8')),
      ],
      ['a nightly cron schedule', (s: any) => (s.options.schedule = { cron: '0 2 * * *' })],
      ['an hourly schedule', (s: any) => (s.options.schedule = { intervalMinutes: 60 })],
      [
        'Active Directory attributes',
        (s: any) =>
          Object.assign(s.users, {
            userNameAttribute: 'userPrincipalName',
            localPartOnly: true,
            emailAttribute: 'proxyAddresses',
            skipDisabledAccounts: true,
          }),
      ],
      ['an IPv6 host', (s: any) => (s.connection.host = '::1')],
      [
        'the memberUid variant',
        (s: any) => Object.assign(s, openLdapSample(system.servers, 'memberUid')),
      ],
      [
        'AD FS on loopback http (tests)',
        (s: any) =>
          (s.authentication = adfsWith({
            discoveryUri: 'http://127.0.0.1:9/adfs',
            redirectUri: 'http://127.0.0.1:3001/cb',
            alwaysRequireCredentials: true,
          })),
      ],
    ])('accepts %s', async (_name, change) => {
      expect((await put(withChange(change))).status).toBe(200);
    });
  });

  describe('presets', () => {
    it.each(['active-directory', 'openldap', 'openldap-memberuid'])(
      'serves the %s sample, which is valid once a password is added',
      async (name) => {
        const { status, body } = await system.admin('GET', `/directory/presets/${name}`);
        expect(status).toBe(200);
        const settings = {
          ...body.settings,
          connection: { ...body.settings.connection, bindPassword: 'x' },
        };
        expect((await put(settings)).status).toBe(200);
      },
    );
  });

  describe('versions and secrets', () => {
    it('keeps the stored password when a save leaves it out, and versions every change', async () => {
      const first = await put(withChange((s) => (s.connection.bindPassword = 'FirstSecret-1')));
      const withoutPassword = withChange((s) => {
        delete s.connection.bindPassword;
        s.connection.host = 'ldap.example.org';
      });
      const second = await put(withoutPassword);
      expect(second.status).toBe(200);
      expect(second.body.version).toBe(first.body.version + 1);
      expect(second.body.settings.connection.bindPasswordSet).toBe(true);

      const patched = await system.admin('PATCH', '/directory/settings', {
        options: { autoDeleteUsers: true },
      });
      expect(patched.body.version).toBe(second.body.version + 1);
      expect(patched.body.settings.connection.host).toBe('ldap.example.org');

      const { body: history } = await system.admin('GET', '/directory/settings/versions');
      expect(history[0]).toEqual(
        expect.objectContaining({
          version: patched.body.version,
          savedBy: 'bootstrap-admin',
          changedFields: ['options.autoDeleteUsers'],
        }),
      );
      expect(history[1].changedFields).toEqual(['connection.host']);
    });

    it('never shows the secret: not in answers, not in the database, not in the logs', async () => {
      const secret = 'Very-Secret-Password-42';
      await put(withChange((s) => (s.connection.bindPassword = secret)));
      const answers = JSON.stringify([
        (await system.admin('GET', '/directory/settings')).body,
        (await system.admin('GET', '/directory/settings/versions')).body,
        (await system.admin('GET', '/directory/summary')).body,
      ]);
      expect(answers).not.toContain(secret);
      const rows = await system.database.query('SELECT * FROM config_directory_settings_versions');
      const audit = await system.database.query('SELECT * FROM config_audit_records');
      expect(JSON.stringify([rows, audit])).not.toContain(secret);
      expect(JSON.stringify(rows)).toMatch(/v1:test:/);
      expect(system.processes.allOutput().join('\n')).not.toContain(secret);
    });

    it('records who changed which fields in the audit log', async () => {
      await system.admin('PATCH', '/directory/settings', { users: { localPartOnly: true } });
      const [record] = await system.database.query<{ actor: string; fields: string[] }>(
        "SELECT actor, fields FROM config_audit_records WHERE action = 'directory-settings.saved' ORDER BY id DESC LIMIT 1",
      );
      expect(record).toEqual({ actor: 'bootstrap-admin', fields: ['users.localPartOnly'] });
    });
  });

  describe('summary and dashboard', () => {
    it('warns about accept-all certificates, clear-text LDAP, auto-delete and AD contacts', async () => {
      await put(withChange((s) => (s.options.autoDeleteUsers = true)));
      const plain = (await system.admin('GET', '/directory/summary')).body;
      expect(plain.warnings.map((w: { code: string }) => w.code)).toEqual([
        'cleartext-ldap',
        'auto-delete-users',
      ]);

      await put(
        withChange((s) => {
          s.connection.protocol = 'ldap-ssl';
          s.connection.acceptAllCertificates = true;
          s.users.filter = '(objectCategory=User)';
        }),
      );
      const { body } = await system.admin('GET', '/directory/dashboard');
      expect(body.warnings.map((w: { code: string }) => w.code)).toEqual([
        'accept-all-certificates',
        'user-filter-matches-contacts',
      ]);
      expect(body).toHaveProperty('lastRun');
    });

    it('checks settings being edited without saving them: problems and warnings, each with its field', async () => {
      const versions = (await system.admin('GET', '/directory/settings/versions')).body.length;
      const validate = (body: unknown) =>
        system.admin('POST', '/directory/settings/validate', body);

      const risky = await validate(
        withChange((s) => {
          s.connection.protocol = 'ldap-tls';
          s.connection.acceptAllCertificates = true;
          s.options.autoDeleteUsers = true;
        }),
      );
      const broken = await validate(withChange((s) => (s.users.filter = '(&(uid=a)(cn=b)')));
      const partial = await validate({ connection: { protocol: 'ldap' } });

      expect(risky).toEqual({
        status: 200,
        body: {
          valid: true,
          problems: [],
          warnings: [
            expect.objectContaining({
              code: 'accept-all-certificates',
              field: 'connection.acceptAllCertificates',
            }),
            expect.objectContaining({
              code: 'auto-delete-users',
              field: 'options.autoDeleteUsers',
            }),
          ],
        },
      });
      expect(broken.status).toBe(200);
      expect(broken.body).toMatchObject({
        valid: false,
        problems: [{ field: 'users.filter', message: expect.stringMatching(/at position 15$/) }],
        warnings: [
          expect.objectContaining({ code: 'cleartext-ldap', field: 'connection.protocol' }),
        ],
      });
      // Still being typed: every missing section is a problem, and what is there is warned about.
      expect(partial.body.valid).toBe(false);
      expect(partial.body.warnings.map((w: { code: string }) => w.code)).toEqual([
        'cleartext-ldap',
      ]);
      expect((await system.admin('GET', '/directory/settings/versions')).body).toHaveLength(
        versions,
      );
    });
  });

  it('describes itself with an OpenAPI document generated from the code', async () => {
    const response = await fetch(system.url('config-api', '/api/v1/openapi.json'));
    expect(response.status).toBe(200);
    const document = (await response.json()) as any;
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/directory/settings',
        '/api/v1/directory/test',
        '/api/v1/directory/sync',
        '/api/v1/directory/settings/validate',
        '/api/v1/users/{id}',
        '/api/v1/users/{id}/privileges',
      ]),
    );
    expect(document.components.schemas.LdapConnectionSettings.properties.protocol.enum).toEqual([
      'ldap',
      'ldap-tls',
      'ldap-ssl',
    ]);
    expect(JSON.stringify(document.paths['/api/v1/directory/settings'].put)).toContain('examples');
    expect(document.paths['/api/v1/users/{id}'].get.responses['200'].content).toEqual({
      'application/json': { schema: { $ref: '#/components/schemas/UserDetails' } },
    });
    expect(document.components.schemas.UserDetails.properties).toHaveProperty('archiveFolder');
    expect(
      document.components.schemas.UserPrivilegesBody.properties.privileges.items.enum,
    ).toContain('administer-directory');
  });
});
