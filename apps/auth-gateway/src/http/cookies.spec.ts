import { readCookie } from './cookies';

describe(readCookie.name, () => {
  it.each([
    [undefined, 'a', undefined],
    ['a=1', 'a', '1'],
    ['x=0; a=1; b=2', 'b', '2'],
    ['aa=1; a=2', 'a', '2'],
    ['a="quoted"', 'a', 'quoted'],
    ['a', 'a', undefined],
    ['a=b=c', 'a', 'b=c'],
  ])('%s → %s = %s', (header, name, value) => {
    expect(readCookie(header, name)).toBe(value);
  });
});
