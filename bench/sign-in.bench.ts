/**
 * Password sign-in benchmark (issue "The message backbone … sign-in at the
 * speed of a bind", item 3): a slapd of its own with generated users (all
 * with one password), the five services as built after a sync, and in the
 * same run raw ldapts simple binds on the same slapd (a new connection each,
 * and connections re-binding). Prints successful operations per second and
 * p50/p99 at 1, 16 and 64 concurrent clients; each sign-in client is a
 * distinct user (the per-user limit is not what is measured). Rounds are
 * alternated and their medians printed, then the CPU each process used
 * during the sign-ins at the highest concurrency (from /proc): on 2 cores
 * shared by slapd, PostgreSQL, RabbitMQ, the services and this client, that
 * says what bounds the rate. `--gateways N` spreads the sign-ins over N
 * auth-gateway instances.
 *
 * The sign-ins are sent by a minimal HTTP/1.1 client (keep-alive-http-client.ts,
 * as wrk does): one kept-alive socket per client, the request of each user
 * serialised once, the answer's status line and headers read and its body
 * skipped by its Content-Length; an answer it cannot read exactly throws.
 * The bench runs on the 2 cores it measures, so every µs the load generator
 * spends is taken from auth-gateway, slapd and RabbitMQ: node:http's client
 * (Agent, ClientRequest, IncomingMessage, streams) spent 160-300 µs of CPU
 * per sign-in at 64 clients, this one 60-100 µs (README, Performance; the
 * CPU breakdown below prints it as `bench client`). The raw ldapts rows stay
 * ldapts: they are the issue's yardstick, a raw bind by ldapts.
 *
 * The services' event tap (DirsyncSystem's EventCapture) listens to `sync.#`
 * only: nothing in dirsync consumes the audit events, and routing each one to
 * a queue of this process would make RabbitMQ and this client work for the
 * harness, not for the sign-in.
 *
 *   npm run bench:sign-in              (starts the test servers and builds first)
 *   node dist/bench/sign-in.bench.js [--users N] [--seconds S] [--rounds R] [--gateways N]
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { Client } from 'ldapts';
import {
  ALL_SERVICES,
  DirsyncSystem,
  generatedUserDn,
  generatedUserUid,
  openLdapSampleSettings,
  PrivateServer,
  REPO_ROOT,
  seedAdminConnection,
  serversEnv,
  writeUsersDirectoryLdif,
} from '@dirsync/testing';
import { KeepAliveHttpClient, serialisedJsonPost } from './keep-alive-http-client';
import { type CpuShare, ProcessCpu } from './process-cpu';

const PASSWORD = 'Bench-Password-1';
const SIGN_IN_PATH = '/api/v1/sessions/password';
const CONCURRENCY = [1, 16, 64];
/** The concurrency whose CPU use per process is printed. */
const BUSIEST = Math.max(...CONCURRENCY);

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

/**
 * POST /api/v1/sessions/password, client i signing in as user i on instance
 * i mod N, each over one kept-alive connection of its own with its request
 * serialised once; resolves with the answer's status.
 */
async function signInCaller(ports: number[], clients: number) {
  const connections = await Promise.all(
    Array.from({ length: clients }, (_, client) =>
      KeepAliveHttpClient.connect('127.0.0.1', ports[client % ports.length] ?? 0),
    ),
  );
  const requests = connections.map((_, client) =>
    serialisedJsonPost('127.0.0.1', ports[client % ports.length] ?? 0, SIGN_IN_PATH, {
      userName: generatedUserUid(client),
      password: PASSWORD,
    }),
  );
  return {
    call: (client: number) => connections[client]!.send(requests[client]!),
    close: () => connections.forEach((connection) => connection.close()),
  };
}

/**
 * Names the processes of this run (the services, this client, the bench's
 * slapd, the test profile's RabbitMQ and PostgreSQL) for the CPU breakdown.
 */
function processesOf(system: DirsyncSystem, slapdState: string, gateways: number): ProcessCpu {
  const state = serversEnv().DIRSYNC_STATE;
  const pidIn = (file: string) => Number(readFileSync(file, 'utf8').split('\n')[0]?.trim());
  const slapd = pidIn(join(slapdState, 'slapd', 'slapd.pid'));
  const postgres = pidIn(join(state, 'postgres', 'data', 'postmaster.pid'));
  const services = new Map<number, string>();
  for (const name of ALL_SERVICES) services.set(system.processes.get(name).process.pid ?? 0, name);
  for (let instance = 2; instance <= gateways; instance += 1) {
    const pid = system.processes.get('auth-gateway', instance).process.pid ?? 0;
    services.set(pid, `auth-gateway #${instance}`);
  }
  return new ProcessCpu(({ pid, ppid, command }) => {
    if (pid === process.pid) return 'bench client (this process)';
    if (services.has(pid)) return services.get(pid) ?? null;
    if (pid === slapd) return 'slapd';
    if (pid === postgres || ppid === postgres) return 'postgresql';
    if (command.includes('beam.smp') && command.includes(state)) return 'rabbitmq';
    return null;
  });
}

