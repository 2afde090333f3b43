/** Exchange's prefix of an SMTP address in proxyAddresses; upper case marks the primary one. */
const SMTP_PREFIX = /^smtp:/i;
const PRIMARY_PREFIX = 'SMTP:';

/**
 * The e-mail addresses of a user from every value of the configured
 * attribute: each value may hold several comma-separated addresses (the
 * seed says so), each is trimmed, and duplicates are dropped case-insensitively
 * (the first spelling wins). From `proxyAddresses` only `SMTP:`/`smtp:` values
 * count, the upper-case `SMTP:` one (the primary) first; `X500:`, `SIP:` and
 * other address types are not e-mail addresses.
 */
export function parseEmailAddresses(attribute: string, values: readonly string[]): string[] {
  const candidates = attribute.toLowerCase() === 'proxyaddresses' ? smtpAddresses(values) : values;
  const only = candidates.length === 1 ? (candidates[0] as string) : null;
  if (only !== null && !only.includes(',')) {
    // One address: the common case, without the bookkeeping below.
    const address = only.trim();
    return address ? [address] : [];
  }
  const seen = new Set<string>();
  const addresses: string[] = [];
  for (const value of candidates) {
    for (const part of value.split(',')) {
      const address = part.trim();
      const key = address.toLowerCase();
      if (!address || seen.has(key)) continue;
      seen.add(key);
      addresses.push(address);
    }
  }
  return addresses;
}

function smtpAddresses(values: readonly string[]): string[] {
  const trimmed = values.map((value) => value.trim());
  const primary = trimmed.filter((value) => value.startsWith(PRIMARY_PREFIX));
  const secondary = trimmed.filter(
    (value) => SMTP_PREFIX.test(value) && !value.startsWith(PRIMARY_PREFIX),
  );
  return [...primary, ...secondary].map((value) => value.slice(PRIMARY_PREFIX.length));
}
