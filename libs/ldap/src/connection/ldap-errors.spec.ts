import {
  AdminLimitExceededError,
  ConfidentialityRequiredError,
  InappropriateMatchingError,
  InvalidCredentialsError,
  InvalidDNSyntaxError,
  NoSuchObjectError,
  ProtocolError,
  SizeLimitExceededError,
  TimeLimitExceededError,
  UnwillingToPerformError,
} from 'ldapts';
import { AppError } from '@dirsync/service-kit';
import {
  activeDirectoryBindRefusal,
  isBindRefusal,
  toLdapError,
  type LdapErrorContext,
} from './ldap-errors';

const search: LdapErrorContext = {
  host: 'ldap.example.com',
  port: 636,
  operation: 'search',
  baseDn: 'dc=wrong,dc=com',
  filter: '(cn=*)',
  operationTimeoutMs: 5000,
};
const bind: LdapErrorContext = {
  host: 'ldap.example.com',
  port: 389,
  operation: 'bind',
  bindDn: 'cn=admin',
};

const nodeError = (code: string, message = code) => Object.assign(new Error(message), { code });

describe(toLdapError.name, () => {
  it.each([
    [
      new InvalidCredentialsError(),
      bind,
      'ldap-invalid-credentials',
      /refused the credentials of "cn=admin"/,
    ],
    [
      new InvalidDNSyntaxError(),
      bind,
      'ldap-invalid-credentials',
      /does not accept "cn=admin" as a bind name/,
    ],
    [
      new NoSuchObjectError(),
      search,
      'ldap-no-such-object',
      /base DN "dc=wrong,dc=com" does not exist on ldap.example.com:636/,
    ],
    [
      new SizeLimitExceededError('Size limit exceeded'),
      search,
      'ldap-size-limit-exceeded',
      /size limit; the read is incomplete.*: Size limit exceeded$/,
    ],
    [new TimeLimitExceededError(), search, 'ldap-time-limit-exceeded', /time limit/],
    [new AdminLimitExceededError(), search, 'ldap-admin-limit-exceeded', /administrative limit/],
    [
      new InappropriateMatchingError('bad rule'),
      search,
      'ldap-filter-rejected',
      /rejected the filter \(cn=\*\): bad rule/,
    ],
    [new ProtocolError('decoding error'), search, 'ldap-filter-rejected', /rejected the filter/],
    [new ConfidentialityRequiredError(), bind, 'ldap-error', /requires an encrypted connection/],
    [
      new UnwillingToPerformError('no'),
      search,
      'ldap-error',
      /result code 53 \(UnwillingToPerformError\): no/,
    ],
    [
      nodeError('ECONNREFUSED'),
      bind,
      'ldap-unreachable',
      /cannot reach the LDAP server ldap.example.com:389 \(ECONNREFUSED\)/,
    ],
    [nodeError('EHOSTUNREACH'), bind, 'ldap-unreachable', /EHOSTUNREACH/],
    [nodeError('ENOTFOUND'), bind, 'ldap-unreachable', /host name not found/],
    [new Error('Connection timeout'), bind, 'ldap-unreachable', /connect timeout/],
    [
      new Error('SearchRequest: Operation timed out'),
      search,
      'ldap-unreachable',
      /did not answer the search in time \(operation timeout 5000 ms\)/,
    ],
    [
      new Error(
        'Connection closed before message response was received. Message type: SearchRequest (0x63)',
      ),
      search,
      'ldap-unreachable',
      /lost during the search/,
    ],
    [nodeError('ECONNRESET'), search, 'ldap-unreachable', /lost during the search/],
    [
      nodeError('ECONNRESET'),
      { ...bind, handshaking: true },
      'ldap-tls-error',
      /closed the connection during the handshake.*is 389 an LDAPS port/,
    ],
    [nodeError('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), bind, 'ldap-tls-error', /untrusted issuer/],
    [nodeError('SELF_SIGNED_CERT_IN_CHAIN'), bind, 'ldap-tls-error', /untrusted issuer/],
    [nodeError('DEPTH_ZERO_SELF_SIGNED_CERT'), bind, 'ldap-tls-error', /untrusted issuer/],
    [nodeError('ERR_TLS_CERT_ALTNAME_INVALID'), bind, 'ldap-tls-error', /host-name mismatch/],
    [nodeError('CERT_HAS_EXPIRED'), bind, 'ldap-tls-error', /expired/],
    [
      nodeError('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'),
      bind,
      'ldap-tls-error',
      /handshake failed/,
    ],
    [new Error('Invalid expression: a b=c'), search, 'ldap-filter-rejected', /filter/],
    [
      new Error('something else'),
      search,
      'ldap-error',
      /LDAP search on ldap.example.com:636 failed: something else/,
    ],
  ])('maps %s to its code', (error, context, code, message) => {
    const mapped = toLdapError(error, context);
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped.code).toBe(code);
    expect(mapped.message).toMatch(message);
    expect(mapped.expose).toBe(true);
  });

  it('passes AppErrors through unchanged', () => {
    const error = new AppError('sync-group-not-found', 'x');
    expect(toLdapError(error, search)).toBe(error);
  });
});

/** Diagnostic messages as Windows Server and Samba send them (Windows ends them with a NUL). */
const AD = (data: string, version = 'v4563') =>
  `80090308: LdapErr: DSID-0C09041C, comment: AcceptSecurityContext error, data ${data}, ${version}\u0000`;

describe(activeDirectoryBindRefusal.name, () => {
  it.each([
    [AD('52e'), 'ldap-invalid-credentials', '52e'],
    [AD('525'), 'ldap-invalid-credentials', '525'],
    [AD('530'), 'ldap-logon-hours-restricted', '530'],
    [AD('531'), 'ldap-workstation-restricted', '531'],
    [AD('532'), 'ldap-password-expired', '532'],
    [AD('533'), 'ldap-account-disabled', '533'],
    [AD('701'), 'ldap-account-expired', '701'],
    [AD('773'), 'ldap-password-must-change', '773'],
    [AD('775'), 'ldap-account-locked', '775'],
    // Windows Server 2003
    [
      '80090308: LdapErr: DSID-0C090334, comment: AcceptSecurityContext error, data 775, vece',
      'ldap-account-locked',
      '775',
    ],
    // Windows Server 2019 and later (SEC_E_LOGON_DENIED 8009030C)
    [
      '8009030C: LdapErr: DSID-0C0906B5, comment: AcceptSecurityContext error, data 533, v4f7c\u0000',
      'ldap-account-disabled',
      '533',
    ],
    // Samba 4 (lower-case hex from printf %x)
    [
      '80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data 52e, v1db1',
      'ldap-invalid-credentials',
      '52e',
    ],
    [AD('52E'), 'ldap-invalid-credentials', '52e'],
    [AD('0000052e'), 'ldap-invalid-credentials', '52e'],
    // A code not in the table is still a refused bind, named by its number.
    [AD('568'), 'ldap-invalid-credentials', '568'],
  ])('reads %j as %s', (message, code, data) => {
    expect(activeDirectoryBindRefusal(message)).toMatchObject({ code, data });
  });

  it.each([
    [''],
    ['Invalid credentials during a bind operation.'],
    // OpenLDAP's ppolicy overlay: a refused bind without Active Directory's data code.
    ['Account locked'],
    ['data 533'],
  ])('finds no Active Directory reason in %j', (message) => {
    expect(activeDirectoryBindRefusal(message)).toBeNull();
  });
});

describe(`${toLdapError.name} of an Active Directory bind refusal`, () => {
  const refused = (data: string) =>
    toLdapError(new InvalidCredentialsError(AD(data)), {
      ...bind,
      bindDn: 'CN=Jo,DC=example,DC=com',
    });

  it.each([
    ['533', 'ldap-account-disabled', 'the account is disabled'],
    ['775', 'ldap-account-locked', 'the account is locked out'],
    ['532', 'ldap-password-expired', 'the password has expired'],
    ['701', 'ldap-account-expired', 'the account has expired'],
    ['773', 'ldap-password-must-change', 'the password must be changed'],
    ['52e', 'ldap-invalid-credentials', 'wrong password'],
  ])('data %s is %s, with the reason in the message', (data, code, reason) => {
    const sut = refused(data);
    expect(sut.code).toBe(code);
    expect(sut.status).toBe(422);
    expect(sut.message).toContain(
      `ldap.example.com:389 refused the credentials of "CN=Jo,DC=example,DC=com": ${reason}`,
    );
    expect(sut.message).toContain(`(Active Directory: data ${data})`);
    expect(isBindRefusal(sut)).toBe(true);
  });

  it('keeps the plain wording for servers without a reason', () => {
    const sut = toLdapError(new InvalidCredentialsError(), bind);
    expect(sut.code).toBe('ldap-invalid-credentials');
    expect(sut.message).toMatch(/\(wrong DN\/user name or password\)$/);
  });

  it('is not a bind refusal when the directory is out of reach', () => {
    expect(isBindRefusal(toLdapError(nodeError('ECONNREFUSED'), bind))).toBe(false);
  });
});
