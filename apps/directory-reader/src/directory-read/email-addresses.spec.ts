import { parseEmailAddresses } from './email-addresses';

describe(parseEmailAddresses.name, () => {
  it.each([
    ['one value', 'mail', ['jdoe@example.com'], ['jdoe@example.com']],
    [
      'several values',
      'mail',
      ['a@example.com', 'b@example.com'],
      ['a@example.com', 'b@example.com'],
    ],
    [
      'a comma-separated value (the demo rjimenez)',
      'mail',
      ['rosa.jimenez@example.com, r.jimenez@example.com'],
      ['rosa.jimenez@example.com', 'r.jimenez@example.com'],
    ],
    ['spaces and empty parts', 'mail', ['  a@example.com ,, ', ' '], ['a@example.com']],
    [
      'duplicates in another case',
      'mail',
      ['GKim@Example.com', 'gkim@example.com'],
      ['GKim@Example.com'],
    ],
    [
      'duplicates across values and commas',
      'mail',
      ['a@x.com,b@x.com', 'B@X.com', 'c@x.com'],
      ['a@x.com', 'b@x.com', 'c@x.com'],
    ],
    ['no value', 'mail', [], []],
    [
      'proxyAddresses: primary first, other types dropped',
      'proxyAddresses',
      [
        'smtp:jdoe@old.example.com',
        'X500:/o=Example/ou=Exchange/cn=Recipients/cn=jdoe',
        'SMTP:john.doe@example.com',
        'SIP:jdoe@example.com',
        'smtp:jdoe@example.com',
      ],
      ['john.doe@example.com', 'jdoe@old.example.com', 'jdoe@example.com'],
    ],
    [
      'proxyAddresses: attribute name in any case',
      'PROXYADDRESSES',
      ['smtp:a@x.com', 'SMTP:b@x.com'],
      ['b@x.com', 'a@x.com'],
    ],
    ['proxyAddresses: no primary', 'proxyAddresses', ['smtp:a@x.com', 'smtp:A@X.com'], ['a@x.com']],
    [
      'proxyAddresses: only other types',
      'proxyAddresses',
      ['X400:c=US;a= ;p=Example', 'SIP:a@x.com'],
      [],
    ],
    [
      'proxyAddresses: an smtp prefix inside a mail value is kept as text',
      'mail',
      ['SMTP:a@x.com'],
      ['SMTP:a@x.com'],
    ],
  ])('%s', (_case, attribute, values, expected) => {
    expect(parseEmailAddresses(attribute, values)).toEqual(expected);
  });
});
