import { AppError } from '@dirsync/service-kit';
import { parseDn, type DnAttributeValue, type Rdn } from './parse-dn';

/** Numeric OIDs of the naming attributes directories use, so `2.5.4.3=x` matches `cn=x`. */
const NAMES_OF_OIDS: Record<string, string> = {
  '2.5.4.3': 'cn',
  '2.5.4.6': 'c',
  '2.5.4.7': 'l',
  '2.5.4.8': 'st',
  '2.5.4.9': 'street',
  '2.5.4.10': 'o',
  '2.5.4.11': 'ou',
  '0.9.2342.19200300.100.1.1': 'uid',
  '0.9.2342.19200300.100.1.25': 'dc',
};

export class InvalidDnError extends AppError {
  constructor(
    dn: string,
    readonly position: number,
    reason: string,
  ) {
    super('ldap-invalid-dn', `"${dn}" is not a valid DN: ${reason} (at position ${position})`);
    this.name = 'InvalidDnError';
  }
}

/**
 * The form of a DN used to compare DNs, per RFC 4514/4517: attribute types
 * case-insensitive (and OIDs of common types named), values unescaped then
 * compared case-insensitively with insignificant spaces removed (RFC 4518),
 * multi-valued RDNs in a fixed order. `cn=Smith\, John,OU=People` and
 * `CN=smith\2c  john, ou=people` give the same string. It is a matching key,
 * not for display. Throws InvalidDnError for text that is not a DN.
 */
export function normalizeDn(dn: string): string {
  if (PLAIN_DN.test(dn)) return dn.toLowerCase();
  const parsed = parseDn(dn);
  if (!parsed.ok) throw new InvalidDnError(dn, parsed.position, parsed.message);
  return normalizeRdns(parsed.rdns);
}

/** Like normalizeDn, but null for text that is not a DN (e.g. a memberUid value). */
export function normalizeDnOrNull(dn: string): string | null {
  if (PLAIN_DN.test(dn)) return dn.toLowerCase();
  const parsed = parseDn(dn);
  return parsed.ok ? normalizeRdns(parsed.rdns) : null;
}

/**
 * The shape nearly every DN a server sends has: `type=value` pairs of printable
 * ASCII, no escapes, no `+ " # ; < > = \`, single inner spaces and none around
 * separators. Its normal form is simply its lower-case form; normalizing a
 * million member DNs this way is ten times faster than parsing them.
 */
const VALUE_CHAR = '[\\x21\\x24-\\x2a\\x2d-\\x3a\\x3f-\\x5b\\x5d-\\x7e]';
const PLAIN_RDN = `[A-Za-z][A-Za-z0-9-]*=${VALUE_CHAR}+(?: ${VALUE_CHAR}+)*`;
const PLAIN_DN = new RegExp(`^${PLAIN_RDN}(?:,${PLAIN_RDN})*$`);

/** The normal form by the full RFC 4514 parse, without the fast path (tests compare both). */
export function normalizeDnByParsing(dn: string): string | null {
  const parsed = parseDn(dn);
  return parsed.ok ? normalizeRdns(parsed.rdns) : null;
}

export function normalizeRdns(rdns: readonly Rdn[]): string {
  let out = '';
  for (let i = 0; i < rdns.length; i += 1) {
    if (i > 0) out += ',';
    out += normalizeRdn(rdns[i] ?? []);
  }
  return out;
}

function normalizeRdn(rdn: Rdn): string {
  if (rdn.length === 1) return normalizeAttributeValue(rdn[0] as DnAttributeValue);
  return rdn.map(normalizeAttributeValue).sort().join('+');
}

function normalizeAttributeValue(ava: DnAttributeValue): string {
  const lower = ava.type.toLowerCase();
  const type = NAMES_OF_OIDS[lower] ?? lower;
  return `${type}=${ava.hex ? `#${ava.value}` : normalizeValue(ava.value)}`;
}

// Printable ASCII needs no Unicode normalization (the common case, and NFKC is not free).
const NON_ASCII = /[^ -~]/;
const SPACES = /\s+/g;
const SEPARATORS = /[\\,+=#]/g;

function normalizeValue(value: string): string {
  const prepared = NON_ASCII.test(value) ? value.normalize('NFKC') : value;
  return prepared
    .toLowerCase()
    .replace(SPACES, ' ')
    .trim()
    .replace(SEPARATORS, (char) => `\\${char.charCodeAt(0).toString(16)}`);
}
