/**
 * Password sign-in benchmark (issue "The message backbone … sign-in at the
 * speed of a bind", item 3): a slapd of its own with generated users (all
 * with one password), the five services as built after a sync, and in the
 * same run raw ldapts simple binds on the same slapd (a new connection each,
 * and connections re-binding). Prints successful operations per second and
 * p50/p99 at 1, 16 and 64 concurrent clients; each sign-in client is a
 * distinct user (the per-user limit is not what is measured). Rounds are
 * alternated and their medians printed.
 *
 *   npm run bench:sign-in              (starts the test servers and builds first)
 *   node dist/bench/sign-in.bench.js [--users N] [--seconds S] [--rounds R]
 */
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { Client } from 'ldapts';
import {
  DirsyncSystem,
  generatedUserDn,
  generatedUserUid,
  openLdapSampleSettings,
  PrivateServer,
  REPO_ROOT,
  seedAdminConnection,
  writeUsersDirectoryLdif,
} from '@dirsync/testing';

const PASSWORD = 'Bench-Password-1';
const CONCURRENCY = [1, 16, 64];

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
}

/**
 * `clients` loops, each calling `operation(client)` until `seconds` have
 * passed; every call must succeed (a failure throws: the figures would lie).
 */
async function measure(
  clients: number,
  seconds: number,
  operation: (client: number) => Promise<void>,
): Promise<Figures> {
  const ms: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await operation(client);
        ms.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  ms.sort((a, b) => a - b);
  return {
    perSecond: ms.length / elapsed,
    p50: ms[Math.floor(ms.length * 0.5)] ?? NaN,
    p99: ms[Math.floor(ms.length * 0.99)] ?? NaN,
  };
}

/** POST /api/v1/sessions/password over kept-alive HTTP connections; resolves with the status. */
function signInCaller(port: number, clients: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const call = (userName: string) =>
    new Promise<number>((resolve, reject) => {
      const body = JSON.stringify({ userName, password: PASSWORD });
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/v1/sessions/password',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return { call, close: () => agent.destroy() };
}

async function main() {
  const users = option('users', 1_000);
  const seconds = option('seconds', 3);
  const rounds = option('rounds', 3);
  const ldif = join(REPO_ROOT, '.state', `bench-sign-in-${process.pid}.ldif`);
  await writeUsersDirectoryLdif(ldif, users, { password: PASSWORD });
  const slapd = await PrivateServer.slapd(ldif);
  const ldapPort = slapd.ports['ldap'] ?? 0;
  const url = `ldap://127.0.0.1:${ldapPort}`;
  const system = await DirsyncSystem.start({ env: { LOG_LEVEL: 'warn' } });
  const results = new Map<string, Figures[]>();
  const note = (row: string, figures: Figures) => {
    results.set(row, [...(results.get(row) ?? []), figures]);
    console.log(
      `${row}: ${figures.perSecond.toFixed(0)}/s p50 ${figures.p50.toFixed(2)} ms p99 ${figures.p99.toFixed(2)} ms`,
    );
  };
  try {
    const saved = await system.admin(
      'PUT',
      '/directory/settings',
      openLdapSampleSettings(seedAdminConnection('127.0.0.1', ldapPort)),
    );
    if (saved.status !== 200) throw new Error(`settings: ${saved.status}`);
    const sync = await system.admin('POST', '/directory/sync?wait=true');
    if (sync.status !== 200 || sync.body.plan.counts.create !== users) {
      throw new Error(`sync: ${sync.status} ${JSON.stringify(sync.body?.plan?.counts)}`);
    }
    const gatewayPort = system.ports['auth-gateway'];

    for (let round = 1; round <= rounds; round += 1) {
      console.log(`round ${round}`);
      for (const clients of CONCURRENCY) {
        // Sign-in: client i is user i, so the per-user turn never makes clients wait for each other.
        const http = signInCaller(gatewayPort, clients);
        const signIn = async (client: number) => {
          const status = await http.call(generatedUserUid(client));
          if (status !== 200) throw new Error(`sign-in answered ${status}`);
        };
        for (let client = 0; client < clients; client += 1) await signIn(client); // warm-up
        note(`sign-in ×${clients}`, await measure(clients, seconds, signIn));
        http.close();

        // Raw ldapts, a new connection per bind.
        note(
          `ldapts bind, new connection ×${clients}`,
          await measure(clients, seconds, async (client) => {
            const ldap = new Client({ url });
            try {
              await ldap.bind(generatedUserDn(client), PASSWORD);
            } finally {
              await ldap.unbind();
            }
          }),
        );

        // Raw ldapts, one connection per client re-binding.
        const pooled = Array.from({ length: clients }, () => new Client({ url }));
        try {
          note(
            `ldapts bind, pooled re-bind ×${clients}`,
            await measure(clients, seconds, (client) =>
              pooled[client]!.bind(generatedUserDn(client), PASSWORD),
            ),
          );
        } finally {
          await Promise.all(pooled.map((ldap) => ldap.unbind()));
        }
      }
    }
  } finally {
    await system.stop();
    await slapd.destroy();
    await rm(ldif, { force: true });
  }

  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? NaN;
  };
  console.log(`\nmedians of ${rounds} rounds, ${seconds} s each, ${users} users`);
  console.log('| operation | clients | per second | p50 ms | p99 ms |\n|---|---|---|---|---|');
  for (const [row, figures] of results) {
    const [name, clients] = row.split(' ×');
    console.log(
      `| ${name} | ${clients} | ${median(figures.map((f) => f.perSecond)).toFixed(0)} | ${median(figures.map((f) => f.p50)).toFixed(2)} | ${median(figures.map((f) => f.p99)).toFixed(2)} |`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
