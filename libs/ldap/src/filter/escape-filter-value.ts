/** The placeholder of the seed's "Search Filter for Members", filled in with each member value. */
export const MEMBER_PLACEHOLDER = '{member}';

/**
 * Escapes a value for use inside an RFC 4515 filter assertion: `*`, `(`, `)`,
 * `\` and NUL become `\2a`, `\28`, `\29`, `\5c`, `\00`. Anything else may stay
 * as it is (UTF-8 is allowed unescaped). Never build a filter from a user name
 * or a member value without it: `evil)(uid=*` would widen the search.
 */
export function escapeFilterValue(value: string): string {
  return value.replace(
    /[*()\\\0]/g,
    (char) => `\\${char.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/** Replaces every `{member}` of a member-search filter by the escaped value. */
export function fillMemberPlaceholder(template: string, memberValue: string): string {
  return template.split(MEMBER_PLACEHOLDER).join(escapeFilterValue(memberValue));
}
