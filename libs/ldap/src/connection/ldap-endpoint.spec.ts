import { getCACertificates } from 'node:tls';
import { ldapEndpoint, tlsOptions } from './ldap-endpoint';

const base = { host: 'ldap.example.com', acceptAllCertificates: false, bindDn: 'cn=admin' };

describe(ldapEndpoint.name, () => {
  it.each([
    [{ ...base, protocol: 'ldap' as const }, 'ldap://ldap.example.com:389'],
    [{ ...base, protocol: 'ldap-tls' as const }, 'ldap://ldap.example.com:389'],
    [{ ...base, protocol: 'ldap-ssl' as const }, 'ldaps://ldap.example.com:636'],
    [{ ...base, protocol: 'ldap-ssl' as const, port: 3269 }, 'ldaps://ldap.example.com:3269'],
    [{ ...base, host: '::1', protocol: 'ldap' as const }, 'ldap://[::1]:389'],
  ])('builds the URL of %o', (settings, url) => {
    expect(ldapEndpoint(settings).url).toBe(url);
  });

  it('fills in the default timeouts', () => {
    expect(ldapEndpoint({ ...base, protocol: 'ldap' })).toMatchObject({
      connectTimeoutMs: 10_000,
      operationTimeoutMs: 120_000,
    });
  });

  it('never calls plain LDAP "accept all certificates"', () => {
    expect(
      ldapEndpoint({ ...base, protocol: 'ldap', acceptAllCertificates: true })
        .acceptAllCertificates,
    ).toBe(false);
  });
});

describe(tlsOptions.name, () => {
  const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';

  it('trusts the platform CAs plus the configured one', () => {
    const options = tlsOptions({ ...base, protocol: 'ldap-ssl', caCertificatePem: pem });
    expect(options.ca).toEqual([...getCACertificates('default'), pem]);
    expect(options.rejectUnauthorized).toBe(true);
  });

  it('checks the configured host name, with SNI only for names', () => {
    expect(tlsOptions({ ...base, protocol: 'ldap-tls' })).toMatchObject({
      host: 'ldap.example.com',
      servername: 'ldap.example.com',
    });
    expect(
      tlsOptions({ ...base, host: '127.0.0.1', protocol: 'ldap-tls' }).servername,
    ).toBeUndefined();
  });

  it('stops verifying only when the admin accepts all certificates', () => {
    expect(
      tlsOptions({ ...base, protocol: 'ldap-ssl', acceptAllCertificates: true }).rejectUnauthorized,
    ).toBe(false);
  });
});
