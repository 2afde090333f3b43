import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { connect } from 'amqplib';
import {
  EventPublisher,
  MessagingModule,
  messagingOptionsFromEnv,
  RpcClient,
  rpcServerOptions,
  topology,
  TransportSealer,
} from '@dirsync/messaging';
import { AppErrorHttpFilter, hardenHttp, strictValidationPipe } from '@dirsync/service-kit';
import type { DirectorySettings, EventPayload } from '@dirsync/contracts';
import {
  EventCapture,
  freePort,
  serversEnv,
  type ServersEnv,
  ThrowawayDatabase,
  waitUntil,
} from '@dirsync/testing';
import { AUTH_GATEWAY_CONTROLLERS, authGatewayProviders } from '../src/app.module';
import { type AuthGatewayEnv, loadAuthGatewayEnv } from '../src/config/auth-gateway.env';
import { DatabaseModule } from '../src/database/database.module';
import { LdapConnector } from '../src/directory/ldap-connector';
import { LdapPools } from '../src/directory/ldap-pools';
import { authGatewayHttpAdapter } from '../src/http/http-adapter';
import { SignInFailureWatch } from '../src/rate-limit/sign-in-failure-watch';
import { DirectorySettingsCache } from '../src/settings/directory-settings.cache';
import { StoredUserCache } from '../src/users/stored-user.cache';
import type { UserEventKey } from '../src/users/user-event-subjects';
import { CapturingLogger } from './capturing-logger';
import { FakeRpcClient } from './fake-rpc-client';

export interface HttpAnswer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
  ms: number;
}

/**
 * auth-gateway as main.ts assembles it (same controllers, providers, filter,
 * validation, prefix), on a free port, publishing to the real RabbitMQ under
 * a namespace of its own, counting failures in a PostgreSQL database of its
 * own (or one shared with another instance: `share`), with user-store and
 * config-api replaced by a FakeRpcClient. Needs the test servers; fails (not
 * skips) without them. Change the settings with `useSettings`: the gateway
 * caches them until config-api announces a save.
 */
export class GatewayUnderTest {
  private constructor(
    readonly app: INestApplication,
    readonly env: AuthGatewayEnv,
    readonly servers: ServersEnv,
    readonly baseUrl: string,
    readonly rpc: FakeRpcClient,
    readonly logger: CapturingLogger,
    readonly events: EventCapture,
    /** The database this instance created (and drops on close); undefined when it shares another's. */
    private readonly ownDatabase: ThrowawayDatabase | undefined,
  ) {}

