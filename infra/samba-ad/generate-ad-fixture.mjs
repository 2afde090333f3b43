#!/usr/bin/env node
// Generates infra/samba-ad/ad-fixture.ldif, the Active Directory fixture that
// infra/samba-ad.sh loads with ldbadd into the freshly provisioned domain
// (EXAMPLE.COM, DC=example,DC=com) before Samba starts. README.md beside this
// file describes every entry. Deterministic: regenerating without a change in
// this file gives the same bytes, so the LDIF can be committed.
//
//   node infra/samba-ad/generate-ad-fixture.mjs           write the LDIF
//   node infra/samba-ad/generate-ad-fixture.mjs --stdout  print it
//   node infra/samba-ad/generate-ad-fixture.mjs --check   fail if the committed file is stale
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const OUTPUT = fileURLToPath(new URL('./ad-fixture.ldif', import.meta.url));
const DOMAIN = 'DC=example,DC=com';
const STAFF = `OU=Staff,${DOMAIN}`;
const PARTNERS = `OU=Partners,${DOMAIN}`;
const PARTNER_LEADS = `OU=Leads,${PARTNERS}`;
const GROUPS = `OU=Groups,${DOMAIN}`;
const CONTACTS = `OU=Contacts,${DOMAIN}`;
const BULK = `OU=Bulk,${DOMAIN}`;
// More than 1,500: Windows returns at most 1,500 values of `member` per read
// (MaxValRange), so the group can only be read whole with ranged reads.
const BULK_USERS = 1600;

const UAC_NORMAL_ACCOUNT = 0x200;
const UAC_ACCOUNTDISABLE = 0x2;

// The seed's AD sample binds as Administrator@example.com / MySecretPassword;
// that password fails AD's complexity rule, so the fixture turns it off.
const domainChanges = `dn: ${DOMAIN}
changetype: modify
replace: pwdProperties
pwdProperties: 0
-
replace: minPwdLength
minPwdLength: 0
-

dn: CN=Administrator,CN=Users,${DOMAIN}
changetype: modify
replace: unicodePwd
unicodePwd:: ${unicodePwd('MySecretPassword')}
-
`;

/** AD takes a password as the UTF-16LE bytes of the quoted string. */
function unicodePwd(password) {
  return Buffer.from(`"${password}"`, 'utf16le').toString('base64');
}

function ou(dn) {
  return { dn, objectClass: ['top', 'organizationalUnit'] };
}

function user(parent, cn, sam, upn, extra = {}) {
  const { password, disabled, mustChangePassword, ...attributes } = extra;
  const entry = {
    dn: `CN=${cn},${parent}`,
    objectClass: ['top', 'person', 'organizationalPerson', 'user'],
    sAMAccountName: sam,
    userPrincipalName: upn,
    displayName: cn,
    userAccountControl: String(UAC_NORMAL_ACCOUNT | (disabled ? UAC_ACCOUNTDISABLE : 0)),
    ...attributes,
  };
  if (password) entry['unicodePwd::'] = unicodePwd(password);
  // 0 = "User must change password at next logon" (set after the password).
  if (mustChangePassword) entry.pwdLastSet = '0';
  return entry;
}

function group(parent, cn, members, description) {
  return {
    dn: `CN=${cn},${parent}`,
    objectClass: ['top', 'group'],
    sAMAccountName: cn.replace(/[^A-Za-z0-9]/g, '').slice(0, 20),
    ...(description ? { description } : {}),
    member: members.map((entry) => entry.dn),
  };
}

