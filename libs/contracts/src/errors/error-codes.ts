/**
 * Every error code a dirsync service answers with, its HTTP status at the
 * edge and what it means: the one table. `AppError` takes a code from here
 * and derives its status; an error that crossed RabbitMQ keeps its code and
 * so gets the same status at whichever service answers HTTP.
 *
 * 4xx: the caller (or the settings it saved) must change something.
 * 422: the settings are well-formed, but the directory shows them to be wrong.
 * 502: a system behind the service (the directory, another service) failed.
 * 503: something needed is unavailable or unconfigured right now; try later.
 */
export const ERROR_CODES = {
  // Requests and messages
  'invalid-request': {
    status: 400,
    meaning: 'The HTTP request (body, query or path) is invalid; `details` names the fields.',
  },
  'invalid-json': { status: 400, meaning: 'The body is not valid JSON, or not UTF-8.' },
  'body-too-deep': { status: 400, meaning: 'The JSON body nests deeper than allowed.' },
  'body-too-large': { status: 413, meaning: 'The body is larger than allowed.' },
  'unsupported-media-type': {
    status: 415,
    meaning: 'A request with a body must be application/json.',
  },
  'unsupported-charset': { status: 415, meaning: 'JSON bodies must be UTF-8.' },
  'unsupported-content-encoding': {
    status: 415,
    meaning: 'The Content-Encoding is not gzip, deflate, br or identity.',
  },
  'invalid-content-encoding': {
    status: 400,
    meaning: 'The body does not match its Content-Encoding.',
  },
  'invalid-content-length': {
    status: 400,
    meaning: 'The Content-Length does not match the body received.',
  },
  'request-aborted': { status: 400, meaning: 'The body ended before it was complete.' },
  'headers-too-large': {
    status: 431,
    meaning: 'The URL and headers together are larger than allowed.',
  },
  'request-timeout': { status: 408, meaning: 'The request did not arrive in time.' },
  'malformed-request': { status: 400, meaning: 'The HTTP request could not be parsed.' },
  'invalid-message': {
    status: 400,
    meaning: 'A request between services failed its contract (or was not a request at all).',
  },
  'invalid-event': {
    status: 500,
    meaning: 'A service refused to publish an event that breaks its contract (a bug).',
  },
  'protocol-error': { status: 502, meaning: "Another service's reply broke its contract." },
  'unknown-remote-error': {
    status: 502,
    meaning:
      'Another service answered with an error code this one does not know (versions out of step).',
  },
  'service-unavailable': {
    status: 503,
    meaning: 'Another service did not answer in time (down, stuck, or the broker is).',
  },
  'handler-timeout': {
    status: 503,
    meaning: 'The service did not finish the request within its time limit.',
  },
  'internal-error': {
    status: 500,
    meaning: 'An unexpected failure; the detail is in the service log only.',
  },
  'not-found': { status: 404, meaning: 'The thing asked for does not exist.' },
  conflict: {
    status: 409,
    meaning: 'The change conflicts with the current state (a unique value, a directory user).',
  },

  // Admin API
  unauthenticated: { status: 401, meaning: 'A valid bearer token is required.' },
  forbidden: { status: 403, meaning: 'The token lacks the right for this.' },
  'csrf-check-failed': {
    status: 403,
    meaning:
      'A console request that changes something lacks its X-CSRF-Token or comes from another origin.',
  },
  'not-an-administrator': {
    status: 403,
    meaning: 'The user signed in correctly but lacks the administer-directory privilege.',
  },
  'invalid-settings': {
    status: 400,
    meaning: 'The directory settings are invalid; `details` names the fields.',
  },
  'secret-unreadable': {
    status: 500,
    meaning: 'A stored secret cannot be decrypted (unknown format, or its key is not configured).',
  },
  'sealed-value-refused': {
    status: 500,
    meaning:
      'A secret sealed for the broker cannot be opened: its transport key is not configured, it was altered, or it was sealed for another message.',
  },

  // Synchronization
  'sync-already-running': {
    status: 409,
    meaning: 'A synchronization is already queued or running; `details.runId` names it.',
  },
  'run-not-claimable': {
    status: 409,
    meaning:
      'The run is no longer queued (a worker took it, or it ended): it is not started again.',
  },
  'run-lease-lost': {
    status: 409,
    meaning:
      "A step of a run carried a lease that is no longer the run's (expired, or the run ended): it changed nothing.",
  },
  'run-not-started': {
    status: 503,
    meaning:
      'No sync-planner took the queued run in time (RUN_QUEUED_TIMEOUT_MS); nothing was applied.',
  },
  'run-abandoned': {
    status: 503,
    meaning:
      "The run's sync-planner stopped renewing its lease (it stopped, or lost the broker or the database); nothing was applied.",
  },
  'plan-incomplete': {
    status: 409,
    meaning:
      "A run's plan is not complete (pages missing) or complete already; nothing was applied.",
  },
  'settings-changed': {
    status: 409,
    meaning: 'The settings changed after the run was started; nothing was read. Run it again.',
  },
  'sync-failed': { status: 502, meaning: 'The run failed for a reason its report does not name.' },
  interrupted: { status: 500, meaning: 'The run was interrupted (its service stopped during it).' },
  'stale-plan': {
    status: 409,
    meaning:
      'The directory or the user store changed since the plan was made; nothing was applied.',
  },
  'deletion-threshold-exceeded': {
    status: 409,
    meaning: 'The run would delete more users than the threshold allows; nothing was changed.',
  },
  'incomplete-read': {
    status: 502,
    meaning: 'A stream of pages from another service ended early or out of order.',
  },
  'sync-group-not-found': {
    status: 422,
    meaning: 'A group the settings name does not exist in the directory.',
  },

  // Directory (LDAP)
  'ldap-unreachable': { status: 502, meaning: 'The LDAP server cannot be reached.' },
  'ldap-tls-error': {
    status: 502,
    meaning: 'TLS with the LDAP server failed (certificate, host name, protocol).',
  },
  'ldap-invalid-credentials': {
    status: 422,
    meaning: 'The directory refused the bind DN and password.',
  },
  'ldap-account-disabled': {
    status: 422,
    meaning: 'The directory refused the bind: the account is disabled.',
  },
  'ldap-account-locked': {
    status: 422,
    meaning: 'The directory refused the bind: the account is locked out.',
  },
  'ldap-account-expired': {
    status: 422,
    meaning: 'The directory refused the bind: the account has expired.',
  },
  'ldap-password-expired': {
    status: 422,
    meaning: 'The directory refused the bind: the password has expired.',
  },
  'ldap-password-must-change': {
    status: 422,
    meaning: 'The directory refused the bind: the password must be changed first.',
  },
  'ldap-logon-hours-restricted': {
    status: 422,
    meaning: 'The directory refused the bind: outside the logon hours.',
  },
  'ldap-workstation-restricted': {
    status: 422,
    meaning: 'The directory refused the bind: not from this computer.',
  },
  'ldap-no-such-object': {
    status: 422,
    meaning: 'The base DN (or another DN of the settings) does not exist in the directory.',
  },
  'ldap-filter-rejected': {
    status: 422,
    meaning: 'An LDAP filter is malformed, or the directory refused it.',
  },
  'ldap-base-dn-undetectable': {
    status: 422,
    meaning: 'No base DN is set and the directory does not name one.',
  },
  'ldap-invalid-dn': { status: 400, meaning: 'A value that must be a DN is not one.' },
  'ldap-size-limit-exceeded': {
    status: 502,
    meaning: 'The directory stopped the search at its size limit.',
  },
  'ldap-time-limit-exceeded': {
    status: 502,
    meaning: 'The directory (or the client) stopped the operation at its time limit.',
  },
  'ldap-admin-limit-exceeded': {
    status: 502,
    meaning: 'The directory stopped the search at an administrative limit.',
  },
  'ldap-incomplete-attribute': {
    status: 502,
    meaning: 'The directory did not return all values of a ranged attribute.',
  },
  'ldap-error': {
    status: 502,
    meaning: 'The directory failed in a way without a code of its own.',
  },

  // Sign-in
  'directory-not-configured': {
    status: 503,
    meaning: 'No directory settings have been saved yet.',
  },
  'invalid-credentials': { status: 401, meaning: 'Wrong user name or password.' },
  'empty-password': { status: 400, meaning: 'The password must not be empty.' },
  'directory-unavailable': {
    status: 503,
    meaning: 'The directory cannot verify passwords right now.',
  },
  'password-sign-in-unavailable': { status: 403, meaning: 'Sign-in by password is not enabled.' },
  'log-on-not-permitted': { status: 403, meaning: 'The user lacks the privilege to log on.' },
  'too-many-attempts': {
    status: 429,
    meaning: 'Too many failed sign-ins; try again after Retry-After seconds.',
  },
  'invalid-session': {
    status: 401,
    meaning: 'The session token is missing, malformed, expired or revoked.',
  },
  'ambiguous-user': {
    status: 502,
    meaning: 'More than one directory entry matches the user; refusing to guess.',
  },
  'service-account-refused': {
    status: 502,
    meaning: "The directory refused the settings' service account.",
  },
  'oidc-sign-in-unavailable': { status: 403, meaning: 'Sign-in through AD FS is not enabled.' },
  'adfs-misconfigured': { status: 503, meaning: 'The AD FS settings are missing or wrong.' },
  'identity-provider-unavailable': { status: 503, meaning: 'AD FS cannot be reached.' },
  'oidc-provider-refused': { status: 401, meaning: 'AD FS refused the sign-in.' },
  'oidc-code-rejected': { status: 401, meaning: 'AD FS rejected the authorization code.' },
  'oidc-validation-failed': { status: 401, meaning: "AD FS's answer failed validation." },
  'oidc-stale-authentication': {
    status: 401,
    meaning: 'AD FS did not ask for credentials although they are always required.',
  },
  'oidc-flow-expired': {
    status: 400,
    meaning: 'The AD FS sign-in expired or was not started here.',
  },
  'unknown-person': {
    status: 403,
    meaning: 'The person AD FS signed in is not a synchronized user.',
  },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, code);
}

/** The HTTP status of a code; one this build does not know is the other side's trouble (502). */
export function httpStatusForCode(code: string): number {
  return isErrorCode(code) ? ERROR_CODES[code].status : 502;
}