  static async start(
    envOverrides: Record<string, string> = {},
    options: { rpcServer?: boolean; share?: GatewayUnderTest } = {},
  ) {
    const servers = serversEnv();
    const port = await freePort();
    const ownDatabase = options.share
      ? undefined
      : await ThrowawayDatabase.create(servers.DATABASE_URL, 'authgw');
    const env = loadAuthGatewayEnv({
      AMQP_URL: servers.AMQP_URL,
      AMQP_NAMESPACE:
        options.share?.env.AMQP_NAMESPACE ?? `authgw-test-${randomBytes(4).toString('hex')}`,
      DATABASE_URL: options.share?.env.DATABASE_URL ?? ownDatabase!.url,
      SESSION_SIGNING_KEY: randomBytes(32).toString('base64'),
      TRANSPORT_SEALING_KEYS:
        options.share?.env.TRANSPORT_SEALING_KEYS ?? `test:${randomBytes(32).toString('base64')}`,
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      SIGN_IN_FAILURE_MIN_MS: '200',
      RPC_TIMEOUT_MS: '10000',
      ...envOverrides,
    });
    const events = await EventCapture.start(
      servers.AMQP_URL,
      topology.eventsExchange(env.AMQP_NAMESPACE),
      'auth.#',
    );
    const rpc =
      options.share?.rpc ??
      new FakeRpcClient(TransportSealer.fromConfig(env.TRANSPORT_SEALING_KEYS));
    const logger = new CapturingLogger();
    const moduleRef = await Test.createTestingModule({
      imports: [
        MessagingModule.forRoot(messagingOptionsFromEnv(env, 'auth-gateway')),
        DatabaseModule.register(env.DATABASE_URL),
      ],
      controllers: AUTH_GATEWAY_CONTROLLERS,
      providers: authGatewayProviders(env),
    })
      .overrideProvider(RpcClient)
      .useValue(rpc)
      .compile();
    const app = moduleRef.createNestApplication<NestFastifyApplication>(
      authGatewayHttpAdapter(env),
      { logger, bodyParser: false },
    );
    hardenHttp(app);
    app.useGlobalFilters(new AppErrorHttpFilter());
    app.useGlobalPipes(strictValidationPipe());
    app.setGlobalPrefix('api/v1');
    if (options.rpcServer) {
      app.connectMicroservice(rpcServerOptions(messagingOptionsFromEnv(env, 'auth-gateway')));
      await app.startAllMicroservices();
    }
    await app.listen(port, '127.0.0.1');
    const gateway = new GatewayUnderTest(
      app,
      env,
      servers,
      `http://127.0.0.1:${port}`,
      rpc,
      logger,
      events,
      ownDatabase,
    );
    // From here on a save's announcement, user-store's user events and the notices of
    // failures recorded by any instance reach it.
    await waitUntil(
      () =>
        gateway.settingsCache.subscribed &&
        (gateway.userCache.subscribed || env.USER_CACHE_SIZE === 0) &&
        gateway.failureWatch.trusted,
    );
    return gateway;
  }

  get connector(): LdapConnector {
    return this.app.get(LdapConnector);
  }

  get pools(): LdapPools {
    return this.app.get(LdapPools);
  }

  get settingsCache(): DirectorySettingsCache {
    return this.app.get(DirectorySettingsCache);
  }

  get userCache(): StoredUserCache {
    return this.app.get(StoredUserCache);
  }

  get failureWatch(): SignInFailureWatch {
    return this.app.get(SignInFailureWatch);
  }

  /**
   * What config-api does on a save: the new settings, then `settings.changed.v1`
   * on the broker; resolves once this gateway has handled the announcement.
   */
  async useSettings(settings: DirectorySettings | null): Promise<void> {
    this.rpc.settings = settings;
    const handled = this.settingsCache.announcementsHandled;
    await this.app
      .get(EventPublisher)
      .publish('settings.changed.v1', { version: ++this.settingsVersion, changedFields: [] });
    await waitUntil(() => this.settingsCache.announcementsHandled > handled);
  }

  private settingsVersion = 1;

  /**
   * What user-store's outbox relay does after a change committed (change
   * `rpc.users` first): the user event on the broker; resolves once this
   * gateway has handled it.
   */
  async announceUserChange<K extends UserEventKey>(
    routingKey: K,
    payload: EventPayload<K>,
  ): Promise<void> {
    const handled = this.userCache.eventsHandled;
    await this.app.get(EventPublisher).publish(routingKey, payload);
    await waitUntil(() => this.userCache.eventsHandled > handled);
  }

  async post(
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpAnswer> {
    const started = performance.now();
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    const ms = performance.now() - started;
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      headers: response.headers,
      ms,
    };
  }

  /** Stops the app and removes what it declared on the broker (and its database, if it made one). */
  async close(): Promise<void> {
    await this.app.close();
    await this.events.stop();
    await this.ownDatabase?.drop();
    const connection = await connect(this.servers.AMQP_URL, { noDelay: true });
    try {
      const channel = await connection.createChannel();
      const ns = this.env.AMQP_NAMESPACE;
      await channel.deleteQueue(topology.requestQueue(ns, 'auth-gateway'));
      await channel.deleteQueue(topology.deadLetterQueue(ns));
      await channel.deleteExchange(topology.eventsExchange(ns));
      await channel.deleteExchange(topology.deadLetterExchange(ns));
    } finally {
      await connection.close();
    }
  }
}
