import { randomBytes } from 'node:crypto';
import { connect } from 'amqplib';
import {
  AmqpConnection,
  EventPublisher,
  type MessagingOptions,
  topology,
} from '@dirsync/messaging';
import { EventCapture, freePort, serversEnv } from '@dirsync/testing';

/**
 * An AMQP namespace of its own on the test RabbitMQ (`.state/test/servers.env`;
 * missing means the test fails), a queue bound to its events exchange as a
 * subscriber would bind one, and publishers to it. `close` deletes what the
 * namespace declared.
 */
export class TestBroker {
  private readonly connections: AmqpConnection[] = [];

  private constructor(
    readonly amqpUrl: string,
    readonly namespace: string,
    readonly events: EventCapture,
  ) {}

  static async start(): Promise<TestBroker> {
    const { AMQP_URL } = serversEnv();
    const namespace = `user-store-test-${randomBytes(4).toString('hex')}`;
    const events = await EventCapture.start(AMQP_URL, topology.eventsExchange(namespace), 'user.#');
    return new TestBroker(AMQP_URL, namespace, events);
  }

  /** A publisher on its own connection, as another instance of the service would have. */
  publisher(amqpUrl = this.amqpUrl): EventPublisher {
    const options: MessagingOptions = {
      amqpUrl,
      namespace: this.namespace,
      service: 'user-store',
      rpcTimeoutMs: 5_000,
    };
    const connection = new AmqpConnection(options);
    this.connections.push(connection);
    return new EventPublisher(connection, options);
  }

  /** A publisher whose broker URL points at a port nothing listens on: RabbitMQ is "down". */
  async deadPublisher(): Promise<EventPublisher> {
    return this.publisher(`amqp://dirsync:dirsync@127.0.0.1:${await freePort()}`);
  }

  async close(): Promise<void> {
    await Promise.all(this.connections.map((connection) => connection.onApplicationShutdown()));
    await this.events.stop().catch(() => undefined);
    const admin = await connect(this.amqpUrl, { noDelay: true });
    try {
      const channel = await admin.createChannel();
      await channel.deleteQueue(topology.requestQueue(this.namespace, 'user-store'));
      await channel.deleteQueue(topology.deadLetterQueue(this.namespace));
      await channel.deleteExchange(topology.deadLetterExchange(this.namespace));
      await channel.deleteExchange(topology.eventsExchange(this.namespace));
    } finally {
      await admin.close();
    }
  }
}
