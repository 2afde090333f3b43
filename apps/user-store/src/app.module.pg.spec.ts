import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { lastValueFrom, toArray } from 'rxjs';
import { DataSource } from 'typeorm';
import {
  ApplySyncPlanCommand,
  ClaimSyncRunCommand,
  CreateLocalUserCommand,
  CreateSyncRunCommand,
  DeleteLocalUserCommand,
  FindUserByEmailQuery,
  FindUserQuery,
  GetSyncRunQuery,
  GetUserQuery,
  ListUsersQuery,
  USER_LIST_MARK,
  Privilege,
  CompletePlanCommand,
  type PlannedUserChange,
  SetUserPrivilegesCommand,
  planPageOf,
  StagePlanPageCommand,
} from '@dirsync/contracts';
import {
  messagingOptionsFromEnv,
  RemoteCallError,
  RpcClient,
  rpcServerOptions,
  topology,
} from '@dirsync/messaging';
import { bootstrapService, loadEnv } from '@dirsync/service-kit';
import { EventCapture, freePort, serversEnv, ThrowawayDatabase } from '@dirsync/testing';
import { AppModule } from './app.module';
import { directoryUser } from '@dirsync/testing';
import { UserStoreEnv } from './config/user-store.env';
import { TestBroker } from '../test/test-broker';
import { planSummary } from '../test/user-store-test-database';

/**
 * user-store as it runs: the real module on a fresh database (migrations run
 * at start-up) and its own AMQP namespace, called over RabbitMQ by a client
 * as the other services call it.
 */
