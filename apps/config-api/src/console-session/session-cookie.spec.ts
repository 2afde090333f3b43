import { csrfProblem, serializeSessionCookie, sessionTokenFromCookies } from './session-cookie';

const TOKEN = 'a'.repeat(43);

describe(serializeSessionCookie.name, () => {
  it('is HttpOnly and SameSite=Strict, without Secure over plain HTTP', () => {
    expect(serializeSessionCookie(TOKEN, { secure: false, maxAgeSeconds: 60 })).toBe(
      `dirsync_console=${TOKEN}; Path=/; HttpOnly; SameSite=Strict; Max-Age=60`,
    );
  });

  it('is Secure and __Host- prefixed over TLS', () => {
    expect(serializeSessionCookie(TOKEN, { secure: true, maxAgeSeconds: 0 })).toBe(
      `__Host-dirsync_console=${TOKEN}; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure`,
    );
  });
});

describe(sessionTokenFromCookies.name, () => {
  it.each([
    ['no header', undefined, null],
    ['the cookie among others', `a=1; dirsync_console=${TOKEN}; b=2`, TOKEN],
    ['the secure name', `__Host-dirsync_console=${TOKEN}`, TOKEN],
    ['another cookie only', `other=${TOKEN}`, null],
    ['a value that cannot be a token', 'dirsync_console=x;y', null],
  ])('%s', (_case, header, token) => {
    expect(sessionTokenFromCookies(header)).toBe(token);
  });
});

describe(csrfProblem.name, () => {
  const base = {
    method: 'POST',
    expectedToken: 'csrf-1',
    givenToken: 'csrf-1',
    origin: 'http://127.0.0.1:3000',
    host: '127.0.0.1:3000',
    secure: false,
  };

  it.each([
    ['a read', { method: 'GET', givenToken: undefined, origin: 'https://evil.example' }, false],
    ['a change from the console', {}, false],
    ['a change without Origin (not a browser) with the token', { origin: undefined }, false],
    ['a change without the token', { givenToken: undefined }, true],
    ['a change with a wrong token', { givenToken: 'csrf-2' }, true],
    ['a change from another site', { origin: 'https://evil.example' }, true],
    ['a change from http when the console is https', { secure: true }, true],
  ])('%s', (_case, change, refused) => {
    expect(csrfProblem({ ...base, ...change }) !== null).toBe(refused);
  });
});
