import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { DirectorySettings } from '@dirsync/contracts';
import { DirectoryReadService } from '../apps/directory-reader/src/directory-read/directory-read.service';
import { LdapDirectoryClient } from '../apps/directory-reader/src/directory-read/ldap-directory.client';

/**
 * One directory read in a process of its own, so its peak RSS is the
 * reader's alone. Pages are serialized like the RabbitMQ replies would be,
 * then dropped. Prints one JSON line: time, counts, peak RSS.
 */
async function main() {
  Logger.overrideLogger(false);
  const settings = JSON.parse(process.argv[2] ?? '') as DirectorySettings;
  const sut = new DirectoryReadService(new LdapDirectoryClient());
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  let users = 0;
  let bytes = 0;
  let summary: { usersInScope: number; groupsRead: number; warnings: unknown[] } | undefined;
  for await (const page of sut.read({ runId: 'bench', settings })) {
    bytes += JSON.stringify(page).length;
    users += page.users.length;
    summary = page.summary ?? summary;
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = process.cpuUsage();
  const readCpu = process.cpuUsage(cpuBefore);
  if (!summary) throw new Error('the read ended without its summary');
  const result = {
    ms,
    users,
    groups: summary.groupsRead,
    warnings: summary.warnings.length,
    replyMegabytes: bytes / 1e6,
    // The process's CPU (user + system) over its whole life: on a shared machine it varies
    // less than the wall-clock time, and it counts the garbage collector's threads too.
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    // The same from the start of the read (start-up and module loading left out).
    readCpuSeconds: (readCpu.user + readCpu.system) / 1e6,
    // resourceUsage().maxRSS is in kilobytes.
    peakRssMegabytes: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
