import { textArrayLiteral } from './text-array-literal';

describe(textArrayLiteral.name, () => {
  it.each<[(string | null)[], string]>([
    [[], '{}'],
    [['a@example.com'], '{"a@example.com"}'],
    [['a', 'b'], '{"a","b"}'],
    [['with "quotes"', 'back\\slash'], '{"with \\"quotes\\"","back\\\\slash"}'],
    [['{braces}, comma', ' space ', 'NULL', ''], '{"{braces}, comma"," space ","NULL",""}'],
    [['unit\u001fseparator'], '{"unit\u001fseparator"}'],
    [[null, 'a', null], '{NULL,"a",NULL}'],
    [['{"a","b \\"c\\""}'], '{"{\\"a\\",\\"b \\\\\\"c\\\\\\"\\"}"}'],
  ])('%j → %s', (values, literal) => {
    expect(textArrayLiteral(values)).toBe(literal);
  });
});
