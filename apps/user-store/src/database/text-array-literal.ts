/**
 * A PostgreSQL array literal of `values` (`{"a","b \"c\""}`), for a `text[]`
 * that travels inside an array parameter: every element quoted, `"` and `\`
 * escaped, so commas, braces, spaces and control characters stay as they
 * are. PostgreSQL reads such a literal with `::text[]` for less than it
 * takes to split a JSON array.
 */
export function textArrayLiteral(values: readonly string[]): string {
  let literal = '{';
  for (let index = 0; index < values.length; index++) {
    if (index > 0) literal += ',';
    literal += `"${(values[index] ?? '').replace(/["\\]/g, '\\$&')}"`;
  }
  return `${literal}}`;
}
