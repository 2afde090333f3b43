/**
 * Who an AD FS ID token names, as lookups in the user store. AD FS sends
 * `upn` (jdoe@example.com), `unique_name` (EXAMPLE\jdoe, or a UPN) and
 * `email`. User names are tried in that order and in the form the sync
 * stores them (local part only when so configured); the e-mail address last.
 */
export interface IdentityLookups {
  userNames: string[];
  emailAddress: string | null;
  /** How to name the person in refusals and audit: the first claim present. */
  label: string;
}

export function identityLookups(
  claims: Record<string, unknown>,
  localPartOnly: boolean,
): IdentityLookups {
  const upn = nonEmptyString(claims['upn']);
  const uniqueName = nonEmptyString(claims['unique_name']);
  const email = nonEmptyString(claims['email']);

  const names = [upn, uniqueName && withoutDomainPrefix(uniqueName)]
    .filter((name): name is string => Boolean(name))
    .map((name) => (localPartOnly ? localPart(name) : name))
    // FindUserQuery's limits: a longer claim cannot name a stored user.
    .filter((name) => name.length > 0 && name.length <= 512);

  return {
    userNames: dedupeCaseInsensitive(names),
    emailAddress: email && email.length <= 320 && /^[^@\s]+@[^@\s]+$/.test(email) ? email : null,
    label: upn ?? uniqueName ?? email ?? '',
  };
}

/** `EXAMPLE\jdoe` → `jdoe` (the sAMAccountName); other forms unchanged. */
function withoutDomainPrefix(name: string): string {
  const backslash = name.lastIndexOf('\\');
  return backslash === -1 ? name : name.slice(backslash + 1);
}

/** As the sync's "local part only": `jdoe@example.com` → `jdoe`. */
function localPart(name: string): string {
  const at = name.lastIndexOf('@');
  return at === -1 ? name : name.slice(0, at);
}

function nonEmptyString(value: unknown): string | null {
  return typeof value === 'string' && value.trim().length > 0 ? value.trim() : null;
}

function dedupeCaseInsensitive(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = name.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
