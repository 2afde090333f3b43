import { randomBytes } from 'node:crypto';
import { Controller, type INestMicroservice, Logger } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Test, type TestingModule } from '@nestjs/testing';
import { type Channel, type ChannelModel, connect, type GetMessage } from 'amqplib';
import { concat, from, lastValueFrom, type Observable, throwError, toArray } from 'rxjs';
import {
  FindUserQuery,
  type FindUserResult,
  ListUsersQuery,
  type UserPage,
} from '@dirsync/contracts';
import { AppError } from '@dirsync/service-kit';
import { serversEnv, storedUser, waitUntil } from '@dirsync/testing';
import { AmqpConnection } from './amqp-connection';
import type { MessagingOptions } from './messaging-options';
import { MessagingModule } from './messaging.module';
import { RpcClient } from './rpc-client';
import { RpcHandler } from './rpc-handler.decorator';
import { rpcServerOptions } from './rpc-server.options';
import { topology } from './topology';

const USERS = ['ann', 'bob', 'cid', 'dee', 'eve'].map((name) => storedUser(name));
/** What users.list.v2 carries of each user: what a sync compares. */
const LISTED = USERS.map(({ privileges: _p, createdAt: _c, updatedAt: _u, ...state }) => state);
/** A page size that makes the fake fail after its first page. */
const FAILING_PAGE_SIZE = 7;

/** Stands in for user-store: two of its requests, answered through @RpcHandler. */
@Controller()
class FakeUserStoreHandler {
  /** What each handler was given (only ever a validated request). */
  readonly received: unknown[] = [];

  @RpcHandler(FindUserQuery.routingKey)
  find(@Payload() query: FindUserQuery): FindUserResult {
    this.received.push(query);
    if (query.userName === 'gone') throw new AppError('not-found', 'no user "gone"');
    if (query.userName === 'boom') throw new Error('database password is hunter2');
    if (query.userName === 'garbled') return { user: { id: 42 } } as never;
    return { user: USERS.find((user) => user.userName === query.userName) ?? null };
  }

  @RpcHandler(ListUsersQuery.routingKey)
  list(@Payload() query: ListUsersQuery): Observable<UserPage> {
    this.received.push(query);
    const pages: UserPage[] = [];
    for (let i = 0; i < LISTED.length; i += query.pageSize) {
      const users = LISTED.slice(i, i + query.pageSize);
      pages.push({
        delta: false,
        users,
        removedIds: [],
        last: i + query.pageSize >= LISTED.length,
      });
    }
    if (query.pageSize !== FAILING_PAGE_SIZE) return from(pages);
    return concat(
      from([{ delta: false, users: [LISTED[0]!], removedIds: [], last: false }]),
      throwError(() => new AppError('conflict', 'the store changed while listing')),
    );
  }
}

/**
 * RpcClient against a real @RpcHandler server on the test RabbitMQ, in an
 * AMQP namespace of its own: replies, error replies with their codes,
 * validation on both ends, streams of pages, dead-lettering and timeouts.
 */
