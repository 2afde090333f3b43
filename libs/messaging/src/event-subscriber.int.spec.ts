import { randomBytes, randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { type Channel, type ChannelModel, connect, type GetMessage } from 'amqplib';
import type { EventOf, EventPayload, EventRoutingKey } from '@dirsync/contracts';
import {
  closeBrokerConnections,
  deleteBrokerQueues,
  serversEnv,
  waitUntil,
} from '@dirsync/testing';
import { AmqpConnection } from './amqp-connection';
import { EventPublisher } from './event-publisher';
import { EventSubscriber } from './event-subscriber';
import type { MessagingOptions } from './messaging-options';
import { topology } from './topology';

/** An audit event of one refused sign-in: any event would do, this one names a user. */
const failed = (userName: string): EventPayload<'auth.failed.v2'> => ({
  signIns: [
    {
      userName,
      method: 'ldap',
      clientAddress: null,
      reason: 'invalid-credentials',
      occurredAt: '2026-01-02T03:04:05.000Z',
    },
  ],
});
/** The user an event of `failed` names. */
const userNameIn = (event: unknown) =>
  (event as { signIns?: { userName?: string }[] }).signIns?.[0]?.userName ?? '';

/**
 * EventSubscriber on the test RabbitMQ, in an AMQP namespace of its own:
 * events published with confirms reach the handler validated, an invalid
 * one is dead-lettered (never handed over, never dropped), a handler's
 * failure has the event delivered again.
 */
describe(EventSubscriber.name, () => {
  let options: MessagingOptions;
  let connection: AmqpConnection;
  let publisher: EventPublisher;
  let admin: ChannelModel;
  let channel: Channel;
  let sut: EventSubscriber;
  const received: { routingKey: string; event: Record<string, unknown> }[] = [];
  /** userNames whose event the handler refuses the first time. */
  const failOnce = new Set<string>();

  const receivedAbout = (userName: string) =>
    received.filter(({ event }) => userNameIn(event) === userName);

  beforeAll(async () => {
    // The refusals below are on purpose: their warnings would only be noise.
    Logger.overrideLogger(false);
    options = {
      amqpUrl: serversEnv().AMQP_URL,
      namespace: `messaging-subscriber-test-${randomBytes(4).toString('hex')}`,
      service: 'config-api',
      rpcTimeoutMs: 15_000,
    };
    connection = new AmqpConnection(options);
    publisher = new EventPublisher(connection, options);
    // Exchanges and the dead-letter queue, as a service declares them on its first use of the broker.
    await connection.channel();
    admin = await connect(options.amqpUrl);
    channel = await admin.createChannel();
    // The subscriber's queue, declared as it declares it, so that nothing
    // published before it consumes is lost.
    const ns = options.namespace;
    await channel.assertQueue(`${ns}.config-api.audit`, {
      durable: true,
      arguments: { 'x-dead-letter-exchange': topology.deadLetterExchange(ns) },
    });
    await channel.bindQueue(`${ns}.config-api.audit`, topology.eventsExchange(ns), 'auth.#');

    sut = new EventSubscriber(options);
    sut.subscribe(
      'audit',
      ['auth.#'],
      async <K extends EventRoutingKey>(key: K, event: EventOf<K>) => {
        const userName = userNameIn(event);
        if (failOnce.delete(userName)) throw new Error(`refusing ${userName} once`);
        received.push({ routingKey: key, event: event as unknown as Record<string, unknown> });
        return Promise.resolve();
      },
    );
  });

  afterAll(async () => {
    await sut?.onApplicationShutdown();
    await connection?.onApplicationShutdown();
    if (channel) {
      const ns = options.namespace;
      await channel.deleteQueue(`${ns}.config-api.audit`);
      await channel.deleteQueue(topology.deadLetterQueue(ns));
      await channel.deleteExchange(topology.deadLetterExchange(ns));
      await channel.deleteExchange(topology.eventsExchange(ns));
    }
    await admin?.close();
  });

  it('hands a confirmed event to the handler, validated', async () => {
    const event = await publisher.publish('auth.failed.v2', failed('ann'));

    await waitUntil(() => receivedAbout('ann').length > 0);
    expect(receivedAbout('ann')).toEqual([{ routingKey: 'auth.failed.v2', event }]);
  });

  it('dead-letters an invalid event and never hands it to the handler', async () => {
    const invalid = { ...failed('bob'), eventId: randomUUID(), occurredAt: 'yesterday' };
    channel.publish(
      topology.eventsExchange(options.namespace),
      'auth.failed.v2',
      Buffer.from(JSON.stringify(invalid)),
    );

    let message: GetMessage | false = false;
    await waitUntil(async () => {
      message = await channel.get(topology.deadLetterQueue(options.namespace), { noAck: true });
      return message !== false;
    });
    expect(JSON.parse((message as unknown as GetMessage).content.toString())).toEqual(invalid);
    expect(receivedAbout('bob')).toEqual([]);
  });

  it('delivers an event again after the handler failed on it', async () => {
    failOnce.add('cid');

    const event = await publisher.publish('auth.failed.v2', failed('cid'));

    await waitUntil(() => receivedAbout('cid').length > 0);
    expect(failOnce.has('cid')).toBe(false);
    expect(receivedAbout('cid')).toEqual([{ routingKey: 'auth.failed.v2', event }]);
  });
});

/**
 * A per-instance subscription (a cache's) on the test RabbitMQ: it says when
 * it is live and when it is lost — connection closed by the broker, queue
 * deleted under it (the consumer cancelled) — comes back by itself, and
 * names the events it refused.
 */
describe(`${EventSubscriber.name} (per instance)`, () => {
  let options: MessagingOptions;
  let connection: AmqpConnection;
  let admin: ChannelModel;
  let channel: Channel;
  let sut: EventSubscriber;
  const states: string[] = [];
  const refused: string[] = [];

  beforeAll(async () => {
    Logger.overrideLogger(false);
    options = {
      amqpUrl: serversEnv().AMQP_URL,
      namespace: `messaging-instance-test-${randomBytes(4).toString('hex')}`,
      service: 'auth-gateway',
      rpcTimeoutMs: 15_000,
    };
    connection = new AmqpConnection(options);
    await connection.channel();
    admin = await connect(options.amqpUrl);
    channel = await admin.createChannel();
    sut = new EventSubscriber(options);
    sut.subscribe('cache', ['auth.#'], () => Promise.resolve(), {
      perInstance: true,
      onSubscribed: () => states.push('subscribed'),
      onLost: () => states.push('lost'),
      onRefused: (routingKey) => refused.push(routingKey),
    });
    await waitUntil(() => states.length === 1);
  });

  afterAll(async () => {
    await sut?.onApplicationShutdown();
    await connection?.onApplicationShutdown();
    if (channel) {
      const ns = options.namespace;
      await channel.deleteQueue(topology.deadLetterQueue(ns));
      await channel.deleteExchange(topology.deadLetterExchange(ns));
      await channel.deleteExchange(topology.eventsExchange(ns));
    }
    await admin?.close();
  });

  it('is lost when the broker closes its connection, and subscribed again afterwards', async () => {
    const before = states.length;

    const closed = await closeBrokerConnections(
      serversEnv(),
      `${options.namespace}.auth-gateway.cache`,
    );

    expect(closed).toBe(1);
    await waitUntil(() => states.length >= before + 2, 20_000);
    expect(states.slice(before)).toEqual(['lost', 'subscribed']);
  }, 30_000);

  it('is lost when its queue is deleted under it (the broker cancels the consumer), and subscribed again afterwards', async () => {
    const before = states.length;

    const deleted = await deleteBrokerQueues(
      serversEnv(),
      `${options.namespace}.auth-gateway.cache.`,
    );

    expect(deleted).toBe(1);
    await waitUntil(() => states.length >= before + 2, 20_000);
    expect(states.slice(before)).toEqual(['lost', 'subscribed']);
  }, 30_000);

  it('names an event it refused', async () => {
    channel.publish(
      topology.eventsExchange(options.namespace),
      'auth.failed.v2',
      Buffer.from('{"not":"an event"}'),
    );

    await waitUntil(() => refused.length > 0);
    expect(refused).toEqual(['auth.failed.v2']);
  });
});
