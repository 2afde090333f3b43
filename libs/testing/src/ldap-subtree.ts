import { type Client, NoSuchObjectError } from 'ldapts';

/** Deletes an entry and everything below it, deepest first. */
export async function deleteSubtree(client: Client, dn: string): Promise<void> {
  const { searchEntries } = await client.search(dn, {
    scope: 'sub',
    attributes: ['1.1'],
    paged: { pageSize: 1000 },
    timeLimit: 0,
  });
  const deepestFirst = searchEntries.map((entry) => entry.dn).sort((a, b) => depth(b) - depth(a));
  for (const entry of deepestFirst) await client.del(entry);
}

/** RDNs in a DN; an escaped comma (`cn=Smith\, John`) does not separate two. */
function depth(dn: string): number {
  return dn.split(/(?<!\\),/).length;
}

/** The OU name of a test fixture: the prefix, the owning process, a random part. */
export function fixtureOuName(prefix: string, random: string): string {
  return `${prefix}-${process.pid}-${random}`;
}

/**
 * Deletes the fixture OUs (`ou=<prefix>-<pid>-…` under `suffix`) whose
 * process is gone: a test run that was interrupted never removed its own,
 * and a stale copy of a test's people makes the next run's searches find
 * two of them. OUs of live processes (parallel Jest workers) are left alone.
 */
export async function removeAbandonedFixtures(
  client: Client,
  suffix: string,
  prefix: string,
): Promise<void> {
  const { searchEntries } = await client.search(suffix, {
    scope: 'one',
    filter: `(ou=${prefix}-*)`,
    attributes: ['ou'],
  });
  for (const entry of searchEntries) {
    const pid = Number(/^ou=[^-]+-(\d+)-/i.exec(entry.dn)?.[1]);
    if (!Number.isInteger(pid) || isAlive(pid)) continue;
    try {
      await deleteSubtree(client, entry.dn);
    } catch (error) {
      // Another worker cleaning up at the same moment got there first.
      if (!(error instanceof NoSuchObjectError)) throw error;
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
