import { QueryFailedError } from 'typeorm';
import { uniqueViolationAsConflict } from './unique-violation';

function pgError(fields: Record<string, string>) {
  return new QueryFailedError('INSERT …', [], Object.assign(new Error('duplicate key'), fields));
}

describe(uniqueViolationAsConflict.name, () => {
  it('turns a duplicate address into a conflict naming the address', () => {
    const sut = uniqueViolationAsConflict(
      pgError({
        code: '23505',
        constraint: 'user_email_addresses_address_lower_key',
        detail: 'Key (lower(address))=(ann@example.com) already exists.',
      }),
    );

    expect(sut).toMatchObject({
      code: 'conflict',
      status: 409,
      message: 'an e-mail address already belongs to another user',
      details: {
        constraint: 'user_email_addresses_address_lower_key',
        detail: 'Key (lower(address))=(ann@example.com) already exists.',
      },
    });
  });

  it('names the user name index', () => {
    const sut = uniqueViolationAsConflict(
      pgError({ code: '23505', constraint: 'users_user_name_lower_key' }),
    );

    expect(sut?.message).toMatch(/user name is already taken/);
  });

  it('still reports an index it does not know as a conflict', () => {
    expect(
      uniqueViolationAsConflict(pgError({ code: '23505', constraint: 'other_key' }))?.code,
    ).toBe('conflict');
  });

  it.each([
    [
      'another database error',
      pgError({ code: '23503', constraint: 'user_email_addresses_user_id_fkey' }),
    ],
    ['an error that is not from the database', new Error('boom')],
  ])('leaves %s alone', (_, error) => {
    expect(uniqueViolationAsConflict(error)).toBeUndefined();
  });
});