describe(RpcClient.name, () => {
  let options: MessagingOptions;
  let moduleRef: TestingModule;
  let server: INestMicroservice;
  let handler: FakeUserStoreHandler;
  let admin: ChannelModel;
  let channel: Channel;
  let sut: RpcClient;
  const clients: RpcClient[] = [];

  const client = (overrides: Partial<MessagingOptions> = {}) => {
    const created = new RpcClient({ ...options, service: 'config-api', ...overrides });
    clients.push(created);
    return created;
  };

  beforeAll(async () => {
    // The handlers' failures are on purpose: their error logs would only be noise.
    Logger.overrideLogger(false);
    options = {
      amqpUrl: serversEnv().AMQP_URL,
      namespace: `messaging-rpc-test-${randomBytes(4).toString('hex')}`,
      service: 'user-store',
      rpcTimeoutMs: 15_000,
    };
    moduleRef = await Test.createTestingModule({
      imports: [MessagingModule.forRoot(options)],
      controllers: [FakeUserStoreHandler],
    }).compile();
    server = moduleRef.createNestMicroservice(rpcServerOptions(options));
    await server.listen();
    handler = moduleRef.get(FakeUserStoreHandler);
    // The dead-letter exchange and queue, as a service declares them on its first use of the broker.
    await moduleRef.get(AmqpConnection).channel();
    admin = await connect(options.amqpUrl);
    channel = await admin.createChannel();
    sut = client();
  });

  afterAll(async () => {
    await Promise.all(clients.map((created) => created.onApplicationShutdown()));
    await server?.close();
    await moduleRef?.close();
    if (channel) {
      const ns = options.namespace;
      await channel.deleteQueue(topology.requestQueue(ns, 'user-store'));
      await channel.deleteQueue(topology.requestQueue(ns, 'config-api'));
      await channel.deleteQueue(topology.deadLetterQueue(ns));
      await channel.deleteExchange(topology.deadLetterExchange(ns));
      await channel.deleteExchange(topology.eventsExchange(ns));
    }
    await admin?.close();
  });

  beforeEach(() => {
    handler.received.length = 0;
  });

  /** The next message of the dead-letter queue (fails if none comes). */
  const deadLettered = async (): Promise<GetMessage> => {
    let message: GetMessage | false = false;
    await waitUntil(async () => {
      message = await channel.get(topology.deadLetterQueue(options.namespace), { noAck: true });
      return message !== false;
    });
    return message as unknown as GetMessage;
  };

  it('answers a request with the reply', async () => {
    await expect(sut.call('users.find.v1', { userName: 'bob' })).resolves.toEqual({
      user: USERS[1],
    });
    expect(handler.received).toEqual([{ userName: 'bob' }]);
  });

  it("carries a handler's error code and message to the caller", async () => {
    await expect(sut.call('users.find.v1', { userName: 'gone' })).rejects.toMatchObject({
      name: 'RemoteCallError',
      code: 'not-found',
      status: 404,
      message: 'no user "gone"',
      routingKey: 'users.find.v1',
    });
  });

  it('answers an unexpected failure as an internal error, without its detail', async () => {
    const error = await sut.call('users.find.v1', { userName: 'boom' }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'internal-error',
      status: 500,
      message: 'internal error (see the service log)',
    });
    expect(JSON.stringify(error)).not.toContain('hunter2');
  });

  it('refuses an invalid request with invalid-message, without running the handler', async () => {
    const error = await sut.call('users.find.v1', { userName: '' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid-message', status: 400 });
    expect(JSON.stringify((error as AppError).details)).toContain('userName');
    expect(handler.received).toEqual([]);
  });

  it('refuses a reply that breaks its contract as a protocol error', async () => {
    await expect(sut.call('users.find.v1', { userName: 'garbled' })).rejects.toMatchObject({
      code: 'protocol-error',
      status: 502,
    });
  });

  it('streams the pages of a reply in order, the last one marked', async () => {
    const pages = await lastValueFrom(sut.stream('users.list.v2', { pageSize: 2 }).pipe(toArray()));

    expect(pages.map((page) => page.users.map((user) => user.userName))).toEqual([
      ['ann', 'bob'],
      ['cid', 'dee'],
      ['eve'],
    ]);
    expect(pages.map((page) => page.last)).toEqual([false, false, true]);
  });

  it('ends a stream with the error the handler raised after some pages', async () => {
    const seen: UserPage[] = [];
    const error = await new Promise((resolve, reject) => {
      sut.stream('users.list.v2', { pageSize: FAILING_PAGE_SIZE }).subscribe({
        next: (page) => seen.push(page),
        error: resolve,
        complete: () => reject(new Error('the stream completed')),
      });
    });

    expect(seen).toHaveLength(1);
    expect(error).toMatchObject({ code: 'conflict', status: 409 });
  });

  it('dead-letters a request that is not JSON instead of dropping it', async () => {
    const body = Buffer.from('this is not { JSON');
    channel.sendToQueue(topology.requestQueue(options.namespace, 'user-store'), body);

    const message = await deadLettered();

    expect(message.content.toString()).toBe('this is not { JSON');
    expect(handler.received).toEqual([]);
  });

  it('dead-letters a message no handler knows', async () => {
    const body = Buffer.from(JSON.stringify({ pattern: 'users.unheard-of.v1', data: {} }));
    channel.sendToQueue(topology.requestQueue(options.namespace, 'user-store'), body);

    const message = await deadLettered();

    expect(JSON.parse(message.content.toString())).toEqual({
      pattern: 'users.unheard-of.v1',
      data: {},
    });
  });

  it('fails with service-unavailable when nobody answers in time', async () => {
    // Nothing consumes config-api's queue in this namespace.
    const impatient = client({ service: 'auth-gateway', rpcTimeoutMs: 200 });

    await expect(
      impatient.call('settings.directory.get.v1', { audience: 'auth-gateway' }),
    ).rejects.toMatchObject({
      name: 'RpcTimeoutError',
      code: 'service-unavailable',
      status: 503,
      message: 'no reply to settings.directory.get.v1 within 200 ms',
    });
  });
});