describe(AppModule.name, () => {
  let broker: TestBroker;
  let database: ThrowawayDatabase;
  let app: INestApplication;
  let port: number;
  let rpc: RpcClient;
  /** The runs' events (the broker's capture binds only `user.#`). */
  let runEvents: EventCapture;

  beforeAll(async () => {
    broker = await TestBroker.start();
    runEvents = await EventCapture.start(
      broker.amqpUrl,
      topology.eventsExchange(broker.namespace),
      'sync.run.#',
    );
    database = await ThrowawayDatabase.create(serversEnv().DATABASE_URL, 'user_store');
    port = await freePort();
    const env = loadEnv(UserStoreEnv, {
      AMQP_URL: broker.amqpUrl,
      AMQP_NAMESPACE: broker.namespace,
      DATABASE_URL: database.url,
      LOG_LEVEL: 'silent',
      RPC_TIMEOUT_MS: '10000',
    });
    const messaging = messagingOptionsFromEnv(env, 'user-store');
    app = await bootstrapService({
      module: AppModule.register(env),
      httpHost: '127.0.0.1',
      httpPort: port,
      microservice: rpcServerOptions(messaging),
    });
    rpc = new RpcClient({ ...messaging, service: 'sync-planner' });
  }, 30_000);

  afterAll(async () => {
    await rpc?.onApplicationShutdown();
    await app?.close();
    await runEvents?.stop();
    await broker?.close();
    await database?.drop();
  });

  /** A sync run created and claimed over RabbitMQ, as config-api and sync-planner do before an apply. */
  async function leasedSyncRun() {
    const { run } = await rpc.call(CreateSyncRunCommand.routingKey, {
      mode: 'sync',
      requestedBy: 'admin',
      settingsVersion: 1,
      allowMassDelete: false,
    });
    const lease = await rpc.call(ClaimSyncRunCommand.routingKey, {
      runId: run.id,
      worker: 'app-module-test',
    });
    return { runId: run.id, leaseToken: lease.leaseToken };
  }

  /** Stages `changes` as the run's plan over RabbitMQ, as sync-planner does. */
  async function stageOverRpc(
    lease: { runId: string; leaseToken: number },
    changes: PlannedUserChange[],
  ) {
    await rpc.call(StagePlanPageCommand.routingKey, {
      ...lease,
      first: 0,
      ...planPageOf(changes),
    });
    await rpc.call(CompletePlanCommand.routingKey, {
      ...lease,
      lines: changes.length,
      summary: planSummary(changes),
      withdrawn: [],
    });
  }

  it('reports the database and the broker as up', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/health`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      checks: { postgres: 'up', rabbitmq: 'up' },
    });
  });

  it('streams an empty store as one last page', async () => {
    const pages = await lastValueFrom(
      rpc.stream(ListUsersQuery.routingKey, { pageSize: 10 }).pipe(toArray()),
    );

    expect(pages).toEqual([
      {
        delta: false,
        users: [],
        removedIds: [],
        last: true,
        mark: expect.stringMatching(USER_LIST_MARK),
      },
    ]);
  });

  it('creates, finds, lists, applies and deletes over RabbitMQ, and publishes every change', async () => {
    const { user: admin } = await rpc.call(CreateLocalUserCommand.routingKey, {
      userName: 'admin',
      fullName: 'Local Admin',
      emailAddresses: ['admin@example.com'],
      privileges: [Privilege.LogOn],
    });
    const lease = await leasedSyncRun();
    await stageOverRpc(lease, [
      {
        action: 'create',
        userName: 'ann',
        directoryUser: directoryUser('ann'),
        privileges: [Privilege.LogOn],
      },
    ]);
    const applied = await rpc.call(ApplySyncPlanCommand.routingKey, lease);
    const found = await rpc.call(FindUserQuery.routingKey, { userName: 'ANN' });
    const byEmail = await rpc.call(FindUserByEmailQuery.routingKey, {
      emailAddress: 'Admin@Example.com',
    });
    const pages = await lastValueFrom(
      rpc.stream(ListUsersQuery.routingKey, { pageSize: 1 }).pipe(toArray()),
    );
    const deleted = await rpc.call(DeleteLocalUserCommand.routingKey, { userId: admin.id });
    const { run } = await rpc.call(GetSyncRunQuery.routingKey, { runId: lease.runId });
    const since = await lastValueFrom(
      rpc
        .stream(ListUsersQuery.routingKey, { pageSize: 10, since: pages.at(-1)?.mark ?? '' })
        .pipe(toArray()),
    );

    expect(applied).toEqual({ created: 1, updated: 0, renamed: 0, deleted: 0 });
    expect(found.user).toMatchObject({
      userName: 'ann',
      authMethod: 'directory',
      privileges: ['log-on'],
    });
    expect(byEmail.user?.id).toBe(admin.id);
    expect(since).toEqual([
      {
        delta: true,
        users: [],
        removedIds: [admin.id],
        last: true,
        mark: expect.stringMatching(USER_LIST_MARK),
      },
    ]);
    expect(pages.map((page) => [page.users.length, page.last])).toEqual([
      [1, false],
      [1, true],
    ]);
    expect(deleted).toEqual({ userId: admin.id, archiveFolderId: expect.any(String) });
    await broker.events.waitFor('user.deleted.v1', 1);
    expect(broker.events.events.map((event) => [event.routingKey, event.body['runId']])).toEqual([
      ['user.created.v1', null],
      ['user.created.v1', lease.runId],
      ['user.deleted.v1', null],
    ]);
    expect(run).toMatchObject({ id: lease.runId, state: 'succeeded', applied: true });
    const [completed] = await runEvents.waitFor('sync.run.completed.v1', 1);
    expect(completed?.body).toMatchObject({ runId: lease.runId, mode: 'sync' });
  });

  it('answers a refused plan with an error reply and applies nothing', async () => {
    const lease = await leasedSyncRun();
    // The plan deletes a user the store no longer holds: it is stale.
    await stageOverRpc(lease, [
      { action: 'create', userName: 'bob', directoryUser: directoryUser('bob'), privileges: [] },
      {
        action: 'delete',
        userName: 'carl',
        userId: randomUUID(),
        reason: 'no-longer-in-directory',
      },
    ]);
    const call = rpc.call(ApplySyncPlanCommand.routingKey, lease);

    await expect(call).rejects.toBeInstanceOf(RemoteCallError);
    await expect(call).rejects.toMatchObject({ code: 'stale-plan', status: 409 });
    expect((await rpc.call(FindUserQuery.routingKey, { userName: 'bob' })).user).toBeNull();
    const { run } = await rpc.call(GetSyncRunQuery.routingKey, { runId: lease.runId });
    expect(run).toMatchObject({ state: 'running', applied: false });
  });

  it('shows a user with its archive folder and sets its privileges over RabbitMQ, announcing the change', async () => {
    const { user } = await rpc.call(CreateLocalUserCommand.routingKey, {
      userName: 'helpdesk',
      fullName: null,
      emailAddresses: [],
      privileges: [Privilege.LogOn],
    });
    const before = broker.events.of('user.updated.v1').length;

    const details = await rpc.call(GetUserQuery.routingKey, { userId: user.id });
    const set = await rpc.call(SetUserPrivilegesCommand.routingKey, {
      userId: user.id,
      privileges: [Privilege.LogOn, Privilege.AdministerDirectory],
    });
    const wrong = rpc.call(SetUserPrivilegesCommand.routingKey, {
      userId: user.id,
      privileges: ['log-on', 'root'] as Privilege[],
    });

    expect(details.user).toMatchObject({
      id: user.id,
      archiveFolder: { id: expect.any(String), name: 'helpdesk' },
    });
    expect(set).toMatchObject({
      changed: true,
      previousPrivileges: [Privilege.LogOn],
      user: { privileges: [Privilege.LogOn, Privilege.AdministerDirectory] },
    });
    await expect(wrong).rejects.toMatchObject({
      code: 'invalid-message',
      details: [
        { field: 'privileges', message: expect.stringContaining('"root" is not a privilege') },
      ],
    });
    const [updated] = (await broker.events.waitFor('user.updated.v1', before + 1)).slice(before);
    expect(updated?.body).toMatchObject({
      runId: null,
      user: { id: user.id, privileges: [Privilege.LogOn, Privilege.AdministerDirectory] },
      changes: [{ field: 'privileges' }],
    });
  });

  it('closes the database on shutdown', async () => {
    const dataSource = app.get(DataSource);

    await app.close();

    expect(dataSource.isInitialized).toBe(false);
  });
});
