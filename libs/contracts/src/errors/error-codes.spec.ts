import { ERROR_CODES, httpStatusForCode, isErrorCode } from './error-codes';

describe('ERROR_CODES', () => {
  const entries = Object.entries(ERROR_CODES);

  it.each(entries)('%s has an HTTP error status and a meaning', (_, { status, meaning }) => {
    expect(Number.isInteger(status) && status >= 400 && status <= 599).toBe(true);
    expect(meaning.trim().length).toBeGreaterThan(10);
  });

  it('names codes in kebab case', () => {
    for (const [code] of entries) expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });
});

describe(httpStatusForCode.name, () => {
  it.each([
    ['sync-group-not-found', 422],
    ['ldap-invalid-credentials', 422],
    ['stale-plan', 409],
    ['invalid-message', 400],
  ])('gives %s the status of the registry (%i)', (code, status) => {
    expect(httpStatusForCode(code)).toBe(status);
  });

  it('answers a code it does not know as the other side’s trouble (502)', () => {
    expect(isErrorCode('from-a-newer-version')).toBe(false);
    expect(httpStatusForCode('from-a-newer-version')).toBe(502);
  });

  it('does not take inherited properties for codes', () => {
    expect(isErrorCode('constructor')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
  });
});
