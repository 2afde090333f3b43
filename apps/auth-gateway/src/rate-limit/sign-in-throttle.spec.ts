import { SignInThrottle, TooManyAttemptsError } from './sign-in-throttle';

describe(SignInThrottle.name, () => {
  let now = 0;
  const options = { windowMs: 60_000, maxFailuresPerUser: 3, maxFailuresPerClient: 5 };
  let sut: SignInThrottle;

  beforeEach(() => {
    now = 0;
    sut = new SignInThrottle(options, () => now);
  });

  it('refuses a user name after its failures, whatever the case or spaces, with the seconds to wait', () => {
    for (const typed of ['jdoe', 'JDoe', ' jdoe ']) sut.begin(typed, `10.0.0.${typed.length}`);
    now = 15_500;
    const error = captureError(() => sut.begin('JDOE', '10.9.9.9'));
    expect(error).toBeInstanceOf(TooManyAttemptsError);
    expect(error).toMatchObject({ status: 429, code: 'too-many-attempts', retryAfterSeconds: 45 });
  });

  it('counts attempts as they start, so a burst of parallel guesses cannot all get through', () => {
    const admitted = Array.from({ length: 10 }, () => {
      try {
        return sut.begin('victim', null);
      } catch {
        return null;
      }
    }).filter(Boolean);
    expect(admitted).toHaveLength(3);
  });

  it('does not slow down other users or other addresses', () => {
    for (let i = 0; i < 3; i += 1) sut.begin('victim', '10.0.0.1');
    expect(() => sut.begin('someone-else', '10.0.0.2')).not.toThrow();
  });

  it('refuses an address that tries many user names', () => {
    for (let i = 0; i < 5; i += 1) sut.begin(`user${i}`, '10.0.0.66');
    expect(() => sut.begin('user-never-tried', '10.0.0.66')).toThrow(TooManyAttemptsError);
    expect(() => sut.begin('user-never-tried', '10.0.0.67')).not.toThrow();
  });

  it("on success clears the user name's failures and takes the attempt back, but keeps the address's failures", () => {
    for (let i = 0; i < 2; i += 1) sut.begin('jdoe', '10.0.0.1');
    sut.succeeded(sut.begin('jdoe', '10.0.0.1'));
    for (let i = 0; i < 2; i += 1) sut.begin('jdoe', '10.0.0.1');
    expect(() => sut.begin('third', '10.0.0.1')).not.toThrow(); // the address's 5th failure
    expect(() => sut.begin('fourth', '10.0.0.1')).toThrow(TooManyAttemptsError);
  });

  it('takes back attempts that judged no password (the directory was down)', () => {
    for (let i = 0; i < 10; i += 1) sut.notAGuess(sut.begin('jdoe', '10.0.0.1'));
    expect(() => sut.begin('jdoe', '10.0.0.1')).not.toThrow();
  });

  it('works without a client address', () => {
    sut.begin('jdoe', null);
    expect(() => sut.begin('jdoe', null)).not.toThrow();
  });
});

function captureError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
