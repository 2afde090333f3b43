import { identityLookups } from './identity-claims';

describe(identityLookups.name, () => {
  it.each([
    {
      case: 'upn then the sAMAccountName of unique_name',
      claims: {
        upn: 'jdoe@example.com',
        unique_name: 'EXAMPLE\\jdoe',
        email: 'john.doe@example.com',
      },
      localPartOnly: false,
      userNames: ['jdoe@example.com', 'jdoe'],
      emailAddress: 'john.doe@example.com',
      label: 'jdoe@example.com',
    },
    {
      case: 'local part only: the names as the sync stored them, once',
      claims: { upn: 'JDoe@example.com', unique_name: 'EXAMPLE\\jdoe' },
      localPartOnly: true,
      userNames: ['JDoe'],
      emailAddress: null,
      label: 'JDoe@example.com',
    },
    {
      case: 'unique_name in UPN form',
      claims: { unique_name: 'jdoe@example.com' },
      localPartOnly: true,
      userNames: ['jdoe'],
      emailAddress: null,
      label: 'jdoe@example.com',
    },
    {
      case: 'only an e-mail address',
      claims: { email: 'jdoe@example.com' },
      localPartOnly: false,
      userNames: [],
      emailAddress: 'jdoe@example.com',
      label: 'jdoe@example.com',
    },
    {
      case: 'no usable claim (wrong types, blanks, a malformed address)',
      claims: { upn: 42, unique_name: '   ', email: 'not-an-address' },
      localPartOnly: false,
      userNames: [],
      emailAddress: null,
      label: 'not-an-address',
    },
    {
      case: 'a name too long to be stored',
      claims: { upn: `${'x'.repeat(600)}@example.com` },
      localPartOnly: false,
      userNames: [],
      emailAddress: null,
      label: `${'x'.repeat(600)}@example.com`,
    },
  ])('$case', ({ claims, localPartOnly, userNames, emailAddress, label }) => {
    expect(identityLookups(claims, localPartOnly)).toEqual({ userNames, emailAddress, label });
  });
});
