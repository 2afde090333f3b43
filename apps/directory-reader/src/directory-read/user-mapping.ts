import type { DirectoryUser, DirectoryWarning, UserSettings } from '@dirsync/contracts';
import {
  attributeKey,
  attributeValues,
  firstValue,
  parseDn,
  STABLE_ID_ATTRIBUTES,
  STABLE_ID_BINARY_ATTRIBUTES,
  stableId,
  type LdapEntry,
} from '@dirsync/ldap';
import { parseEmailAddresses } from './email-addresses';

/** Stable identity (objectGUID or entryUUID): `stableId` of @dirsync/ldap, shared with sign-in. */
export { stableId };
const USER_ACCOUNT_CONTROL = 'userAccountControl';
/** userAccountControl ACCOUNTDISABLE. */
const ACCOUNT_DISABLED = 0x2;

export type MappedUser =
  | { kind: 'user'; user: DirectoryUser }
  /** Skipped on purpose (skip disabled accounts); the id tells the planner it is out of scope. */
  | { kind: 'disabled'; externalId: string }
  | { kind: 'skipped'; warning: DirectoryWarning };

/** The attributes a user search asks for; ldapts must keep objectGUID as bytes. */
export function userSearchAttributes(settings: UserSettings): {
  attributes: string[];
  binaryAttributes: string[];
} {
  const attributes = [...STABLE_ID_ATTRIBUTES, settings.userNameAttribute];
  if (settings.fullNameAttribute) attributes.push(settings.fullNameAttribute);
  if (settings.emailAttribute) attributes.push(settings.emailAttribute);
  if (settings.skipDisabledAccounts) attributes.push(USER_ACCOUNT_CONTROL);
  // ldapts compares these names with the server's spelling case-sensitively.
  return {
    attributes: [...new Set(attributes)],
    binaryAttributes: [...STABLE_ID_BINARY_ATTRIBUTES],
  };
}

/** One user entry as the directory describes it, after the configured attribute mapping. */
export function mapUserEntry(entry: LdapEntry, settings: UserSettings): MappedUser {
  const externalId = stableId(entry);
  if (externalId === null) {
    return {
      kind: 'skipped',
      warning: {
        code: 'user-without-id',
        message: `${entry.dn} has neither objectGUID nor entryUUID; skipped`,
        dn: entry.dn,
      },
    };
  }
  if (settings.skipDisabledAccounts && isDisabledAccount(entry))
    return { kind: 'disabled', externalId };

  const rawName = userNameValue(entry, settings.userNameAttribute);
  const userName = rawName === null ? null : settings.localPartOnly ? localPart(rawName) : rawName;
  if (!userName) {
    return {
      kind: 'skipped',
      warning: {
        code: 'user-without-name',
        message: `${entry.dn} has no ${settings.userNameAttribute}${rawName ? ' local part' : ''}; skipped`,
        dn: entry.dn,
      },
    };
  }
  return {
    kind: 'user',
    user: {
      externalId,
      dn: entry.dn,
      userName,
      fullName: settings.fullNameAttribute
        ? firstValue(entry, settings.fullNameAttribute)?.trim() || null
        : null,
      emailAddresses: settings.emailAttribute
        ? parseEmailAddresses(
            settings.emailAttribute,
            attributeValues(entry, settings.emailAttribute),
          )
        : [],
    },
  };
}

export function isDisabledAccount(entry: LdapEntry): boolean {
  const flags = Number.parseInt(firstValue(entry, USER_ACCOUNT_CONTROL) ?? '', 10);
  return Number.isInteger(flags) && (flags & ACCOUNT_DISABLED) !== 0;
}

/** `jdoe@example.com` → `jdoe`; names without `@` stay as they are. */
export function localPart(name: string): string {
  const at = name.lastIndexOf('@');
  return at < 0 ? name : name.slice(0, at).trim();
}

/**
 * The user name value, trimmed. When the attribute has several values (posix
 * `uid` may), the one naming the entry in its RDN wins, so the choice does not
 * depend on the order the server returns values in.
 */
function userNameValue(entry: LdapEntry, attribute: string): string | null {
  const key = attributeKey(entry, attribute);
  const single = key === undefined || key === 'dn' ? undefined : entry[key];
  // One value, as a bare string: the common case, without the arrays below.
  if (typeof single === 'string') return single.trim() || null;
  const all = attributeValues(entry, attribute);
  // One value: the common case, without the arrays below.
  if (all.length === 1) return (all[0] as string).trim() || null;
  const values = all.map((value) => value.trim()).filter(Boolean);
  if (values.length <= 1) return values[0] ?? null;
  const parsed = parseDn(entry.dn);
  const rdn = parsed.ok ? parsed.rdns[0] : undefined;
  const named = rdn
    ?.find((ava) => ava.type.toLowerCase() === attribute.toLowerCase())
    ?.value.toLowerCase();
  return values.find((value) => value.toLowerCase() === named) ?? values[0] ?? null;
}
