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
import { toLdapError, type LdapErrorContext } from './ldap-errors';

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
    const error = new AppError('sync-group-not-found', 'x', { status: 400 });
    expect(toLdapError(error, search)).toBe(error);
  });
});
