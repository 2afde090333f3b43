import { clearingCookie, readCookie, serializeCookie } from './cookies';

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

describe(serializeCookie.name, () => {
  const attributes = { path: '/cb', httpOnly: true, secure: false, sameSite: 'Lax' } as const;

  it('writes the value and the attributes, Max-Age with Expires', () => {
    const cookie = serializeCookie('flow', 'a.b-c_d', { ...attributes, maxAgeSeconds: 600 });
    expect(cookie).toMatch(
      /^flow=a\.b-c_d; Max-Age=600; Path=\/cb; Expires=[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} [\d:]{8} GMT; HttpOnly; SameSite=Lax$/,
    );
  });

  it('percent-encodes a value that a header could not carry', () => {
    expect(serializeCookie('flow', 'a;b c', attributes)).toBe(
      'flow=a%3Bb%20c; Path=/cb; HttpOnly; SameSite=Lax',
    );
  });

  it('marks the cookie Secure when asked', () => {
    expect(serializeCookie('flow', 'x', { ...attributes, secure: true })).toContain('; Secure;');
  });

  it('removes a cookie with an empty value expired in 1970', () => {
    expect(clearingCookie('flow', attributes)).toBe(
      'flow=; Path=/cb; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax',
    );
  });
});
