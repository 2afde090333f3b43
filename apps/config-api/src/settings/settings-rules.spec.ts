import type { DirectorySettings } from '@dirsync/contracts';
import { DIRECTORY_PRESETS } from '../presets/directory-presets';
import { ldapSyntax } from './ldap-syntax.provider';
import { certificatesProblem, settingsProblems } from './settings-rules';

/** A self-signed test CA (no private key anywhere), valid until 2126. */
const CERTIFICATE = `
-----BEGIN CERTIFICATE-----
MIIBizCCATGgAwIBAgIUGDVP8ODZicyqe2ToWY015IZX20YwCgYIKoZIzj0EAwIw
GjEYMBYGA1UEAwwPZGlyc3luYyB0ZXN0IENBMCAXDTI2MTEyOTIyNTE0NVoYDzIx
MjYxMTA1MjI1MTQ1WjAaMRgwFgYDVQQDDA9kaXJzeW5jIHRlc3QgQ0EwWTATBgcq
hkjOPQIBBggqhkjOPQMBBwNCAARnStcxYs8kBJXP30ebw2bN8Nj5mGCzL0qTPKJC
yii297bnOlF6VyA+LNJfmF2lC71O9+gNNf7NlaPAnOUjV33Fo1MwUTAdBgNVHQ4E
FgQUyDIv5fG1jpF7ApAPiFH9eVcR2N8wHwYDVR0jBBgwFoAUyDIv5fG1jpF7ApAP
iFH9eVcR2N8wDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiEAiX4w
V4zYkLvjalbmIHGgn8oR6nwaf64WmEZw8dotH7oCIEXGRtM3vpGuIaaYVx4EzQpa
spYAOQlBO9mlSEV+Q2yV
-----END CERTIFICATE-----
`.trim();

describe(settingsProblems.name, () => {
  const openLdap = () => structuredClone(DIRECTORY_PRESETS['openldap']!.settings);
  const problemsWith = (change: (settings: DirectorySettings) => void) => {
    const settings = openLdap();
    change(settings);
    return settingsProblems(settings, ldapSyntax, { storedBindPassword: true });
  };

  it('finds nothing wrong with the OpenLDAP preset', () => {
    expect(problemsWith(() => undefined)).toEqual([]);
  });

  it.each([
    ['users.filter', (s: DirectorySettings) => (s.users.filter = 'uid=*')],
    ['groups.filter', (s: DirectorySettings) => (s.groups.filter = ' (objectClass=posixGroup)')],
    [
      'groups.memberSearchFilter',
      (s: DirectorySettings) => (s.groups.memberSearchFilter = 'uid={member}'),
    ],
  ])('refuses a %s without parentheses, showing it with them', (field, change) => {
    const problems = problemsWith(change);
    expect(problems).toEqual([
      { field, message: expect.stringMatching(/^must be enclosed in parentheses, e\.g\. \(/) },
    ]);
  });

  it.each([
    ['connection.bindDn', (s: DirectorySettings) => (s.connection.bindDn = 'cn=')],
    ['connection.baseDn', (s: DirectorySettings) => (s.connection.baseDn = 'dc=example,dc=')],
  ])('refuses a %s with an empty value', (field, change) => {
    expect(problemsWith(change)).toEqual([
      { field, message: expect.stringContaining('has an empty value') },
    ]);
  });

  it('accepts a CA certificate that node:crypto reads', () => {
    expect(problemsWith((s) => (s.connection.caCertificatePem = CERTIFICATE))).toEqual([]);
  });
});

describe(certificatesProblem.name, () => {
  it.each([
    ['one certificate', CERTIFICATE],
    ['a chain of two, with blank lines', `${CERTIFICATE}\n\n${CERTIFICATE}\n`],
  ])('accepts %s', (_case, pem) => {
    expect(certificatesProblem(pem)).toBeNull();
  });

  it.each([
    ['plain text', 'not a certificate', /must be a PEM certificate/],
    [
      'a PEM frame around garbage',
      '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
      /certificate 1 is not a readable X\.509 certificate/,
    ],
    [
      'a good certificate followed by a broken one',
      `${CERTIFICATE}\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----`,
      /certificate 2 is not a readable X\.509 certificate/,
    ],
    [
      'a private key after it',
      `${CERTIFICATE}\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----`,
      /text outside/,
    ],
  ])('refuses %s', (_case, pem, message) => {
    expect(certificatesProblem(pem)).toMatch(message);
  });
});
