import type { LdapConnectionSettings } from '@dirsync/contracts';
import type { AuthGatewayEnv } from '../config/auth-gateway.env';
import { FakeLdapServer } from '../../test/fake-ldap-client';
import type { LdapConnector } from './ldap-connector';
import { LdapPools } from './ldap-pools';

const settings: LdapConnectionSettings = {
  host: 'ldap.example.com',
  protocol: 'ldap',
  acceptAllCertificates: false,
  bindDn: 'cn=svc,dc=example,dc=com',
  bindPassword: 'right',
};

function poolsOver(server: FakeLdapServer) {
  const connector = { open: server.open } as unknown as LdapConnector;
  return new LdapPools(connector, { LDAP_POOL_SIZE: 4 } as AuthGatewayEnv);
}

describe(LdapPools.name, () => {
  it('keeps the pools while the connection settings stay the same', async () => {
    const server = new FakeLdapServer();
    const sut = poolsOver(server);
    const lease = await sut.forSettings(settings).userBinds.acquire();
    sut.forSettings(settings).userBinds.release(lease.connection);

    const again = await sut.forSettings({ ...settings }).userBinds.acquire();

    expect(again.connection).toBe(lease.connection);
  });

  it.each<[string, Partial<LdapConnectionSettings>]>([
    ['host', { host: 'ldap2.example.com' }],
    ['service account password', { bindPassword: 'new-right' }],
    ['TLS', { protocol: 'ldap-tls' }],
    ['CA certificate', { caCertificatePem: '-----BEGIN CERTIFICATE-----' }],
  ])('drops the pools and closes their connections when the %s changes', async (_, change) => {
    const server = new FakeLdapServer();
    const sut = poolsOver(server);
    const old = sut.forSettings(settings);
    const lease = await old.userBinds.acquire();
    old.userBinds.release(lease.connection);

    const changed = sut.forSettings({ ...settings, ...change });

    expect(changed).not.toBe(old);
    expect(lease.connection.isOpen).toBe(false);
  });

  it('drop() and shutdown close every idle connection', async () => {
    const server = new FakeLdapServer();
    const sut = poolsOver(server);
    const pools = sut.forSettings(settings);
    const user = await pools.userBinds.acquire();
    const service = await pools.serviceAccount.acquire();
    pools.userBinds.release(user.connection);
    pools.serviceAccount.release(service.connection);

    await sut.onApplicationShutdown();

    expect(server.clients.map((client) => client.isConnected)).toEqual([false, false]);
    expect(sut.forSettings(settings)).not.toBe(pools);
  });
});
