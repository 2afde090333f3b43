import { randomUUID } from 'node:crypto';
import { type Channel, type ChannelModel, connect, type ConfirmChannel } from 'amqplib';
import {
  RPC_CONTRACTS,
  type RpcEnvelope,
  SERVICE_NAMES,
  type ServiceName,
} from '@dirsync/contracts';
import { DirsyncSystem, waitUntil } from '@dirsync/testing';
import { DEMO, openLdapSample } from './support/demo-directory';

const REPLY_TO = 'amq.rabbitmq.reply-to';
const PER_SERVICE = 200; // 1,000 in all
const HUGE_PER_SERVICE = 5;

/** A routing key each service answers, so garbage reaches its handlers and not only the router. */
const patternOf = (service: ServiceName) =>
  Object.entries(RPC_CONTRACTS).find(([, contract]) => contract.service === service)?.[0] ?? '';

interface Garbage {
  kind: string;
  content: string;
  replyTo?: string;
}

/** Every kind of message a request queue may receive that is not a valid request. */
function garbage(pattern: string, kind: number): Garbage {
  const request = (data: string) =>
    `{"pattern":"${pattern}","id":"${randomUUID()}","data":${data}}`;
  switch (kind % 9) {
    case 0:
      return { kind: 'not JSON', content: `{"pattern": "${pattern}", ` };
    case 1:
      return { kind: 'null', content: 'null' };
    case 2:
      return { kind: 'an array', content: `[${JSON.stringify(pattern)}, 1, null]` };
    case 3:
      return {
        kind: 'an unknown pattern',
        content: `{"pattern":"nobody.answers.v1","id":"1","data":{}}`,
      };
    case 4:
      return { kind: 'wrong types', content: request('{"runId":42,"settings":"x","userName":[]}') };
    case 5:
      return {
        kind: 'nested 20,000 deep',
        content: request(`{"userName":${'['.repeat(20_000)}${']'.repeat(20_000)}}`),
      };
    case 6:
      return { kind: 'no reply-to', content: request('{"userName":"x"}'), replyTo: '' };
    case 7:
      return { kind: 'no id', content: `{"pattern":"${pattern}","data":{}}` };
    default:
      return { kind: 'a string', content: '"just a string"' };
  }
}

/**
 * 1,000 messages that are not valid requests, of every kind (not JSON, null,
 * arrays, unknown patterns, wrong types, nested 20,000 deep, 1 MiB large,
 * without reply-to or id), into every service's request queue: each one is
 * answered with an error or dead-lettered with a reason, none runs, and every
 * service keeps serving, healthy, with nothing left in its queue.
 */
describe('poison messages in every request queue', () => {
  let system: DirsyncSystem;
  let connection: ChannelModel;
  let channel: ConfirmChannel;
  let deadLetters: Channel;
  const replies = new Map<string, RpcEnvelope<unknown>>();
  const deadLettered = new Map<string, string>();
  const sent = new Map<string, { service: ServiceName; kind: string }>();

  beforeAll(async () => {
    system = await DirsyncSystem.start();
    expect(
      (await system.admin('PUT', '/directory/settings', openLdapSample(system.servers))).status,
    ).toBe(200);
    connection = await connect(system.servers.AMQP_URL, { noDelay: true });
    channel = await connection.createConfirmChannel();
    await channel.consume(
      REPLY_TO,
      (message) => {
        if (!message) return;
        const packet = JSON.parse(message.content.toString()) as {
          response?: unknown;
          err?: unknown;
        };
        const id = String(message.properties.correlationId);
        // Nest ends a reply stream with a packet of its own ({isDisposed}); only answers count.
        if (packet.response !== undefined) replies.set(id, packet.response as never);
        else if (packet.err !== undefined)
          replies.set(id, {
            status: 'error',
            error: { code: 'transport', message: JSON.stringify(packet.err) },
          });
      },
      { noAck: true },
    );
    deadLetters = await connection.createChannel();
    await deadLetters.consume(`${system.namespace}.dead-letter`, (message) => {
      if (!message) return;
      deadLettered.set(
        String(message.properties.correlationId),
        String(message.properties.headers?.['x-dirsync-dead-letter-reason'] ?? 'rejected'),
      );
      deadLetters.ack(message);
    });
  }, 120_000);

  afterAll(async () => {
    await connection?.close().catch(() => undefined);
    await system?.stop();
  }, 60_000);

  it('answers or dead-letters every one of 1,000, running none', async () => {
    const huge = `{"userName":"${'x'.repeat(1024 * 1024)}"}`;
    for (const service of SERVICE_NAMES) {
      const pattern = patternOf(service);
      for (let i = 0; i < PER_SERVICE; i++) {
        const message =
          i < HUGE_PER_SERVICE
            ? {
                kind: '1 MiB large',
                content: `{"pattern":"${pattern}","id":"${randomUUID()}","data":${huge}}`,
              }
            : garbage(pattern, i);
        const correlationId = randomUUID();
        sent.set(correlationId, { service, kind: message.kind });
        channel.sendToQueue(`${system.namespace}.${service}`, Buffer.from(message.content), {
          correlationId,
          replyTo: message.replyTo ?? REPLY_TO,
        });
      }
    }
    await channel.waitForConfirms();

    const unsettled = () =>
      [...sent.keys()].filter((id) => !replies.has(id) && !deadLettered.has(id));
    await waitUntil(() => unsettled().length === 0, 120_000, 100).catch(() => {
      const left = unsettled().map((id) => sent.get(id));
      throw new Error(`${left.length} not settled, e.g. ${JSON.stringify(left.slice(0, 5))}`);
    });

    expect(sent.size).toBe(5 * PER_SERVICE);
    expect([...replies.values()].filter((reply) => reply?.status !== 'error')).toEqual([]);
    expect([...deadLettered.values()].filter((reason) => reason === 'rejected')).toEqual([]);
    console.log(
      `poison messages: ${sent.size} sent, ${replies.size} answered with an error, ${deadLettered.size} dead-lettered with a reason`,
    );
  }, 180_000);

  it('leaves nothing in any request queue', async () => {
    for (const service of SERVICE_NAMES) {
      const { messageCount, consumerCount } = await channel.checkQueue(
        `${system.namespace}.${service}`,
      );
      expect({ service, messageCount, consumerCount }).toEqual({
        service,
        messageCount: 0,
        consumerCount: 1,
      });
    }
  });

  it('keeps every service healthy', async () => {
    for (const name of SERVICE_NAMES) {
      const response = await fetch(system.url(name, '/health'));
      expect({ name, status: response.status }).toEqual({ name, status: 200 });
    }
  });

  it('keeps every service answering requests', async () => {
    // config-api → sync-planner → directory-reader and user-store
    const test = await system.admin('POST', '/directory/test?wait=true');
    expect(test.status).toBe(200);
    expect(test.body.plan.counts.create).toBe(DEMO.usersInScope);
    // config-api → user-store
    expect((await system.admin('GET', '/users')).status).toBe(200);
    // config-api → auth-gateway → config-api (settings) and user-store
    const auth = await system.admin('POST', '/directory/test-authentication', {
      userName: 'nobody-here',
      password: 'x',
    });
    expect(auth.body.outcome).toBe('user-not-found');
  }, 60_000);
});
