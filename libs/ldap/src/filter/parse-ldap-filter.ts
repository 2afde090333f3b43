/**
 * An RFC 4515 search filter, as parsed. Assertion values are kept as written
 * (still escaped, e.g. `Smith\2a`): the parser checks them, it does not need
 * to interpret them.
 */
export type LdapFilter =
  | { type: 'and' | 'or'; filters: LdapFilter[] }
  | { type: 'not'; filter: LdapFilter }
  | {
      type: 'equality' | 'approx' | 'greaterOrEqual' | 'lessOrEqual';
      attribute: string;
      value: string;
    }
  | { type: 'present'; attribute: string }
  | {
      type: 'substrings';
      attribute: string;
      initial: string | null;
      any: string[];
      final: string | null;
    }
  | {
      type: 'extensible';
      attribute: string | null;
      dnAttributes: boolean;
      matchingRule: string | null;
      value: string;
    };

/** `position` is the 0-based index in the text of the first problem. */
export type ParseFilterResult =
  { ok: true; filter: LdapFilter } | { ok: false; position: number; message: string };

class FilterSyntaxError extends Error {
  constructor(
    readonly position: number,
    message: string,
  ) {
    super(message);
  }
}

const KEYCHAR = /[A-Za-z0-9-]/;
const HEX = /[0-9A-Fa-f]/;

/**
 * Parses a filter per RFC 4515 and reports the first problem with its
 * position, so a settings form can point at it. Two deliberate choices:
 * a single item without the outer parentheses (`objectClass=user`) is
 * accepted, as ldapsearch and ldapts accept it; an empty substring between
 * two `*` (`cn=a**b`) is refused, because it cannot be encoded (RFC 4511)
 * and both libldap and slapd reject it (slapd by dropping the connection).
 */
export function parseLdapFilter(text: string): ParseFilterResult {
  try {
    const parser = new FilterParser(text);
    return { ok: true, filter: parser.parseWhole() };
  } catch (error) {
    if (error instanceof FilterSyntaxError) {
      return { ok: false, position: error.position, message: error.message };
    }
    throw error;
  }
}

