import { copyField } from './copy-rows';

describe(copyField.name, () => {
  it.each<[Parameters<typeof copyField>[0], string]>([
    [null, '\\N'],
    [7, '7'],
    ['plain', 'plain'],
    ['\\N', '\\\\N'],
    ['tab\there', 'tab\\there'],
    ['line\nbreak\r', 'line\\nbreak\\r'],
    [[], '{}'],
    [['a"b', 'c\\d', null], '{"a\\\\"b","c\\\\\\\\d",NULL}'],
  ])('%j → %s', (value, field) => {
    expect(copyField(value)).toBe(field);
  });
});
