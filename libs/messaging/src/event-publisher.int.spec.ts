import { randomBytes, randomUUID } from 'node:crypto';
import { type Channel, type ChannelModel, connect } from 'amqplib';
import type { EventPayload } from '@dirsync/contracts';
import { freePort, serversEnv } from '@dirsync/testing';
import { AmqpConnection } from './amqp-connection';
import { EventPublisher } from './event-publisher';
import type { MessagingOptions } from './messaging-options';
import { topology } from './topology';

/** An audit event of one refused sign-in: any event would do, this one names a user. */
const failed = (userName: string, method = 'ldap'): EventPayload<'auth.failed.v2'> => ({
  signIns: [
    {
      userName,
      method: method as 'ldap',
      clientAddress: '192.0.2.7',
      reason: 'invalid-credentials',
      occurredAt: '2026-01-02T03:04:05.000Z',
    },
  ],
});

/**
 * EventPublisher on the test RabbitMQ, in an AMQP namespace of its own: a
 * publish resolves only once the broker confirmed it, so the event is already
 * in every bound queue; invalid events are never sent.
 */
describe(EventPublisher.name, () => {
  let options: MessagingOptions;
  let connection: AmqpConnection;
  let admin: ChannelModel;
  let channel: Channel;
  let queue: string;
  let sut: EventPublisher;
  const shutdowns: AmqpConnection[] = [];

  beforeAll(async () => {
    options = {
      amqpUrl: serversEnv().AMQP_URL,
      namespace: `messaging-events-test-${randomBytes(4).toString('hex')}`,
      service: 'auth-gateway',
      rpcTimeoutMs: 15_000,
    };
    connection = new AmqpConnection(options);
    shutdowns.push(connection);
    sut = new EventPublisher(connection, options);
    admin = await connect(options.amqpUrl);
    channel = await admin.createChannel();
    await channel.assertExchange(topology.eventsExchange(options.namespace), 'topic', {
      durable: true,
    });
    ({ queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true }));
    await channel.bindQueue(queue, topology.eventsExchange(options.namespace), 'auth.#');
  });

  afterAll(async () => {
    await Promise.all(shutdowns.map((shutdown) => shutdown.onApplicationShutdown()));
    if (channel) {
      await channel.deleteQueue(topology.deadLetterQueue(options.namespace));
      await channel.deleteExchange(topology.deadLetterExchange(options.namespace));
      await channel.deleteExchange(topology.eventsExchange(options.namespace));
    }
    await admin?.close();
  });

  beforeEach(async () => {
    await channel.purgeQueue(queue);
  });

  const queued = async () => (await channel.checkQueue(queue)).messageCount;

  it('resolves once the broker confirmed: the event is already in the bound queue', async () => {
    const event = await sut.publish('auth.failed.v2', failed('ann'));

    expect(await queued()).toBe(1);
    const message = await channel.get(queue, { noAck: true });
    if (!message) throw new Error('the confirmed event is not in the queue');
    expect(JSON.parse(message.content.toString())).toEqual(event);
    expect(event).toEqual({
      ...failed('ann'),
      eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      occurredAt: expect.any(String),
    });
    expect(message.fields.routingKey).toBe('auth.failed.v2');
    expect(message.properties).toMatchObject({
      messageId: event.eventId,
      type: 'auth.failed.v2',
      appId: 'auth-gateway',
      contentType: 'application/json',
      deliveryMode: 2,
    });
  });

  it('keeps an eventId and occurredAt it is given (an outbox resends with its own)', async () => {
    const eventId = randomUUID();
    const event = await sut.publish('auth.failed.v2', {
      ...failed('bob'),
      eventId,
      occurredAt: '2026-01-02T03:04:05.000Z',
    });

    expect(event).toMatchObject({ eventId, occurredAt: '2026-01-02T03:04:05.000Z' });
  });

  it('refuses an invalid event and sends nothing', async () => {
    await expect(
      sut.publish('auth.failed.v2', failed('cid', 'carrier-pigeon')),
    ).rejects.toMatchObject({ code: 'invalid-event' });
    // A later valid event, once confirmed, is the only one queued.
    await sut.publish('auth.failed.v2', failed('dee'));

    expect(await queued()).toBe(1);
    const message = await channel.get(queue, { noAck: true });
    expect(message && JSON.parse(message.content.toString())).toMatchObject(failed('dee'));
  });

  it('rejects when the broker is unreachable', async () => {
    const down = { ...options, amqpUrl: `amqp://dirsync:dirsync@127.0.0.1:${await freePort()}` };
    const downConnection = new AmqpConnection(down);
    shutdowns.push(downConnection);

    await expect(
      new EventPublisher(downConnection, down).publish('auth.failed.v2', failed('eve')),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});
