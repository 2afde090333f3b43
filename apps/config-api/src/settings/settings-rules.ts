import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import type { DirectorySettings } from '@dirsync/contracts';
import type { FieldProblem } from '@dirsync/service-kit';
import { scheduleProblem } from '../schedule/next-run';

/**
 * The checks class-validator cannot express: LDAP filters (RFC 4515) and DNs
 * (RFC 4514) are parsed, host names and URIs checked, and the fields that
 * depend on each other agree. Each problem names its field; parse errors
 * also name the position in the value.
 */
export interface LdapSyntax {
  filterProblem(filter: string): { position: number; message: string } | null;
  dnProblem(dn: string): { position: number; message: string } | null;
}

const HOST_NAME =
  /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
/** An attribute description: a name or an OID, with options (`member;range=0-*` is not configured by hand). */
const ATTRIBUTE = /^([A-Za-z][A-Za-z0-9-]*|\d+(\.\d+)+)(;[A-Za-z0-9-]+)*$/;
/** `user@example.com` (UPN) or `EXAMPLE\user` (down-level logon name): Active Directory binds with both. */
const AD_LOGON_NAME = /^[^@\s]+@[^@\s]+$|^[^\\\s]+\\[^\\\s]+$/;
const MEMBER_PLACEHOLDER = '{member}';

export function settingsProblems(
  settings: DirectorySettings,
  syntax: LdapSyntax,
  context: { storedBindPassword: boolean },
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  const { connection, users, groups, authentication } = settings;

  if (!isIP(connection.host) && !HOST_NAME.test(connection.host)) {
    add('connection.host', `"${connection.host}" is neither a DNS name nor an IP address`);
  }
  if (!AD_LOGON_NAME.test(connection.bindDn)) {
    const problem = syntax.dnProblem(connection.bindDn);
    if (problem) {
      add(
        'connection.bindDn',
        `not a DN (${problem.message} at position ${problem.position}) nor a user name like admin@example.com`,
      );
    }
  }
  if (!connection.bindPassword && !context.storedBindPassword) {
    add('connection.bindPassword', 'is required (no password is stored yet)');
  }
  if (connection.baseDn) checkDn('connection.baseDn', connection.baseDn, syntax, add);
  if (connection.caCertificatePem) {
    const problem = certificatesProblem(connection.caCertificatePem);
    if (problem) add('connection.caCertificatePem', problem);
  }

  if (users.filter) checkFilter('users.filter', users.filter, syntax, add);
  for (const field of ['userNameAttribute', 'fullNameAttribute', 'emailAttribute'] as const) {
    const value = users[field];
    if (value && !ATTRIBUTE.test(value))
      add(`users.${field}`, `"${value}" is not an LDAP attribute name`);
  }

  checkFilter('groups.filter', groups.filter, syntax, add);
  for (const field of ['nameAttribute', 'descriptionAttribute', 'membersAttribute'] as const) {
    const value = groups[field];
    if (value && !ATTRIBUTE.test(value))
      add(`groups.${field}`, `"${value}" is not an LDAP attribute name`);
  }
  if (groups.memberSearchFilter) {
    if (!groups.memberSearchFilter.includes(MEMBER_PLACEHOLDER)) {
      add('groups.memberSearchFilter', `must contain the ${MEMBER_PLACEHOLDER} placeholder`);
    } else {
      checkFilter(
        'groups.memberSearchFilter',
        groups.memberSearchFilter.split(MEMBER_PLACEHOLDER).join('x'),
        syntax,
        add,
      );
    }
  }
  groups.syncGroups.forEach((name, index) => {
    if (name.trim() !== name)
      add(`groups.syncGroups.${index}`, 'must not start or end with spaces');
  });

  if (authentication.method === 'adfs-oidc') {
    const adfs = authentication.adfs;
    if (!adfs) {
      add('authentication.adfs', 'is required when the method is adfs-oidc');
    } else {
      checkUri('authentication.adfs.discoveryUri', adfs.discoveryUri, add);
      checkUri('authentication.adfs.redirectUri', adfs.redirectUri, add);
    }
  }
  if (settings.options.schedule) {
    const problem = scheduleProblem(settings.options.schedule);
    if (problem) add('options.schedule', problem);
  }
  return problems;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[^-]*-----END CERTIFICATE-----/g;

/** One or more PEM certificates (a chain), each one that node:crypto can read, and nothing else. */
export function certificatesProblem(pem: string): string | null {
  const blocks = pem.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) return 'must be a PEM certificate (-----BEGIN CERTIFICATE-----)';
  if (pem.replace(PEM_CERTIFICATE, '').trim() !== '') {
    return 'must hold PEM certificates only (there is text outside -----BEGIN/END CERTIFICATE-----)';
  }
  for (const [index, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch {
      return `certificate ${index + 1} is not a readable X.509 certificate`;
    }
  }
  return null;
}

/**
 * A filter must be enclosed in parentheses, as RFC 4515 writes it. `uid=*`
 * is refused, not completed: what the admin saves is what the directory gets.
 */
function checkFilter(
  field: string,
  filter: string,
  syntax: LdapSyntax,
  add: (f: string, m: string) => void,
) {
  if (!filter.startsWith('(')) {
    add(field, `must be enclosed in parentheses, e.g. (${filter.trim() || 'objectClass=*'})`);
    return;
  }
  const problem = syntax.filterProblem(filter);
  if (problem)
    add(field, `invalid LDAP filter: ${problem.message} at position ${problem.position}`);
}

function checkDn(
  field: string,
  dn: string,
  syntax: LdapSyntax,
  add: (f: string, m: string) => void,
) {
  const problem = syntax.dnProblem(dn);
  if (problem) add(field, `invalid DN: ${problem.message} at position ${problem.position}`);
}

/** https only; plain http only to a loopback address (a test provider). */
function checkUri(field: string, value: string, add: (f: string, m: string) => void) {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    add(field, `"${value}" is not an absolute URI`);
    return;
  }
  const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    add(field, 'must use https (http is accepted for loopback addresses only)');
  }
}
