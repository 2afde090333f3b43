import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import type { LdapConnectionSettings } from '@dirsync/contracts';
import { LdapConnection, openBoundLdapClient } from '@dirsync/ldap';
import { freePort, LoopbackServer, SlapdFixture } from '@dirsync/testing';

jest.setTimeout(30_000);

/** Opens, binds, reads the RootDSE's base DN and a search page; closes in all cases. */
async function connectAndSearch(
  settings: LdapConnectionSettings,
  warnings: string[] = [],
): Promise<string> {
  const connection = await openBoundLdapClient(settings, {
    logger: { warn: (message) => warnings.push(message) },
  });
  try {
    const baseDn = await connection.detectBaseDn();
    for await (const page of connection.searchPages({
      baseDn,
      filter: '(objectClass=organization)',
      attributes: ['o'],
      scope: 'base',
    })) {
      if (page.length !== 1) throw new Error(`expected the base entry, got ${page.length}`);
    }
    return baseDn;
  } finally {
    await connection.close();
  }
}

describe(`${LdapConnection.name} against slapd`, () => {
  let fixture: SlapdFixture;
  let ldapsPort: number;

  beforeAll(async () => {
    fixture = await SlapdFixture.create();
    ldapsPort = Number(fixture.servers.LDAPS_PORT);
  });
  afterAll(async () => {
    await fixture?.destroy();
  });

  describe('each protocol', () => {
    it('plain LDAP, base DN detected from the RootDSE', async () => {
      await expect(connectAndSearch(fixture.connection())).resolves.toBe('dc=example,dc=com');
    });

    it('StartTLS verified against the configured CA', async () => {
      await expect(
        connectAndSearch(
          fixture.connection({ protocol: 'ldap-tls', caCertificatePem: fixture.caPem() }),
        ),
      ).resolves.toBe('dc=example,dc=com');
    });

    it('LDAPS verified against the configured CA', async () => {
      const settings = fixture.connection({
        protocol: 'ldap-ssl',
        port: ldapsPort,
        caCertificatePem: fixture.caPem(),
      });
      await expect(connectAndSearch(settings)).resolves.toBe('dc=example,dc=com');
    });
  });

  describe('certificate failures say why', () => {
    it.each([
      ['LDAPS without the CA', { protocol: 'ldap-ssl' as const }],
      ['StartTLS without the CA', { protocol: 'ldap-tls' as const }],
    ])('%s: untrusted issuer', async (_case, overrides) => {
      const port =
        overrides.protocol === 'ldap-ssl' ? ldapsPort : Number(fixture.servers.LDAP_PORT);
      await expect(
        connectAndSearch(fixture.connection({ ...overrides, port })),
      ).rejects.toMatchObject({
        code: 'ldap-tls-error',
        message: expect.stringMatching(/untrusted issuer/),
      });
    });

    // The certificate names 127.0.0.1 and ldap.dirsync.test, not localhost.
    it.each([
      ['LDAPS', 'ldap-ssl' as const],
      ['StartTLS', 'ldap-tls' as const],
    ])('%s to "localhost": host-name mismatch', async (_case, protocol) => {
      const port = protocol === 'ldap-ssl' ? ldapsPort : Number(fixture.servers.LDAP_PORT);
      const settings = fixture.connection({
        protocol,
        host: 'localhost',
        port,
        caCertificatePem: fixture.caPem(),
      });
      await expect(connectAndSearch(settings)).rejects.toMatchObject({
        code: 'ldap-tls-error',
        message: expect.stringMatching(/host-name mismatch/),
      });
    });

    it('accept all certificates connects anyway, with a warning', async () => {
      const warnings: string[] = [];
      const settings = fixture.connection({
        protocol: 'ldap-ssl',
        host: 'localhost',
        port: ldapsPort,
        acceptAllCertificates: true,
      });
      await expect(connectAndSearch(settings, warnings)).resolves.toBe('dc=example,dc=com');
      expect(warnings).toEqual([expect.stringMatching(/certificate verification is off/)]);
    });

    it('LDAPS to the plain LDAP port: handshake failure', async () => {
      const settings = fixture.connection({
        protocol: 'ldap-ssl',
        caCertificatePem: fixture.caPem(),
      });
      await expect(connectAndSearch(settings)).rejects.toMatchObject({
        code: 'ldap-tls-error',
        message: expect.stringMatching(/during the handshake .*an LDAPS port/),
      });
    });

    describe('certificates of other TLS servers', () => {
      let dir: string;
      const servers: LoopbackServer[] = [];
      let selfSigned: { port: number; pem: string };
      let expired: { port: number; pem: string };

      /** A TLS endpoint is enough: the handshake is what is under test. */
      async function serve(certFile: string): Promise<{ port: number; pem: string }> {
        const pem = readFileSync(join(dir, certFile), 'utf8');
        const server = await LoopbackServer.listen(
          createTlsServer({ key: readFileSync(join(dir, 'key.pem')), cert: pem }, (socket) =>
            socket.end(),
          ),
        );
        servers.push(server);
        return { port: server.port, pem };
      }

      beforeAll(async () => {
        dir = mkdtempSync(join(tmpdir(), 'dirsync-certs-'));
        const openssl = (...args: string[]) =>
          execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
        openssl(
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:P-256',
          '-nodes',
          '-days',
          '1',
          '-keyout',
          'key.pem',
          '-out',
          'self-signed.pem',
          '-subj',
          '/CN=self-signed.test',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
        );
        // `openssl ca` is the one OpenSSL 3.0 command that takes explicit (past) validity dates.
        openssl(
          'req',
          '-new',
          '-key',
          'key.pem',
          '-out',
          'expired.csr',
          '-subj',
          '/CN=expired.test',
        );
        writeFileSync(join(dir, 'index.txt'), '');
        writeFileSync(join(dir, 'serial'), '01\n');
        writeFileSync(
          join(dir, 'ca.cnf'),
          [
            '[ca]',
            'default_ca = local',
            '[local]',
            'dir = .',
            'database = ./index.txt',
            'new_certs_dir = .',
            'serial = ./serial',
            'default_md = sha256',
            'policy = anything',
            '[anything]',
            'commonName = supplied',
            '[server]',
            'subjectAltName = IP:127.0.0.1',
            '',
          ].join('\n'),
        );
        openssl(
          'ca',
          '-batch',
          '-config',
          'ca.cnf',
          '-selfsign',
          '-keyfile',
          'key.pem',
          '-in',
          'expired.csr',
          '-out',
          'expired.pem',
          '-startdate',
          '20200101000000Z',
          '-enddate',
          '20200102000000Z',
          '-extensions',
          'server',
        );
        selfSigned = await serve('self-signed.pem');
        expired = await serve('expired.pem');
      });
      afterAll(async () => {
        await Promise.all(servers.map((server) => server.close()));
        rmSync(dir, { recursive: true, force: true });
      });

      it('a self-signed certificate is an untrusted issuer', async () => {
        await expect(
          connectAndSearch(fixture.connection({ protocol: 'ldap-ssl', port: selfSigned.port })),
        ).rejects.toMatchObject({
          code: 'ldap-tls-error',
          message: expect.stringMatching(/untrusted issuer \(DEPTH_ZERO_SELF_SIGNED_CERT/),
        });
      });

      it('a self-signed certificate is trusted once configured as the CA (the handshake passes, then LDAP fails)', async () => {
        const settings = fixture.connection({
          protocol: 'ldap-ssl',
          port: selfSigned.port,
          caCertificatePem: selfSigned.pem,
        });
        await expect(connectAndSearch(settings)).rejects.toMatchObject({
          code: 'ldap-unreachable',
          message: expect.stringMatching(/lost during the bind/),
        });
      });

      it('an expired certificate says so, even when trusted', async () => {
        const settings = fixture.connection({
          protocol: 'ldap-ssl',
          port: expired.port,
          caCertificatePem: expired.pem,
        });
        await expect(connectAndSearch(settings)).rejects.toMatchObject({
          code: 'ldap-tls-error',
          message: expect.stringMatching(/the certificate has expired \(CERT_HAS_EXPIRED\)/),
        });
      });
    });
  });

  describe('errors', () => {
    it('wrong password', async () => {
      await expect(
        connectAndSearch(fixture.connection({ bindPassword: 'wrong' })),
      ).rejects.toMatchObject({
        code: 'ldap-invalid-credentials',
        message: expect.stringContaining('cn=admin,dc=example,dc=com'),
      });
    });

    it('an empty password is refused by us, not sent as an anonymous bind', async () => {
      await expect(
        connectAndSearch(fixture.connection({ bindPassword: '' })),
      ).rejects.toMatchObject({ code: 'ldap-invalid-credentials' });
    });

    it('a user name that is not a DN (Active Directory style) is refused by slapd', async () => {
      await expect(
        connectAndSearch(fixture.connection({ bindDn: 'admin@example.com' })),
      ).rejects.toMatchObject({
        code: 'ldap-invalid-credentials',
        message: expect.stringMatching(/invalid DN syntax/),
      });
    });

    it('unreachable host (a closed port), naming host:port', async () => {
      const closed = await freePort();
      await expect(connectAndSearch(fixture.connection({ port: closed }))).rejects.toMatchObject({
        code: 'ldap-unreachable',
        message: expect.stringContaining(`127.0.0.1:${closed} (ECONNREFUSED)`),
      });
    });

    it('a server that accepts the connection but never answers: operation timeout', async () => {
      // Accepts TCP but never speaks LDAP, like a hung server.
      const silent = await LoopbackServer.listen(createTcpServer(() => undefined));
      const port = silent.port;
      try {
        await expect(
          connectAndSearch(fixture.connection({ port, operationTimeoutMs: 500 })),
        ).rejects.toMatchObject({
          code: 'ldap-unreachable',
          message: expect.stringMatching(
            /did not answer the bind in time \(operation timeout 500 ms\)/,
          ),
        });
      } finally {
        await silent.close();
      }
    });
  });
});