class FilterParser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parseWhole(): LdapFilter {
    this.skipSpaces();
    if (this.pos >= this.text.length) throw this.error('the filter is empty');
    const filter = this.peek() === '(' ? this.parseFilter() : this.parseItem(true);
    this.skipSpaces();
    if (this.pos < this.text.length) {
      const extra = this.peek() === ')' ? "unbalanced ')'" : 'unexpected text after the filter';
      throw this.error(extra);
    }
    return filter;
  }

  private parseFilter(): LdapFilter {
    this.expect('(');
    const char = this.peek();
    let filter: LdapFilter;
    if (char === '&' || char === '|') {
      this.pos += 1;
      const filters: LdapFilter[] = [];
      while (this.peek() === '(') filters.push(this.parseFilter());
      if (filters.length === 0) {
        throw this.error(`'${char}' needs at least one filter in parentheses`);
      }
      filter = { type: char === '&' ? 'and' : 'or', filters };
    } else if (char === '!') {
      this.pos += 1;
      if (this.peek() !== '(') throw this.error("'!' needs one filter in parentheses");
      filter = { type: 'not', filter: this.parseFilter() };
    } else {
      filter = this.parseItem(false);
    }
    this.expect(')');
    return filter;
  }

  /** attr=value, attr~=, attr>=, attr<=, attr=*, substrings, or extensible match. */
  private parseItem(bare: boolean): LdapFilter {
    if (this.atEnd()) throw this.error("expected an attribute, then '='");
    if (this.peek() === ':') return this.parseExtensible(null, bare);
    const attribute = this.parseAttributeDescription();
    const char = this.peek();
    if (char === ':') return this.parseExtensible(attribute, bare);
    if (char === '~' || char === '>' || char === '<') {
      this.pos += 1;
      this.expect('=');
      const value = this.parseValue(bare, false);
      const type = char === '~' ? 'approx' : char === '>' ? 'greaterOrEqual' : 'lessOrEqual';
      return { type, attribute, value: value.parts[0] ?? '' };
    }
    if (char !== '=') {
      throw this.error(
        this.atEnd()
          ? `expected '=' after '${attribute}'`
          : `unexpected '${char}' after '${attribute}'`,
      );
    }
    this.pos += 1;
    const value = this.parseValue(bare, true);
    if (value.parts.length === 1)
      return { type: 'equality', attribute, value: value.parts[0] ?? '' };
    if (value.parts.length === 2 && value.parts[0] === '' && value.parts[1] === '') {
      return { type: 'present', attribute };
    }
    const initial = value.parts[0] ?? '';
    const final = value.parts[value.parts.length - 1] ?? '';
    const any = value.parts.slice(1, -1);
    const emptyAt = any.indexOf('');
    if (emptyAt >= 0) {
      throw new FilterSyntaxError(
        value.starPositions[emptyAt + 1] ?? this.pos,
        "empty substring between two '*' (write a single '*')",
      );
    }
    return { type: 'substrings', attribute, initial: initial || null, any, final: final || null };
  }

  /** [attr] [":dn"] [":" matchingrule] ":=" value (RFC 4515 extensible). */
  private parseExtensible(attribute: string | null, bare: boolean): LdapFilter {
    let dnAttributes = false;
    let matchingRule: string | null = null;
    const dnFlag = this.text.slice(this.pos, this.pos + 3).toLowerCase() === ':dn';
    if (dnFlag && !KEYCHAR.test(this.text[this.pos + 3] ?? '')) {
      dnAttributes = true;
      this.pos += 3;
    }
    if (this.peek() === ':' && this.text[this.pos + 1] !== '=') {
      this.pos += 1;
      matchingRule = this.parseOidOrName('a matching rule');
    }
    if (attribute === null && matchingRule === null) {
      throw this.error(
        'an extensible match without an attribute needs a matching rule (":rule:=")',
      );
    }
    if (!this.text.startsWith(':=', this.pos))
      throw this.error("expected ':=' in the extensible match");
    this.pos += 2;
    const value = this.parseValue(bare, false);
    return {
      type: 'extensible',
      attribute,
      dnAttributes,
      matchingRule,
      value: value.parts[0] ?? '',
    };
  }

  /** attributetype *( ";" option ) (RFC 4512). */
  private parseAttributeDescription(): string {
    const start = this.pos;
    this.parseOidOrName('an attribute');
    while (this.peek() === ';') {
      this.pos += 1;
      const optionStart = this.pos;
      while (KEYCHAR.test(this.peek())) this.pos += 1;
      if (this.pos === optionStart) throw this.error('expected an attribute option after ;');
    }
    return this.text.slice(start, this.pos);
  }

  /** descr (ALPHA *(ALPHA / DIGIT / "-")) or numericoid (1.2.840…). */
  private parseOidOrName(what: string): string {
    const start = this.pos;
    const first = this.peek();
    if (/[A-Za-z]/.test(first)) {
      while (KEYCHAR.test(this.peek())) this.pos += 1;
    } else if (/[0-9]/.test(first)) {
      for (;;) {
        const numberStart = this.pos;
        while (/[0-9]/.test(this.peek())) this.pos += 1;
        if (this.pos === numberStart) throw this.error(`invalid numeric OID in ${what}`);
        if (this.text[numberStart] === '0' && this.pos - numberStart > 1) {
          throw new FilterSyntaxError(numberStart, `leading zero in the numeric OID of ${what}`);
        }
        if (this.peek() !== '.') break;
        this.pos += 1;
      }
      if (!this.text.slice(start, this.pos).includes('.')) {
        throw new FilterSyntaxError(start, `invalid ${what}: a numeric OID needs at least one '.'`);
      }
    } else {
      throw this.error(this.atEnd() ? `expected ${what}` : `expected ${what}, found '${first}'`);
    }
    return this.text.slice(start, this.pos);
  }

  /**
   * An assertion value up to the closing ')' (or the end of a bare item).
   * With `stars`, unescaped `*` split it into substring parts.
   */
  private parseValue(bare: boolean, stars: boolean): { parts: string[]; starPositions: number[] } {
    const parts: string[] = [];
    const starPositions: number[] = [];
    let partStart = this.pos;
    for (;;) {
      if (this.atEnd()) {
        if (!bare) throw this.error("missing ')' at the end of the filter");
        break;
      }
      const char = this.peek();
      if (char === ')') {
        if (bare) throw this.error("unbalanced ')'");
        break;
      }
      if (char === '(') throw this.error("unescaped '(' in a value (write \\28)");
      if (char === '\0') throw this.error('NUL in a value (write \\00)');
      if (char === '\\') {
        if (!HEX.test(this.text[this.pos + 1] ?? '') || !HEX.test(this.text[this.pos + 2] ?? '')) {
          throw this.error("'\\' must be followed by two hex digits (e.g. \\2a for '*')");
        }
        this.pos += 3;
        continue;
      }
      if (char === '*') {
        if (!stars) throw this.error("unescaped '*' in a value (write \\2a)");
        parts.push(this.text.slice(partStart, this.pos));
        starPositions.push(this.pos);
        this.pos += 1;
        partStart = this.pos;
        continue;
      }
      this.pos += 1;
    }
    parts.push(this.text.slice(partStart, this.pos));
    return { parts, starPositions };
  }

  private expect(char: string) {
    if (this.peek() !== char) {
      const found = this.atEnd() ? 'the end of the filter' : `'${this.peek()}'`;
      throw this.error(`expected '${char}', found ${found}`);
    }
    this.pos += 1;
  }

  private skipSpaces() {
    while (
      this.peek() === ' ' ||
      this.peek() === '\t' ||
      this.peek() === '\n' ||
      this.peek() === '\r'
    ) {
      this.pos += 1;
    }
  }

  private peek(): string {
    return this.text[this.pos] ?? '';
  }

  private atEnd() {
    return this.pos >= this.text.length;
  }

  private error(message: string) {
    return new FilterSyntaxError(this.pos, message);
  }
}

/** Every filter item, depth first (for finding the attributes a template compares). */
export function filterItems(filter: LdapFilter): LdapFilter[] {
  switch (filter.type) {
    case 'and':
    case 'or':
      return filter.filters.flatMap(filterItems);
    case 'not':
      return filterItems(filter.filter);
    case 'equality':
    case 'approx':
    case 'greaterOrEqual':
    case 'lessOrEqual':
    case 'present':
    case 'substrings':
    case 'extensible':
      return [filter];
  }
}
