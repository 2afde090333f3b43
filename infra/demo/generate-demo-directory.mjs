#!/usr/bin/env node
// Generates infra/demo/demo-directory.ldif, the fictional "Example Corp"
// directory that the demo and the end-to-end tests run against.
// Deterministic (fixed names, fixed per-user salts): regenerating without a
// change in this file gives the same bytes, so the LDIF can be committed.
//
//   node infra/demo/generate-demo-directory.mjs           write the LDIF
//   node infra/demo/generate-demo-directory.mjs --stdout  print it
//   node infra/demo/generate-demo-directory.mjs --check   fail if the committed file is stale
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const OUTPUT = fileURLToPath(new URL('./demo-directory.ldif', import.meta.url));
const SUFFIX = 'dc=example,dc=com';
const PEOPLE = `ou=people,${SUFFIX}`;
const GROUPS = `ou=groups,${SUFFIX}`;
const CONTRACTORS = `ou=contractors,${SUFFIX}`;
const DEMO_PASSWORD = 'demo-password';
const STAFF_GID = 10000;

// scope: 'mailstore' = direct member of MailStore Users, 'intern' = member of
// the nested group interns only, 'out' = in no synchronized group.
// mail: undefined = first.last@example.com, [] = no mail attribute, an array
// of several = several values; a single string with a comma stays one value.
const people = [
  { given: 'Amara', sn: 'Okafor', scope: 'mailstore' },
  {
    given: 'José',
    sn: 'García',
    scope: 'mailstore',
    mail: ['jose.garcia@example.com', 'jgarcia@example.com'],
  },
  { given: 'Mei', sn: 'Chen', scope: 'mailstore' },
  { given: 'Lars', sn: 'Johansson', scope: 'mailstore' },
  { given: 'Priya', sn: 'Raman', scope: 'mailstore' },
  { given: 'Kwame', sn: 'Mensah', scope: 'mailstore' },
  { given: 'Sofia', sn: 'Rossi', scope: 'mailstore' },
  { given: 'Hiroshi', sn: 'Tanaka', scope: 'mailstore' },
  { given: 'Fatima', sn: 'Al-Sayed', scope: 'mailstore' },
  { given: 'Liam', sn: "O'Brien", scope: 'mailstore' },
  { given: 'Ana', sn: 'Souza', scope: 'mailstore' },
  { given: 'Dmitri', sn: 'Volkov', scope: 'mailstore', mail: [] },
  {
    given: 'Chloé',
    sn: 'Dubois',
    scope: 'mailstore',
    mail: ['chloe.dubois@example.com', 'cdubois@example.com', 'chloe.dubois@example.net'],
  },
  { given: 'Arjun', sn: 'Mehta', scope: 'mailstore' },
  { given: 'Nia', sn: 'Williams', scope: 'mailstore' },
  {
    given: 'Mateo',
    sn: 'Fernández',
    scope: 'mailstore',
    mail: ['mateo.fernandez@example.com', 'sales-emea@example.com'],
  },
  { given: 'Yuki', sn: 'Sato', scope: 'mailstore' },
  { given: 'Olivia', sn: 'Brown', scope: 'mailstore' },
  { given: 'Tomasz', sn: 'Nowak', scope: 'mailstore' },
  { given: 'Aisha', sn: 'Bello', scope: 'mailstore' },
  { given: 'Ethan', sn: 'Clarke', scope: 'mailstore' },
  { given: 'Ingrid', sn: 'Larsen', scope: 'mailstore', mail: [] },
  { given: 'Rahul', sn: 'Verma', scope: 'mailstore' },
  {
    given: 'Grace',
    sn: 'Kim',
    scope: 'mailstore',
    mail: ['grace.kim@example.com', 'GKim@Example.com'],
  },
  { given: 'Mohammed', sn: 'Haddad', scope: 'mailstore' },
  { given: 'Elena', sn: 'Popescu', scope: 'mailstore' },
  { given: 'Samuel', sn: 'Osei', scope: 'mailstore' },
  { given: 'Hannah', sn: 'Müller', scope: 'mailstore' },
  { given: 'Diego', sn: 'Ramírez', scope: 'mailstore' },
  { given: 'Zara', sn: 'Ahmed', scope: 'mailstore' },
  { given: 'Noah', sn: 'Fischer', scope: 'mailstore', mail: [] },
  { given: 'Leila', sn: 'Karimi', scope: 'mailstore' },
  { given: 'Björn', sn: 'Andersson', scope: 'mailstore' },
  {
    given: 'Emily',
    sn: 'Nguyen',
    scope: 'mailstore',
    mail: ['emily.nguyen@example.com', 'support@example.com'],
  },
  { given: 'Kofi', sn: 'Boateng', scope: 'mailstore' },
  { given: 'Isabella', sn: 'Costa', scope: 'mailstore' },
  { given: 'Wei', sn: 'Zhang', scope: 'mailstore' },
  { given: 'Marta', sn: 'Kowalska', scope: 'mailstore' },
  {
    given: 'Rosa',
    sn: 'Jiménez',
    scope: 'mailstore',
    mail: ['rosa.jimenez@example.com, r.jimenez@example.com'],
  },
  // interns: reach MailStore Users only through the nested group
  { given: 'Saanvi', sn: 'Iyer', scope: 'intern' },
  { given: 'Oliver', sn: 'Schmidt', scope: 'intern' },
  { given: 'Ngozi', sn: 'Eze', scope: 'intern' },
  // out of scope: in no synchronized group (some in engineering or sales)
  { given: 'Lucas', sn: 'Martin', scope: 'out' },
  { given: 'Ayumi', sn: 'Watanabe', scope: 'out' },
  { given: 'Pedro', sn: 'Alves', scope: 'out', mail: [] },
  { given: 'Freya', sn: 'Nielsen', scope: 'out' },
  { given: 'Omar', sn: 'Farouk', scope: 'out' },
  { given: 'Jamal', sn: 'Carter', scope: 'out' },
];

