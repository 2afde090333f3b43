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
    for (const typed of ['jdoe', 'JDoe', ' jdoe ']) sut.recordFailure(typed, `10.0.0.${typed.length}`);
    now = 15_500;
    const error = captureError(() => sut.assertAllowed('JDOE', '10.9.9.9'));
    expect(error).toBeInstanceOf(TooManyAttemptsError);
    expect(error).toMatchObject({ status: 429, code: 'too-many-attempts', retryAfterSeconds: 45 });
  });

  it('does not slow down other users or other addresses', () => {
    for (let i = 0; i < 3; i += 1) sut.recordFailure('victim', '10.0.0.1');
    expect(() => sut.assertAllowed('someone-else', '10.0.0.2')).not.toThrow();
  });

  it('refuses an address that tries many user names', () => {
    for (let i = 0; i < 5; i += 1) sut.recordFailure(`user${i}`, '10.0.0.66');
    expect(() => sut.assertAllowed('user-never-tried', '10.0.0.66')).toThrow(TooManyAttemptsError);
    expect(() => sut.assertAllowed('user-never-tried', '10.0.0.67')).not.toThrow();
  });

  it("clears the user name's failures on success but not the address's", () => {
    for (let i = 0; i < 2; i += 1) sut.recordFailure('jdoe', '10.0.0.1');
    sut.recordSuccess('jdoe');
    for (let i = 0; i < 2; i += 1) sut.recordFailure('jdoe', '10.0.0.1');
    expect(() => sut.assertAllowed('jdoe', '10.0.0.1')).not.toThrow();
    sut.recordFailure('other', '10.0.0.1');
    expect(() => sut.assertAllowed('third', '10.0.0.1')).toThrow(TooManyAttemptsError);
  });

  it('works without a client address', () => {
    sut.recordFailure('jdoe', null);
    expect(() => sut.assertAllowed('jdoe', null)).not.toThrow();
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
