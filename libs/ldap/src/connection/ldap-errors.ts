import {
  AdminLimitExceededError,
  ConfidentialityRequiredError,
  InappropriateAuthError,
  InappropriateMatchingError,
  InvalidCredentialsError,
  InvalidDNSyntaxError,
  NoSuchObjectError,
  ProtocolError,
  ResultCodeError,
  SizeLimitExceededError,
  StrongAuthRequiredError,
  TimeLimitExceededError,
} from 'ldapts';
import { AppError } from '@dirsync/service-kit';

/**
 * Why a directory refused a bind: a wrong name or password
 * (`ldap-invalid-credentials`), or a state of the account that Active
 * Directory names in its diagnostic message (see AD_BIND_REFUSALS).
 */
export const BIND_REFUSAL_CODES = [
  'ldap-invalid-credentials',
  'ldap-account-disabled',
  'ldap-account-locked',
  'ldap-account-expired',
  'ldap-password-expired',
  'ldap-password-must-change',
  'ldap-logon-hours-restricted',
  'ldap-workstation-restricted',
] as const;
export type BindRefusalCode = (typeof BIND_REFUSAL_CODES)[number];

/** Stable error codes of the LDAP toolkit; callers switch on them. */
export const LDAP_ERROR_CODES = [
  'ldap-unreachable',
  'ldap-tls-error',
  ...BIND_REFUSAL_CODES,
  'ldap-no-such-object',
  'ldap-filter-rejected',
  'ldap-size-limit-exceeded',
  'ldap-time-limit-exceeded',
  'ldap-admin-limit-exceeded',
  'ldap-base-dn-undetectable',
  'ldap-error',
] as const;
export type LdapErrorCode = (typeof LDAP_ERROR_CODES)[number];

/** What was being done when the error happened, for a message an admin can act on. */
export interface LdapErrorContext {
  host: string;
  port: number;
  operation: 'connect' | 'starttls' | 'bind' | 'search';
  bindDn?: string;
  baseDn?: string;
  filter?: string;
  /** The client-side per-operation timeout, to name it when it fires. */
  operationTimeoutMs?: number;
  /** The operation had to open the connection first with a TLS handshake (LDAPS connects lazily on bind). */
  handshaking?: boolean;
}

export class LdapError extends AppError {
  declare readonly code: LdapErrorCode;

  constructor(
    code: LdapErrorCode,
    message: string,
    options: { cause?: unknown; details?: unknown } = {},
  ) {
    super(code, message, {
      cause: options.cause,
      details: options.details,
    });
    this.name = 'LdapError';
  }
}

/** A refused bind, whatever the reason the directory gave (wrong password, disabled account, …). */
export function isBindRefusal(error: unknown): error is LdapError & { code: BindRefusalCode } {
  return (
    error instanceof LdapError && (BIND_REFUSAL_CODES as readonly string[]).includes(error.code)
  );
}

/**
 * Active Directory (and Samba) put the reason for a refused bind in the
 * diagnostic message, as a Win32 error code in hex after `data`:
 * `80090308: LdapErr: DSID-0C09041C, comment: AcceptSecurityContext error, data 533, v4563`.
 * Windows reports the account states only when the password is right
 * (locked out: whatever the password).
 */
const AD_BIND_REFUSALS: Record<string, { code: BindRefusalCode; reason: string }> = {
  '525': { code: 'ldap-invalid-credentials', reason: 'no such user' },
  '52e': { code: 'ldap-invalid-credentials', reason: 'wrong password' },
  '530': {
    code: 'ldap-logon-hours-restricted',
    reason: 'the account may not sign in at this time (logon hours)',
  },
  '531': {
    code: 'ldap-workstation-restricted',
    reason: 'the account may not sign in from this computer (workstation restriction)',
  },
  '532': { code: 'ldap-password-expired', reason: 'the password has expired' },
  '533': { code: 'ldap-account-disabled', reason: 'the account is disabled' },
  '701': { code: 'ldap-account-expired', reason: 'the account has expired' },
  '773': {
    code: 'ldap-password-must-change',
    reason: 'the password must be changed before the next sign-in',
  },
  '775': { code: 'ldap-account-locked', reason: 'the account is locked out' },
};

export interface ActiveDirectoryBindRefusal {
  code: BindRefusalCode;
  /** The Win32 code as Active Directory wrote it after `data` (lower case), e.g. `533`. */
  data: string;
  reason: string;
}