// RDN cn=...: one cn holds a comma, escaped in every DN that names it.
const contractors = [
  { given: 'John', sn: 'Smith', cn: 'Smith, John', uid: 'jsmith', scope: 'mailstore' },
  { given: 'Oluwaseun', sn: 'Adeyemi', uid: 'oadeyemi', scope: 'mailstore' },
];

const engineeringUids = [
  'mchen',
  'ljohansson',
  'praman',
  'htanaka',
  'amehta',
  'ysato',
  'tnowak',
  'rverma',
  'wzhang',
  'oschmidt',
  'lmartin',
  'awatanabe',
];
const salesUids = [
  'mfernandez',
  'aokafor',
  'srossi',
  'gkim',
  'kmensah',
  'icosta',
  'fnielsen',
  'ofarouk',
];

const ascii = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
const slug = (s) =>
  ascii(s)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

// RFC 4514: escape the characters that would end or change an RDN value.
const escapeDnValue = (v) =>
  v
    .replace(/[,+"\\<>;=]/g, (c) => `\\${c}`)
    .replace(/^[ #]/, (c) => `\\${c}`)
    .replace(/ $/, '\\ ');

// {SSHA} = base64(sha1(password + salt) + salt); the salt comes from the uid.
const ssha = (password, uid) => {
  const salt = createHash('sha1').update(`dirsync-demo-salt:${uid}`).digest().subarray(0, 8);
  const digest = createHash('sha1').update(password).update(salt).digest();
  return `{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`;
};

// RFC 2849: values that are not SAFE-STRINGs (e.g. UTF-8) are base64 encoded.
const line = (attr, value) => {
  const text = String(value);
  const safe =
    /^[\x01-\x09\x0b\x0c\x0e-\x1f\x21-\x39\x3b\x3d-\x7f][\x01-\x09\x0b\x0c\x0e-\x7f]*$/.test(
      text,
    ) && !text.endsWith(' ');
  if (safe) return `${attr}: ${text}`;
  return `# ${attr}: ${text}\n${attr}:: ${Buffer.from(text, 'utf8').toString('base64')}`;
};

const entry = (dn, attrs) => {
  const lines = [line('dn', dn)];
  for (const [attr, value] of attrs) {
    for (const v of Array.isArray(value) ? value : [value]) lines.push(line(attr, v));
  }
  return lines.join('\n');
};

const accounts = [
  ...people.map((p) => ({
    ...p,
    uid: p.uid ?? `${slug(p.given[0])}${slug(p.sn)}`,
    parent: PEOPLE,
    rdn: 'uid',
  })),
  ...contractors.map((p) => ({ ...p, parent: CONTRACTORS, rdn: 'cn' })),
].map((p, i) => {
  const cn = p.cn ?? `${p.given} ${p.sn}`;
  const mail = p.mail ?? [`${slug(p.given)}.${slug(p.sn)}@example.com`];
  const dn = `${p.rdn}=${escapeDnValue(p.rdn === 'uid' ? p.uid : cn)},${p.parent}`;
  return { ...p, cn, mail, dn, uidNumber: 10001 + i };
});

const seen = new Set();
for (const a of accounts) {
  if (seen.has(a.uid)) throw new Error(`duplicate uid ${a.uid}`);
  seen.add(a.uid);
}
const byUid = new Map(accounts.map((a) => [a.uid, a]));
const pick = (uids) =>
  uids.map((uid) => {
    const a = byUid.get(uid);
    if (!a) throw new Error(`unknown uid ${uid}`);
    return a;
  });

const mailstore = accounts.filter((a) => a.scope === 'mailstore');
const interns = accounts.filter((a) => a.scope === 'intern');
const engineering = pick(engineeringUids);
const sales = pick(salesUids);
const special = {
  noMail: accounts.filter((a) => a.mail.length === 0),
  multiMail: accounts.filter((a) => a.mail.length > 1),
  commaMail: accounts.filter((a) => a.mail.some((m) => m.includes(','))),
  outOfScope: accounts.filter((a) => a.scope === 'out'),
};
const uids = (list) => list.map((a) => a.uid).join(', ');

const row = (label, value) => `#   ${label.padEnd(44, '.')} ${value}`;
const header = [
  '# Example Corp demo directory for dirsync (fictional people).',
  '# GENERATED by infra/demo/generate-demo-directory.mjs; edit that file, not this one.',
  '# Loaded by infra/slapd.sh (slapadd) and by the openldap service of docker-compose.yml.',
  '#',
  `# Admin (rootdn): cn=admin,${SUFFIX} / MySecretPassword (the product spec's OpenLDAP sample)`,
  `# Every person's password: ${DEMO_PASSWORD}   (userPassword is {SSHA})`,
  '#',
  `# ${accounts.length} people (inetOrgPerson + posixAccount): ${accounts.length - contractors.length} in ou=people (RDN uid), ` +
    `${contractors.length} in ou=contractors (RDN cn).`,
  '# Special cases, for tests and for the demo:',
  row(`no mail attribute (${special.noMail.length}) `, uids(special.noMail)),
  row(`two or three mail values (${special.multiMail.length}) `, uids(special.multiMail)),
  row(`one mail value "a@..., b@..." (${special.commaMail.length}) `, uids(special.commaMail)),
  row('escaped comma in the DN (jsmith) ', byUid.get('jsmith').dn),
  row(
    `people in ou=contractors (${contractors.length}) `,
    uids(accounts.filter((a) => a.parent === CONTRACTORS)),
  ),
  row(`only via nested group interns (${interns.length}) `, uids(interns)),
  row(`in no synchronized group (${special.outOfScope.length}) `, uids(special.outOfScope)),
  '# Groups (ou=groups):',
  `#   MailStore Users  posixGroup + dirsyncMemberGroup: ${mailstore.length} people as member DNs AND memberUid,`,
  '#                    plus the nested group interns (member: cn=interns,... and memberUid: interns)',
  `#   interns          posixGroup + dirsyncMemberGroup: ${interns.length} people, member DNs and memberUid`,
  `#   engineering      posixGroup, memberUid only (${engineering.length} people)`,
  `#   sales            groupOfNames, member DNs only (${sales.length} people)`,
  '# Values that are not plain ASCII are base64 (RFC 2849); a comment above each shows the text.',
  '',
].join('\n');

const entries = [
  entry(SUFFIX, [
    ['objectClass', ['top', 'dcObject', 'organization']],
    ['dc', 'example'],
    ['o', 'Example Corp'],
  ]),
  entry(PEOPLE, [
    ['objectClass', ['top', 'organizationalUnit']],
    ['ou', 'people'],
    ['description', 'Employees'],
  ]),
  entry(GROUPS, [
    ['objectClass', ['top', 'organizationalUnit']],
    ['ou', 'groups'],
    ['description', 'Groups'],
  ]),
  entry(CONTRACTORS, [
    ['objectClass', ['top', 'organizationalUnit']],
    ['ou', 'contractors'],
    ['description', 'External contractors'],
  ]),
  ...accounts.map((a) =>
    entry(a.dn, [
      ['objectClass', ['top', 'person', 'organizationalPerson', 'inetOrgPerson', 'posixAccount']],
      ['uid', a.uid],
      ['cn', a.cn],
      ['sn', a.sn],
      ['givenName', a.given],
      ['displayName', `${a.given} ${a.sn}`],
      ['mail', a.mail],
      ['uidNumber', a.uidNumber],
      ['gidNumber', STAFF_GID],
      ['homeDirectory', `/home/${a.uid}`],
      ['loginShell', '/bin/bash'],
      ['userPassword', ssha(DEMO_PASSWORD, a.uid)],
    ]),
  ),
  entry(`cn=interns,${GROUPS}`, [
    ['objectClass', ['top', 'posixGroup', 'dirsyncMemberGroup']],
    ['cn', 'interns'],
    ['gidNumber', 20002],
    ['description', 'Interns; a nested member of MailStore Users'],
    ['member', interns.map((a) => a.dn)],
    ['memberUid', interns.map((a) => a.uid)],
  ]),
  entry(`cn=MailStore Users,${GROUPS}`, [
    ['objectClass', ['top', 'posixGroup', 'dirsyncMemberGroup']],
    ['cn', 'MailStore Users'],
    ['gidNumber', 20001],
    ['description', 'Everyone whose mailbox is archived'],
    ['member', [...mailstore.map((a) => a.dn), `cn=interns,${GROUPS}`]],
    ['memberUid', [...mailstore.map((a) => a.uid), 'interns']],
  ]),
  entry(`cn=engineering,${GROUPS}`, [
    ['objectClass', ['top', 'posixGroup']],
    ['cn', 'engineering'],
    ['gidNumber', 20003],
    ['description', 'Engineering department (memberUid only)'],
    ['memberUid', engineering.map((a) => a.uid)],
  ]),
  entry(`cn=sales,${GROUPS}`, [
    ['objectClass', ['top', 'groupOfNames']],
    ['cn', 'sales'],
    ['description', 'Sales department (member DNs only)'],
    ['member', sales.map((a) => a.dn)],
  ]),
];

const ldif = `${header}\n${entries.join('\n\n')}\n`;

const mode = process.argv[2];
if (mode === '--stdout') {
  process.stdout.write(ldif);
} else if (mode === '--check') {
  const current = readFileSync(OUTPUT, 'utf8');
  if (current !== ldif) {
    console.error(`${OUTPUT} is stale: run node infra/demo/generate-demo-directory.mjs`);
    process.exit(1);
  }
} else if (mode === undefined) {
  writeFileSync(OUTPUT, ldif);
  console.error(`wrote ${OUTPUT} (${accounts.length} people)`);
} else {
  console.error('usage: generate-demo-directory.mjs [--stdout|--check]');
  process.exit(2);
}
