/** One `type=value` of a relative DN, the value unescaped. */
export interface DnAttributeValue {
  type: string;
  /** Unescaped text; for a `#hexstring` value, its hex digits (lower case, without `#`). */
  value: string;
  hex: boolean;
}

/** A relative DN: usually one attribute value, several in a multi-valued RDN (`cn=a+uid=b`). */
export type Rdn = DnAttributeValue[];

/** `position` is the 0-based index in the text of the first problem. */
export type ParseDnResult =
  { ok: true; rdns: Rdn[] } | { ok: false; position: number; message: string };

class DnSyntaxError extends Error {
  constructor(
    readonly position: number,
    message: string,
  ) {
    super(message);
  }
}

const SPACE = 0x20;
const COMMA = 0x2c;
const PLUS = 0x2b;
const EQUALS = 0x3d;
const BACKSLASH = 0x5c;
const SHARP = 0x23;
const QUOTE = 0x22;
/** Characters RFC 4514 lets a backslash escape by themselves. */
const ESCAPABLE = new Set([' ', '"', '#', '+', ',', ';', '<', '=', '>', '\\']);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses a distinguished name per RFC 4514: `cn=Smith\, John`,
 * `cn=Smith\2C John`, hex escapes of UTF-8 bytes, `#hex` values and
 * multi-valued RDNs. Like most directory servers it tolerates spaces around
 * `=`, `,` and `+` (RFC 4514 section 4 allows that leniency); trailing spaces of
 * a value count only when escaped. The empty string is the (valid) root DN.
 */
export function parseDn(text: string): ParseDnResult {
  try {
    return { ok: true, rdns: new DnParser(text).parse() };
  } catch (error) {
    if (error instanceof DnSyntaxError)
      return { ok: false, position: error.position, message: error.message };
    throw error;
  }
}

class DnParser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parse(): Rdn[] {
    const rdns: Rdn[] = [];
    this.skipSpaces();
    if (this.pos >= this.text.length) return rdns;
    let rdn: Rdn = [];
    for (;;) {
      rdn.push(this.parseAttributeValue());
      this.skipSpaces();
      if (this.pos >= this.text.length) break;
      const char = this.text.charCodeAt(this.pos);
      this.pos += 1;
      if (char === PLUS) continue;
      if (char === COMMA) {
        rdns.push(rdn);
        rdn = [];
        continue;
      }
      throw new DnSyntaxError(
        this.pos - 1,
        `unexpected '${this.text[this.pos - 1]}' (expected ',' or '+')`,
      );
    }
    rdns.push(rdn);
    return rdns;
  }

  private parseAttributeValue(): DnAttributeValue {
    this.skipSpaces();
    const type = this.parseType();
    this.skipSpaces();
    if (this.text.charCodeAt(this.pos) !== EQUALS) {
      throw this.error(
        this.atEnd()
          ? `expected '=' after '${type}'`
          : `expected '=' after '${type}', found '${this.text[this.pos]}'`,
      );
    }
    this.pos += 1;
    this.skipSpaces();
    const first = this.text.charCodeAt(this.pos);
    if (first === SHARP) return { type, value: this.parseHexString(), hex: true };
    if (first === QUOTE)
      throw this.error('quoted values are not RFC 4514; escape the characters instead');
    return { type, value: this.parseStringValue(), hex: false };
  }

  /** descr / numericoid, and the legacy `OID.` prefix is refused (RFC 4514 dropped it). */
  private parseType(): string {
    const start = this.pos;
    const first = this.text[this.pos] ?? '';
    if (/[A-Za-z]/.test(first)) {
      while (/[A-Za-z0-9-]/.test(this.text[this.pos] ?? '')) this.pos += 1;
    } else if (/[0-9]/.test(first)) {
      while (/[0-9.]/.test(this.text[this.pos] ?? '')) this.pos += 1;
      const oid = this.text.slice(start, this.pos);
      if (!/^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))+$/.test(oid)) {
        throw new DnSyntaxError(start, `invalid numeric OID '${oid}'`);
      }
    } else {
      throw this.error(
        this.atEnd()
          ? 'expected an attribute type'
          : `expected an attribute type, found '${first}'`,
      );
    }
    return this.text.slice(start, this.pos);
  }

  private parseHexString(): string {
    const start = this.pos;
    this.pos += 1;
    while (/[0-9A-Fa-f]/.test(this.text[this.pos] ?? '')) this.pos += 1;
    const digits = this.text.slice(start + 1, this.pos);
    if (digits.length === 0 || digits.length % 2 !== 0) {
      throw new DnSyntaxError(
        start,
        "a '#' value needs an even number of hex digits (write \\# for a literal '#')",
      );
    }
    return digits.toLowerCase();
  }

  private parseStringValue(): string {
    let out = '';
    // Length of `out` up to its last significant character: unescaped trailing spaces do not count.
    let significant = 0;
    let bytes: number[] = [];
    let bytesStart = 0;
    const flushBytes = () => {
      if (bytes.length === 0) return;
      try {
        out += utf8.decode(Uint8Array.from(bytes));
      } catch {
        throw new DnSyntaxError(bytesStart, 'the escaped bytes are not valid UTF-8');
      }
      bytes = [];
      significant = out.length;
    };
    for (;;) {
      if (this.pos >= this.text.length) break;
      const code = this.text.charCodeAt(this.pos);
      if (code === COMMA || code === PLUS) break;
      if (code === BACKSLASH) {
        const next = this.text[this.pos + 1] ?? '';
        const hex = this.text.slice(this.pos + 1, this.pos + 3);
        if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
          if (bytes.length === 0) bytesStart = this.pos;
          bytes.push(parseInt(hex, 16));
          this.pos += 3;
          continue;
        }
        if (!ESCAPABLE.has(next)) {
          throw this.error(
            next ? `invalid escape '\\${next}'` : "a '\\' at the end of the DN escapes nothing",
          );
        }
        flushBytes();
        out += next;
        significant = out.length;
        this.pos += 2;
        continue;
      }
      flushBytes();
      if (code === QUOTE || code === 0x3b || code === 0x3c || code === 0x3e || code === 0) {
        const shown = code === 0 ? 'NUL' : `'${this.text[this.pos]}'`;
        throw this.error(`unescaped ${shown} in a value (escape it with '\\')`);
      }
      out += this.text[this.pos];
      if (code !== SPACE) significant = out.length;
      this.pos += 1;
    }
    flushBytes();
    return out.slice(0, significant);
  }

  private skipSpaces() {
    while (this.text.charCodeAt(this.pos) === SPACE) this.pos += 1;
  }

  private atEnd() {
    return this.pos >= this.text.length;
  }

  private error(message: string) {
    return new DnSyntaxError(this.pos, message);
  }
}