async function main() {
  const users = option('users', 1_000);
  const seconds = option('seconds', 3);
  const rounds = option('rounds', 3);
  const gateways = option('gateways', 1);
  const ldif = join(REPO_ROOT, '.state', `bench-sign-in-${process.pid}.ldif`);
  await writeUsersDirectoryLdif(ldif, users, { password: PASSWORD });
  const slapd = await PrivateServer.slapd(ldif);
  const ldapPort = slapd.ports['ldap'] ?? 0;
  const url = `ldap://127.0.0.1:${ldapPort}`;
  // DIRSYNC_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=DIR") goes to every service's node.
  const serviceEnv = {
    LOG_LEVEL: 'warn',
    DIRSYNC_NODE_ARGS: process.env['DIRSYNC_NODE_ARGS'] ?? '',
  };
  const system = await DirsyncSystem.start({
    env: serviceEnv,
    eventPattern: 'sync.#',
  });
  const results = new Map<string, Figures[]>();
  /** CPU of each process during the sign-ins at the highest concurrency, one list per round. */
  const cpu: { shares: CpuShare[]; perSecond: number }[] = [];
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
    const ports = [system.ports['auth-gateway']];
    for (let instance = 2; instance <= gateways; instance += 1) {
      ports.push((await system.startInstance('auth-gateway', instance, serviceEnv)).port);
    }
    const processes = processesOf(system, slapd.state, gateways);

    for (let round = 1; round <= rounds; round += 1) {
      console.log(`round ${round}`);
      for (const clients of CONCURRENCY) {
        // Sign-in: client i is user i, so the per-user turn never makes clients wait for each other.
        const http = await signInCaller(ports, clients);
        const signIn = async (client: number) => {
          const status = await http.call(client);
          if (status !== 200) throw new Error(`sign-in answered ${status}`);
        };
        for (let client = 0; client < clients; client += 1) await signIn(client); // warm-up
        const before = processes.snapshot();
        const figures = await measure(clients, seconds, signIn);
        if (clients === BUSIEST) {
          const shares = ProcessCpu.between(before, processes.snapshot());
          cpu.push({ shares, perSecond: figures.perSecond });
          const perSignIn = shares
            .map(
              (share) => `${share.label} ${((share.cores / figures.perSecond) * 1e6).toFixed(0)}`,
            )
            .join(', ');
          console.log(`CPU µs per sign-in ×${clients} this round: ${perSignIn}`);
        }
        note(`sign-in ×${clients}`, figures);
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
  console.log(
    `\nmedians of ${rounds} rounds, ${seconds} s each, ${users} users, ${gateways} auth-gateway instance(s)`,
  );
  console.log('| operation | clients | per second | p50 ms | p99 ms |\n|---|---|---|---|---|');
  for (const [row, figures] of results) {
    const [name, clients] = row.split(' ×');
    console.log(
      `| ${name} | ${clients} | ${median(figures.map((f) => f.perSecond)).toFixed(0)} | ${median(figures.map((f) => f.p50)).toFixed(2)} | ${median(figures.map((f) => f.p99)).toFixed(2)} |`,
    );
  }

  const labels = [...new Set(cpu.flatMap(({ shares }) => shares.map((share) => share.label)))];
  console.log(
    `\nCPU per process during sign-in ×${BUSIEST} (${availableParallelism()} cores = ${availableParallelism() * 100}%; medians of ${rounds} rounds)`,
  );
  console.log('| process | CPU (% of one core) | CPU per sign-in (µs) |\n|---|---|---|');
  const rows = labels.map((label) => {
    const cores = cpu.map(({ shares }) => shares.find((s) => s.label === label)?.cores ?? 0);
    const perSignIn = cpu.map(
      ({ shares, perSecond }) =>
        ((shares.find((s) => s.label === label)?.cores ?? 0) / perSecond) * 1e6,
    );
    return { label, cores: median(cores), perSignIn: median(perSignIn) };
  });
  for (const row of rows.sort((a, b) => b.cores - a.cores)) {
    if (row.cores < 0.005) continue;
    console.log(`| ${row.label} | ${(row.cores * 100).toFixed(0)} | ${row.perSignIn.toFixed(0)} |`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
