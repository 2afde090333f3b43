import { validateSync } from 'class-validator';
import { hasControlCharacters, NoControlCharacters } from './no-control-characters';

class Named {
  @NoControlCharacters()
  name!: unknown;

  @NoControlCharacters({ each: true })
  aliases: unknown[] = [];
}

const problemsOf = (name: unknown, aliases: unknown[] = []) =>
  validateSync(Object.assign(new Named(), { name, aliases })).flatMap((error) =>
    Object.values(error.constraints ?? {}),
  );

describe(NoControlCharacters.name, () => {
  it.each([
    ['NUL', 'abello\u0000'],
    ['CR LF', 'cn=admin\r\n,dc=example'],
    ['a tab', 'a\tb'],
    ['ESC', '\u001b[31m'],
    ['DEL', 'a\u007f'],
    ['a C1 control', 'a\u0085'],
    ['a line separator', 'a\u2028b'],
  ])('refuses %s, naming the property', (_case, value) => {
    expect(hasControlCharacters(value)).toBe(true);
    expect(problemsOf(value)).toEqual([
      'name must not contain control characters (NUL, CR, LF, …)',
    ]);
  });

  it.each([
    ['plain text', 'abello'],
    ['spaces and punctuation', 'Smith, John (IT) <x@y>'],
    ['letters beyond ASCII', 'Zoë Ångström 日本 😀'],
    ['the empty string', ''],
  ])('accepts %s', (_case, value) => {
    expect(hasControlCharacters(value)).toBe(false);
    expect(problemsOf(value)).toEqual([]);
  });

  it('leaves values that are not strings to the other decorators', () => {
    expect(problemsOf(42)).toEqual([]);
  });

  it('checks each item of a list', () => {
    expect(problemsOf('ok', ['fine', 'bad\n'])).toEqual([
      'each value in aliases must not contain control characters (NUL, CR, LF, …)',
    ]);
  });
});