/**
 * The reason Active Directory gave for refusing a bind, read from the
 * diagnostic message; null when the message has no AcceptSecurityContext
 * `data` code (OpenLDAP and other servers). An unknown code is still a
 * refused bind (`ldap-invalid-credentials`), named by its number.
 */
export function activeDirectoryBindRefusal(
  diagnosticMessage: string,
): ActiveDirectoryBindRefusal | null {
  const match = /AcceptSecurityContext error, data ([0-9a-f]{1,8})\b/i.exec(diagnosticMessage);
  if (!match?.[1]) return null;
  const data = Number.parseInt(match[1], 16).toString(16);
  const known = AD_BIND_REFUSALS[data];
  return known
    ? { ...known, data }
    : { code: 'ldap-invalid-credentials', data, reason: `Active Directory reason ${data}` };
}

/** Node's TLS verification codes, grouped by the reason an admin understands. */
const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_CHAIN_TOO_LONG',
  'INVALID_CA',
]);
const TLS_REASONS: Record<string, string> = {
  ERR_TLS_CERT_ALTNAME_INVALID: 'host-name mismatch',
  CERT_HAS_EXPIRED: 'the certificate has expired',
  CERT_NOT_YET_VALID: 'the certificate is not yet valid',
  CERT_REVOKED: 'the certificate was revoked',
  ERR_TLS_HANDSHAKE_TIMEOUT: 'the TLS handshake timed out',
};
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const CONNECTION_LOST = /Connection closed|Socket error|Socket connection not established/;

/**
 * Turns anything ldapts or Node throws into an LdapError with a stable code
 * and a message naming what failed (host:port, the DN, the reason of a TLS
 * failure). Already-mapped errors pass through unchanged.
 */
export function toLdapError(error: unknown, context: LdapErrorContext): AppError {
  if (error instanceof AppError) return error;
  const where = `${context.host}:${context.port}`;
  if (error instanceof ResultCodeError) return fromResultCode(error, context, where);

  const nodeCode = (error as { code?: unknown }).code;
  const code = typeof nodeCode === 'string' ? nodeCode : '';
  const message = error instanceof Error ? error.message : String(error);

  const tls = describeTlsFailure(code, message);
  if (tls) {
    return new LdapError('ldap-tls-error', `TLS with ${where} failed: ${tls}`, { cause: error });
  }
  if (UNREACHABLE.has(code)) {
    const reason = code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'host name not found' : code;
    return new LdapError('ldap-unreachable', `cannot reach the LDAP server ${where} (${reason})`, {
      cause: error,
    });
  }
  if (message === 'Connection timeout') {
    return new LdapError(
      'ldap-unreachable',
      `cannot reach the LDAP server ${where} (connect timeout)`,
      {
        cause: error,
      },
    );
  }
  if (/Operation timed out/.test(message)) {
    const limit = context.operationTimeoutMs
      ? ` (operation timeout ${context.operationTimeoutMs} ms)`
      : '';
    return new LdapError(
      'ldap-unreachable',
      `the LDAP server ${where} did not answer the ${context.operation} in time${limit}`,
      {
        cause: error,
      },
    );
  }
  const reset = code === 'ECONNRESET' || code === 'EPIPE';
  // A raw socket code reaches us only from ldapts's connect step, i.e. before the handshake completed;
  // once connected, ldapts reports "Connection closed…" instead.
  if (reset && context.handshaking) {
    return new LdapError(
      'ldap-tls-error',
      `TLS with ${where} failed: the server closed the connection during the handshake (${code}); is ${context.port} an LDAPS port?`,
      { cause: error },
    );
  }
  if (reset || CONNECTION_LOST.test(message)) {
    return new LdapError(
      'ldap-unreachable',
      `the connection to the LDAP server ${where} was lost during the ${context.operation}`,
      { cause: error },
    );
  }
  if (
    context.operation === 'search' &&
    /filter|Invalid expression|Missing paren|escaped/i.test(message)
  ) {
    return new LdapError(
      'ldap-filter-rejected',
      `the filter ${context.filter ?? ''} is invalid: ${message}`,
      {
        cause: error,
      },
    );
  }
  return new LdapError('ldap-error', `LDAP ${context.operation} on ${where} failed: ${message}`, {
    cause: error,
  });
}

