/**
 * Request/reply benchmark (issue "The message backbone", item 2): a no-op
 * users.find.v1 from RpcClient to an @RpcHandler in another process, through
 * libs/messaging (validation on both ends, envelope, acknowledgement), next
 * to the same round trip with bare amqplib (direct reply-to) measured in the
 * same run on the test profile's RabbitMQ. Prints p50/p99 of sequential
 * calls and the throughput of concurrent ones, per round and their medians.
 *
 *   npm run bench:rpc                   (starts the test servers and builds first)
 *   node dist/bench/rpc.bench.js [--calls N] [--rounds R] [--concurrency C]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Logger } from '@nestjs/common';
import { connect } from 'amqplib';
import { FindUserQuery } from '@dirsync/contracts';
import { AMQP_SOCKET_OPTIONS, RpcClient, topology } from '@dirsync/messaging';
import { serversEnv } from '@dirsync/testing';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

interface Figures {
  p50: number;
  p99: number;
  perSecond: number;
}

/** Sequential calls for latency, then `concurrency` callers at once for throughput. */
async function measure(
  call: () => Promise<unknown>,
  calls: number,
  concurrency: number,
): Promise<Figures> {
  for (let i = 0; i < 200; i++) await call(); // warm-up: JIT, connections, queues
  const ms: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = process.hrtime.bigint();
    await call();
    ms.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  ms.sort((a, b) => a - b);
  let left = calls;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) await call();
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    p50: ms[Math.floor(calls * 0.5)] ?? NaN,
    p99: ms[Math.floor(calls * 0.99)] ?? NaN,
    perSecond: calls / seconds,
  };
}

/** The answering process; resolves once it consumes. */
async function answering(args: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(__dirname, 'rpc.child.js'), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`rpc.child exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'ready') resolve();
    });
  });
  return child;
}

async function stopped(child: ChildProcess) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function libsMessaging(amqpUrl: string, namespace: string, calls: number, c: number) {
  const child = await answering(['nest', amqpUrl, namespace]);
  const client = new RpcClient({ amqpUrl, namespace, service: 'config-api', rpcTimeoutMs: 10_000 });
  try {
    return await measure(
      () => client.call(FindUserQuery.routingKey, { userName: 'nobody' }),
      calls,
      c,
    );
  } finally {
    await client.onApplicationShutdown();
    await stopped(child);
  }
}

async function rawAmqplib(amqpUrl: string, queue: string, calls: number, c: number) {
  const child = await answering(['raw', amqpUrl, '', queue]);
  const connection = await connect(amqpUrl, AMQP_SOCKET_OPTIONS);
  try {
    const channel = await connection.createChannel();
    const waiting = new Map<string, () => void>();
    await channel.consume(
      'amq.rabbitmq.reply-to',
      (message) => {
        if (message) waiting.get(message.properties.correlationId as string)?.();
      },
      { noAck: true },
    );
    const body = Buffer.from(
      JSON.stringify({ pattern: FindUserQuery.routingKey, data: { userName: 'nobody' } }),
    );
    const call = () =>
      new Promise<void>((resolve) => {
        const correlationId = randomUUID();
        waiting.set(correlationId, () => {
          waiting.delete(correlationId);
          resolve();
        });
        channel.sendToQueue(queue, body, {
          correlationId,
          replyTo: 'amq.rabbitmq.reply-to',
          persistent: true,
        });
      });
    return await measure(call, calls, c);
  } finally {
    await connection.close();
    await stopped(child);
  }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function main() {
  Logger.overrideLogger(false);
  const calls = option('calls', 2_000);
  const rounds = option('rounds', 3);
  const concurrency = option('concurrency', 16);
  const { AMQP_URL } = serversEnv();
  const namespace = `bench-rpc-${randomBytes(4).toString('hex')}`;
  const rawQueue = `${namespace}.raw`;
  const results: { libs: Figures; raw: Figures }[] = [];
  try {
    for (let round = 1; round <= rounds; round++) {
      // Alternating, so a machine that gets busier during the run hurts both alike.
      const raw = await rawAmqplib(AMQP_URL, rawQueue, calls, concurrency);
      const libs = await libsMessaging(AMQP_URL, namespace, calls, concurrency);
      results.push({ libs, raw });
      console.log(
        `round ${round}: libs/messaging p50 ${libs.p50.toFixed(3)} ms p99 ${libs.p99.toFixed(3)} ms ${libs.perSecond.toFixed(0)}/s; ` +
          `raw amqplib p50 ${raw.p50.toFixed(3)} ms p99 ${raw.p99.toFixed(3)} ms ${raw.perSecond.toFixed(0)}/s; ` +
          `throughput ratio ${(raw.perSecond / libs.perSecond).toFixed(2)}×`,
      );
    }
  } finally {
    const connection = await connect(AMQP_URL, AMQP_SOCKET_OPTIONS);
    const channel = await connection.createChannel();
    await channel.deleteQueue(rawQueue);
    await channel.deleteQueue(topology.requestQueue(namespace, 'user-store'));
    await channel.deleteQueue(topology.deadLetterQueue(namespace));
    await channel.deleteExchange(topology.deadLetterExchange(namespace));
    await channel.deleteExchange(topology.eventsExchange(namespace));
    await connection.close();
  }
  const row = (name: string, pick: (r: { libs: Figures; raw: Figures }) => Figures) => {
    const figures = results.map(pick);
    return `| ${name} | ${median(figures.map((f) => f.p50)).toFixed(3)} | ${median(figures.map((f) => f.p99)).toFixed(3)} | ${median(figures.map((f) => f.perSecond)).toFixed(0)} |`;
  };
  console.log(
    `\nmedians of ${rounds} rounds (${calls} sequential calls for latency, ${calls} calls by ${concurrency} concurrent callers for throughput):`,
  );
  console.log('| round trip | p50 ms | p99 ms | calls/s |\n|---|---|---|---|');
  console.log(row('RpcClient → @RpcHandler (libs/messaging)', (r) => r.libs));
  console.log(row('raw amqplib, direct reply-to', (r) => r.raw));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
