import { forbiddenKeyPath, isTopLevelArray, jsonNestingExceeds } from './json-body-checks';

const utf8 = (text: string) => Buffer.from(text, 'utf8');

describe(jsonNestingExceeds.name, () => {
  it.each([
    ['a flat object', '{"a":1,"b":[1,2]}', 2, false],
    ['exactly the limit', '{"a":[{"b":1}]}', 3, false],
    ['one level too deep', '{"a":[{"b":[]}]}', 3, true],
    ['10,000 arrays', '['.repeat(10_000), 32, true],
    ['10,000 objects', '{"a":'.repeat(10_000), 32, true],
    ['brackets inside strings', '{"a":"[[[[[[{{{{{"}', 2, false],
    ['an escaped quote inside a string', '{"a":"\\"[[[[[["}', 2, false],
    ['an escaped backslash before the closing quote', '["\\\\",[[[]]]]', 3, true],
    ['non-ASCII text', '{"ä€😀":["日本"]}', 2, false],
    ['siblings that close again', '[[],[],[],[],[]]', 2, false],
  ])('%s', (_case, text, limit, exceeds) => {
    expect(jsonNestingExceeds(utf8(text), limit)).toBe(exceeds);
  });
});

describe(forbiddenKeyPath.name, () => {
  it.each([
    ['a plain body', '{"userName":"x","list":[{"a":1}]}', null],
    ['__proto__ at the top', '{"__proto__":{"isAdmin":true}}', '__proto__'],
    [
      'constructor inside',
      '{"connection":{"constructor":{"prototype":1}}}',
      'connection.constructor',
    ],
    ['prototype in an array item', '{"groups":[{"a":1},{"prototype":2}]}', 'groups.1.prototype'],
    ['a value that merely says __proto__', '{"name":"__proto__"}', null],
    ['not an object', '"__proto__"', null],
  ])('%s', (_case, json, path) => {
    expect(forbiddenKeyPath(JSON.parse(json))).toBe(path);
  });
});

describe(isTopLevelArray.name, () => {
  it.each([
    ['an empty array', '[]', true],
    ['an array of objects', '[{"a":1}]', true],
    ['an object', '{"a":[]}', false],
    ['no body', undefined, false],
  ])('%s', (_case, json, refused) => {
    expect(isTopLevelArray(json === undefined ? undefined : JSON.parse(json))).toBe(refused);
  });
});
