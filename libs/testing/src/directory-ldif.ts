import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { once } from 'node:events';

export const GENERATED_SUFFIX = 'dc=example,dc=com';

export const generatedUserUid = (i: number) => `user${String(i).padStart(6, '0')}`;
export const generatedUserDn = (i: number) =>
  `uid=${generatedUserUid(i)},ou=people,${GENERATED_SUFFIX}`;

/**
 * Writes an LDIF of `users` people (inetOrgPerson + posixAccount, one mail
 * each), all members of `cn=MailStore Users` (member DNs), for slapadd into
 * a slapd of a test's or benchmark's own; with `password`, each user can
 * bind with it (stored in clear: slapd compares it as is). Streamed: 100,000 users never sit
 * in memory as one string.
 */
export async function writeUsersDirectoryLdif(
  path: string,
  users: number,
  options: { password?: string } = {},
): Promise<void> {
  // `.state/` exists only once the servers were started from this checkout.
  await mkdir(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(
    [
      `dn: ${GENERATED_SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example Corp\n`,
      `dn: ou=people,${GENERATED_SUFFIX}\nobjectClass: organizationalUnit\nou: people\n`,
      `dn: ou=groups,${GENERATED_SUFFIX}\nobjectClass: organizationalUnit\nou: groups\n`,
    ].join('\n'),
  );
  for (let i = 0; i < users; i += 1) {
    const uid = generatedUserUid(i);
    await write(
      `\ndn: ${generatedUserDn(i)}\nobjectClass: inetOrgPerson\nobjectClass: posixAccount\nuid: ${uid}\n` +
        `cn: User ${i}\nsn: ${i}\ndisplayName: User ${i}\nmail: ${uid}@example.com\n` +
        `uidNumber: ${10_000 + i}\ngidNumber: 10000\nhomeDirectory: /home/${uid}\n` +
        (options.password ? `userPassword: ${options.password}\n` : ''),
    );
  }
  await write(
    `\ndn: cn=MailStore Users,ou=groups,${GENERATED_SUFFIX}\nobjectClass: posixGroup\nobjectClass: dirsyncMemberGroup\n` +
      `cn: MailStore Users\ngidNumber: 10000\n`,
  );
  for (let i = 0; i < users; i += 1) await write(`member: ${generatedUserDn(i)}\n`);
  out.end();
  await once(out, 'finish');
}
