import { randomBytes, randomUUID } from 'node:crypto';
import { Controller, Logger } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { type Channel, type ChannelModel, connect, type GetMessage } from 'amqplib';
import { FindUserQuery, type FindUserResult, type RpcEnvelope } from '@dirsync/contracts';
import { serversEnv, waitUntil } from '@dirsync/testing';
import { BrokerHealthCheck } from './broker.health-check';
import type { MessagingOptions } from './messaging-options';
import { MessagingModule } from './messaging.module';
import { RpcClient } from './rpc-client';
import {
  DEAD_LETTER_QUEUE_HEADER,
  DEAD_LETTER_REASON_HEADER,
  UNFINISHED_ATTEMPTS_HEADER,
} from './rpc-delivery';
import { RpcHandler } from './rpc-handler.decorator';
import { RpcServer, MAX_UNFINISHED_ATTEMPTS } from './rpc-server';
import { rpcServerOptions } from './rpc-server.options';
import { requestQueueOptions, topology } from './topology';

@Controller()
class FindUserHandler {
  readonly received: string[] = [];

  @RpcHandler(FindUserQuery.routingKey)
  find(@Payload() query: FindUserQuery): Promise<FindUserResult> | FindUserResult {
    this.received.push(query.userName);
    if (query.userName === 'hang') return new Promise<never>(() => undefined);
    return { user: null };
  }
}

const REPLY_TO = 'amq.rabbitmq.reply-to';

/** A value nested `depth` arrays deep, as JSON (JSON.parse copes; recursive validation does not). */
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/**
 * RpcServer against the real test RabbitMQ: every message in a request
 * queue ends answered or dead-lettered with a reason, whatever it holds, and
 * the consumer keeps taking requests (its prefetch is 4: four stuck
 * messages would stop it).
 */