// Users with known passwords (what sign-in tests use).
const alice = user(STAFF, 'Alice Adams', 'aadams', 'alice@example.com', {
  password: 'Alice-Pass1',
  mail: 'alice@example.com',
  // Stored with the primary (SMTP:) value neither first nor last: a reader
  // must put it first itself. X500: and SIP: are not e-mail addresses.
  proxyAddresses: [
    'smtp:a.adams@example.com',
    'X500:/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients/cn=alice',
    'SMTP:alice@example.com',
    'SIP:alice@example.com',
    'smtp:alice.adams@example.net',
  ],
});
const bob = user(STAFF, 'Bob Brown', 'bbrown', 'bob@example.com', {
  password: 'Bob-Pass1',
  mail: 'bob@example.com',
  proxyAddresses: ['SMTP:bob@example.com', 'smtp:bob.brown@example.com'],
});
// Same local part as chris.partner below, different UPN suffix.
const chrisStaff = user(STAFF, 'Chris Clark', 'cclark', 'chris@example.com', {
  password: 'Chris-Pass1',
  mail: 'chris@example.com',
  proxyAddresses: ['SMTP:chris@example.com'],
});
const disabled = user(STAFF, 'Dana Disabled', 'ddisabled', 'dana@example.com', {
  password: 'Dana-Pass1',
  disabled: true,
  mail: 'dana@example.com',
  proxyAddresses: ['SMTP:dana@example.com'],
});
const mustChange = user(STAFF, 'Morgan Mustchange', 'mmustchange', 'morgan@example.com', {
  password: 'Morgan-Pass1',
  mustChangePassword: true,
  mail: 'morgan@example.com',
  proxyAddresses: ['SMTP:morgan@example.com'],
});
// In no synchronized group: out of scope of "MailStore Users".
const outsider = user(STAFF, 'Olga Outsider', 'ooutsider', 'olga@example.com', {
  password: 'Olga-Pass1',
  mail: 'olga@example.com',
});
const chrisPartner = user(PARTNERS, 'Chris Cole', 'ccole', 'chris@partner.example.org', {
  password: 'Cole-Pass1',
  mail: 'chris@partner.example.org',
  proxyAddresses: ['SMTP:chris@partner.example.org'],
});
const pat = user(PARTNER_LEADS, 'Pat Partner', 'ppartner', 'pat@partner.example.org', {
  password: 'Pat-Pass1',
  mail: 'pat@partner.example.org',
  proxyAddresses: ['SIP:pat@partner.example.org', 'SMTP:pat@partner.example.org'],
});

// objectClass contact: objectCategory Person like users, but no account.
const contact = {
  dn: `CN=Carla Contact,${CONTACTS}`,
  objectClass: ['top', 'person', 'organizationalPerson', 'contact'],
  displayName: 'Carla Contact',
  mail: 'carla@vendor.example.net',
  proxyAddresses: ['SMTP:carla@vendor.example.net'],
};

const bulk = Array.from({ length: BULK_USERS }, (_, index) => {
  const n = String(index + 1).padStart(4, '0');
  return user(BULK, `Bulk User ${n}`, `bulk${n}`, `bulk${n}@example.com`, {
    mail: `bulk${n}@example.com`,
  });
});

const partnerLeads = group(PARTNER_LEADS, 'Partner Leads', [pat], 'nested two levels deep');
const partnerStaff = group(PARTNERS, 'Partner Staff', [chrisPartner, partnerLeads], 'nested');
const mailStoreUsers = group(
  GROUPS,
  'MailStore Users',
  [alice, bob, chrisStaff, disabled, mustChange, contact, partnerStaff, ...bulk],
  'Users synchronized to MailStore',
);

const entries = [
  ou(STAFF),
  ou(PARTNERS),
  ou(PARTNER_LEADS),
  ou(GROUPS),
  ou(CONTACTS),
  ou(BULK),
  alice,
  bob,
  chrisStaff,
  disabled,
  mustChange,
  outsider,
  chrisPartner,
  pat,
  contact,
  ...bulk,
  partnerLeads,
  partnerStaff,
  mailStoreUsers,
];

function ldif(entry) {
  const lines = [`dn: ${entry.dn}`, 'changetype: add'];
  for (const [key, value] of Object.entries(entry)) {
    if (key === 'dn') continue;
    const [name, separator] = key.endsWith('::') ? [key.slice(0, -2), '::'] : [key, ':'];
    for (const one of Array.isArray(value) ? value : [value])
      lines.push(`${name}${separator} ${one}`);
  }
  return lines.join('\n');
}

// One file for ldbmodify: the domain's changes, then the entries (parents first).
const output = `# Generated by infra/samba-ad/generate-ad-fixture.mjs; do not edit.
${domainChanges}
${entries.map(ldif).join('\n\n')}
`;

const mode = process.argv[2];
if (mode === '--stdout') process.stdout.write(output);
else if (mode === '--check') {
  if (readFileSync(OUTPUT, 'utf8') !== output) {
    console.error(`${OUTPUT} is stale: run node infra/samba-ad/generate-ad-fixture.mjs`);
    process.exit(1);
  }
} else writeFileSync(OUTPUT, output);