function fromResultCode(
  error: ResultCodeError,
  context: LdapErrorContext,
  where: string,
): AppError {
  const serverText = serverMessage(error);
  if (
    error instanceof InvalidCredentialsError ||
    (context.operation === 'bind' && error instanceof InappropriateAuthError)
  ) {
    return bindRefused(error, context, where);
  }
  if (context.operation === 'bind' && error instanceof InvalidDNSyntaxError) {
    return new LdapError(
      'ldap-invalid-credentials',
      `${where} does not accept "${context.bindDn ?? ''}" as a bind name (invalid DN syntax; user names like admin@example.com work on Active Directory only)`,
      { cause: error },
    );
  }
  if (error instanceof NoSuchObjectError) {
    const dn = context.baseDn ?? '';
    return new LdapError(
      'ldap-no-such-object',
      `the base DN "${dn}" does not exist on ${where} (or is not visible to the bind user)`,
      {
        cause: error,
      },
    );
  }
  if (error instanceof SizeLimitExceededError) {
    return limit(
      'ldap-size-limit-exceeded',
      `${where} stopped the search at its size limit`,
      error,
    );
  }
  if (error instanceof TimeLimitExceededError) {
    return limit(
      'ldap-time-limit-exceeded',
      `${where} stopped the search at its time limit`,
      error,
    );
  }
  if (error instanceof AdminLimitExceededError) {
    return limit(
      'ldap-admin-limit-exceeded',
      `${where} stopped the search at an administrative limit`,
      error,
    );
  }
  if (
    context.operation === 'search' &&
    (error instanceof InappropriateMatchingError || error instanceof ProtocolError)
  ) {
    return new LdapError(
      'ldap-filter-rejected',
      `${where} rejected the filter ${context.filter ?? ''}${serverText}`,
      {
        cause: error,
      },
    );
  }
  if (error instanceof ConfidentialityRequiredError || error instanceof StrongAuthRequiredError) {
    return new LdapError(
      'ldap-error',
      `${where} requires an encrypted connection for the ${context.operation} (choose LDAP-TLS or LDAP-SSL; result code ${error.code})${serverText}`,
      { cause: error, details: { resultCode: error.code } },
    );
  }
  if (context.operation === 'starttls') {
    return new LdapError(
      'ldap-tls-error',
      `${where} refused StartTLS (result code ${error.code})${serverText}`,
      {
        cause: error,
      },
    );
  }
  return new LdapError(
    'ldap-error',
    `LDAP ${context.operation} on ${where} failed with result code ${error.code} (${error.name})${serverText}`,
    { cause: error, details: { resultCode: error.code } },
  );
}

function bindRefused(error: ResultCodeError, context: LdapErrorContext, where: string): LdapError {
  const refused = `${where} refused the credentials of "${context.bindDn ?? ''}"`;
  const ad = activeDirectoryBindRefusal(error.message);
  if (!ad) {
    return new LdapError(
      'ldap-invalid-credentials',
      `${refused} (wrong DN/user name or password)`,
      {
        cause: error,
      },
    );
  }
  const reason =
    ad.code === 'ldap-invalid-credentials' && ad.data !== '525' && ad.data !== '52e'
      ? `wrong DN/user name or password; ${ad.reason}`
      : ad.reason;
  return new LdapError(ad.code, `${refused}: ${reason} (Active Directory: data ${ad.data})`, {
    cause: error,
    details: { activeDirectoryData: ad.data },
  });
}

/** A partial result is never a complete one: every limit fails the whole read. */
function limit(code: LdapErrorCode, message: string, error: ResultCodeError) {
  return new LdapError(
    code,
    `${message}; the read is incomplete and was abandoned${serverMessage(error)}`,
    {
      cause: error,
      details: { resultCode: error.code },
    },
  );
}

/** ldapts appends " Code: 0x31" to the server's diagnostic message; keep the server's words only. */
function serverMessage(error: ResultCodeError): string {
  const text = error.message.replace(/\s*Code: 0x[0-9a-f]+$/i, '').trim();
  return text ? `: ${text}` : '';
}

/** The reason of a TLS failure in words, or null when the error is not about TLS. */
export function describeTlsFailure(code: string, message: string): string | null {
  if (UNTRUSTED.has(code))
    return `untrusted issuer (${code}; configure the CA certificate that signed the server's)`;
  const reason = TLS_REASONS[code];
  if (reason) return `${reason} (${code})`;
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_OSSL_') || code === 'EPROTO') {
    return `handshake failed (${code}: ${message}); is it a TLS port, and is the CA certificate valid PEM?`;
  }
  return null;
}