describe(RpcServer.name, () => {
  let options: MessagingOptions;
  let served: Awaited<ReturnType<typeof serve>>;
  let handler: FindUserHandler;
  let admin: ChannelModel;
  let channel: Channel;
  let rpc: RpcClient;
  const replies = new Map<string, unknown>();

  const queue = () => topology.requestQueue(options.namespace, 'user-store');

  /** A module with the handler and its RpcServer on `messaging`'s request queue. */
  const serve = async (messaging: MessagingOptions) => {
    const module = await Test.createTestingModule({
      imports: [MessagingModule.forRoot(messaging)],
      controllers: [FindUserHandler],
    }).compile();
    const microservice = module.createNestMicroservice(rpcServerOptions(messaging));
    await microservice.listen();
    return {
      module,
      handler: module.get(FindUserHandler),
      close: async () => {
        await microservice.close();
        await module.close();
      },
    };
  };

  beforeAll(async () => {
    Logger.overrideLogger(false);
    const namespace = `messaging-server-test-${randomBytes(4).toString('hex')}`;
    admin = await connect(serversEnv().AMQP_URL, { noDelay: true });
    channel = await admin.createChannel();
    await channel.consume(
      REPLY_TO,
      (message) => {
        if (!message) return;
        const body = JSON.parse(message.content.toString()) as { response?: unknown };
        replies.set(String(message.properties.correlationId), body.response);
      },
      { noAck: true },
    );
    options = {
      amqpUrl: serversEnv().AMQP_URL,
      namespace,
      service: 'user-store',
      rpcTimeoutMs: 1_000,
    };
    served = await serve(options);
    handler = served.handler;
    rpc = new RpcClient({ ...options, service: 'config-api', rpcTimeoutMs: 15_000 });
  });

  afterAll(async () => {
    await rpc?.onApplicationShutdown();
    await served?.close();
    if (channel) {
      const ns = options.namespace;
      await channel.deleteQueue(topology.requestQueue(ns, 'user-store'));
      await channel.deleteQueue(topology.deadLetterQueue(ns));
      await channel.deleteExchange(topology.deadLetterExchange(ns));
      await channel.deleteExchange(topology.eventsExchange(ns));
    }
    await admin?.close();
  });

  /** Sends raw bytes to the request queue; the correlation id to find the reply by. */
  const send = (content: string, properties: { replyTo?: string; headers?: object } = {}) => {
    const correlationId = randomUUID();
    channel.sendToQueue(queue(), Buffer.from(content), {
      correlationId,
      replyTo: REPLY_TO,
      ...properties,
    });
    return correlationId;
  };

  const request = (data: unknown, properties: { replyTo?: string } = {}) =>
    send(JSON.stringify({ pattern: FindUserQuery.routingKey, id: randomUUID(), data }), properties);

  const replyTo = async (correlationId: string) => {
    await waitUntil(() => replies.has(correlationId));
    return replies.get(correlationId) as RpcEnvelope<unknown>;
  };

  /** The next dead-lettered message (fails if none comes). */
  const deadLettered = async (namespace = options.namespace): Promise<GetMessage> => {
    let message: GetMessage | false = false;
    await waitUntil(async () => {
      message = await channel.get(topology.deadLetterQueue(namespace), { noAck: true });
      return message !== false;
    });
    return message as unknown as GetMessage;
  };
  const reasonOf = (message: GetMessage) => message.properties.headers?.[DEAD_LETTER_REASON_HEADER];

  it.each([
    ['not JSON', '{"pattern": ', /not JSON/],
    ['null', 'null', /not a JSON object/],
    ['an array', '[1,2,3]', /not a JSON object/],
    ['without a pattern', JSON.stringify({ id: '1', data: {} }), /no pattern/],
    ['without an id', JSON.stringify({ pattern: FindUserQuery.routingKey, data: {} }), /no id/],
    ['of an unknown pattern', JSON.stringify({ pattern: 'x.v1', id: '1', data: {} }), /no handler/],
    ['nested 20,000 deep in its pattern', `{"pattern":${nested(20_000)},"id":"1"}`, /no pattern/],
  ])('dead-letters a message %s with the reason', async (_, content, reason) => {
    send(content);

    const message = await deadLettered();

    expect(message.content.toString()).toBe(content);
    expect(reasonOf(message)).toMatch(reason);
    expect(message.properties.headers?.[DEAD_LETTER_QUEUE_HEADER]).toBe(queue());
  });

  it('answers a message that has a reply-to but no handler with invalid-message', async () => {
    const id = send(JSON.stringify({ pattern: 'users.unheard-of.v1', id: '1', data: {} }));

    expect(await replyTo(id)).toMatchObject({
      status: 'error',
      error: { code: 'invalid-message', message: expect.stringMatching(/no handler/) },
    });
    await deadLettered();
  });

  it('dead-letters a request without reply-to and does not run it', async () => {
    request({ userName: 'nobody-listens' }, { replyTo: '' });

    expect(reasonOf(await deadLettered())).toMatch(/no reply-to/);
    expect(handler.received).not.toContain('nobody-listens');
  });

  it('answers requests nested 20,000 deep with invalid-message, more of them than its prefetch', async () => {
    const deep = `{"pattern":"${FindUserQuery.routingKey}","id":"1","data":{"userName":${nested(20_000)}}}`;
    const ids = Array.from({ length: 8 }, () => send(deep));

    for (const id of ids) {
      expect(await replyTo(id)).toMatchObject({
        status: 'error',
        error: { code: 'invalid-message', details: [{ message: expect.stringMatching(/stack/) }] },
      });
    }
    await expect(rpc.call(FindUserQuery.routingKey, { userName: 'ann' })).resolves.toEqual({
      user: null,
    });
    await expect(served.module.get(BrokerHealthCheck).check()).resolves.toBeUndefined();
  });

  it('answers a handler that does not finish in time with handler-timeout, and acks it', async () => {
    const ids = Array.from({ length: 5 }, () => request({ userName: 'hang' }));

    for (const id of ids) {
      expect(await replyTo(id)).toMatchObject({
        status: 'error',
        error: { code: 'handler-timeout' },
      });
    }
    await expect(rpc.call(FindUserQuery.routingKey, { userName: 'ann' })).resolves.toEqual({
      user: null,
    });
  });

  describe('a request its consumer died holding', () => {
    /**
     * In a namespace of its own with nobody consuming yet: the message is
     * taken and the channel closed without settling it (the broker puts it
     * back, marked redelivered), then a server starts on that queue.
     */
    const droppedOnceThenServed = async (content: object, headers: object = {}) => {
      const namespace = `${options.namespace}-redelivery-${randomBytes(2).toString('hex')}`;
      const ns = { ...options, namespace };
      const requests = topology.requestQueue(namespace, 'user-store');
      await channel.assertQueue(requests, requestQueueOptions(namespace));
      const correlationId = randomUUID();
      channel.sendToQueue(requests, Buffer.from(JSON.stringify(content)), {
        correlationId,
        replyTo: REPLY_TO,
        headers,
      });
      const thief = await admin.createChannel();
      await waitUntil(async () => (await thief.get(requests)) !== false);
      await thief.close();
      const served = await serve(ns);
      return { correlationId, served, namespace };
    };

    const cleanUp = async (namespace: string) => {
      await channel.deleteQueue(topology.requestQueue(namespace, 'user-store'));
      await channel.deleteQueue(topology.deadLetterQueue(namespace));
      await channel.deleteExchange(topology.deadLetterExchange(namespace));
      await channel.deleteExchange(topology.eventsExchange(namespace));
    };

    it('is tried again and answered', async () => {
      const { correlationId, served, namespace } = await droppedOnceThenServed({
        pattern: FindUserQuery.routingKey,
        id: '1',
        data: { userName: 'again' },
      });
      try {
        expect(await replyTo(correlationId)).toEqual({ status: 'ok', value: { user: null } });
        expect(served.handler.received).toEqual(['again']);
      } finally {
        await served.close();
        await cleanUp(namespace);
      }
    });

    it(`is dead-lettered after ${MAX_UNFINISHED_ATTEMPTS} unfinished attempts`, async () => {
      const { served, namespace } = await droppedOnceThenServed(
        { pattern: FindUserQuery.routingKey, id: '1', data: { userName: 'kill' } },
        { [UNFINISHED_ATTEMPTS_HEADER]: MAX_UNFINISHED_ATTEMPTS - 1 },
      );
      try {
        const message = await deadLettered(namespace);
        expect(reasonOf(message)).toMatch(/times without an answer/);
        expect(served.handler.received).toEqual([]);
      } finally {
        await served.close();
        await cleanUp(namespace);
      }
    });
  });
});
