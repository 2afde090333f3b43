import { buildMessage, ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * C0 and C1 control characters (NUL, CR, LF, ESC, DEL, …) and the Unicode
 * line and paragraph separators. None belongs in a name or a DN: PostgreSQL
 * refuses NUL in text, and CR/LF split log lines and LDIF.
 */
const CONTROL_CHARACTER = /[\p{Cc}\u2028\u2029]/u;

export function hasControlCharacters(value: string): boolean {
  return CONTROL_CHARACTER.test(value);
}

/** A string property without control characters; other types are left to the other decorators. */
export function NoControlCharacters(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'noControlCharacters',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !hasControlCharacters(value),
        defaultMessage: buildMessage(
          (each) => `${each}$property must not contain control characters (NUL, CR, LF, …)`,
          options,
        ),
      },
    },
    options,
  );
}
