import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { Controller, type INestMicroservice, Logger } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Test, type TestingModule } from '@nestjs/testing';
import { FindUserQuery, type FindUserResult } from '@dirsync/contracts';
import { BaseServiceEnv, loadEnv } from '@dirsync/service-kit';
import { PrivateServer, serversEnv, storedUser } from '@dirsync/testing';
import { AmqpConnection } from './amqp-connection';
import type { MessagingOptions } from './messaging-options';
import { messagingOptionsFromEnv } from './messaging-options.from-env';
import { MessagingModule } from './messaging.module';
import { RpcClient } from './rpc-client';
import { RpcHandler } from './rpc-handler.decorator';
import { rpcServerOptions } from './rpc-server.options';

@Controller()
class FakeUserStoreHandler {
  @RpcHandler(FindUserQuery.routingKey)
  find(@Payload() query: FindUserQuery): FindUserResult {
    return { user: storedUser(query.userName) };
  }
}

/**
 * amqps:// against a RabbitMQ of the test's own with a TLS listener whose
 * certificate (for 127.0.0.1 and ldap.dirsync.test) is signed by the test CA
 * that infra/slapd.sh made: the CA and server name of AMQP_CA_FILE /
 * AMQP_TLS_SERVERNAME reach amqplib (events) and Nest's RMQ client and server
 * (requests), and a certificate that does not check out is refused.
 */
describe('amqps://', () => {
  const servers = serversEnv();
  let broker: PrivateServer;
  let options: MessagingOptions;
  let moduleRef: TestingModule;
  let server: INestMicroservice;
  let client: RpcClient;

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    broker = await PrivateServer.rabbitmq({ tlsDir: dirname(servers.LDAP_CA_FILE) });
    options = {
      ...messagingOptionsFromEnv(
        loadEnv(BaseServiceEnv, {
          AMQP_URL: broker.amqpsUrl,
          AMQP_CA_FILE: servers.LDAP_CA_FILE,
          AMQP_NAMESPACE: `amqps-${randomBytes(4).toString('hex')}`,
        }),
        'user-store',
      ),
      rpcTimeoutMs: 15_000,
    };
    moduleRef = await Test.createTestingModule({
      imports: [MessagingModule.forRoot(options)],
      controllers: [FakeUserStoreHandler],
    }).compile();
    server = moduleRef.createNestMicroservice(rpcServerOptions(options));
    await server.listen();
    client = new RpcClient({ ...options, service: 'config-api' });
  }, 180_000);

  afterAll(async () => {
    await client?.onApplicationShutdown();
    await server?.close();
    await moduleRef?.close();
    await broker?.destroy();
  }, 60_000);

  /** Opens a connection with `tls` (amqplib's own path) and closes it again. */
  const connectWith = async (tls: MessagingOptions['tls']) => {
    const { tls: _configured, ...plain } = options;
    const connection = new AmqpConnection(tls ? { ...plain, tls } : plain);
    try {
      await connection.channel();
    } finally {
      await connection.onApplicationShutdown();
    }
  };

  it('carries requests and replies through Nest over TLS with the configured CA', async () => {
    expect(broker.amqpsUrl).toMatch(/^amqps:\/\/.*@127\.0\.0\.1:\d+$/);
    await expect(client.call(FindUserQuery.routingKey, { userName: 'ann' })).resolves.toMatchObject(
      {
        user: { userName: 'ann' },
      },
    );
  });

  it('opens amqplib connections with the CA, and with a server name the certificate carries', async () => {
    await expect(connectWith(options.tls)).resolves.toBeUndefined();
    await expect(
      connectWith({ ...options.tls, servername: 'ldap.dirsync.test' }),
    ).resolves.toBeUndefined();
  });

  it('refuses the broker without the CA (the system CAs do not know it)', async () => {
    await expect(connectWith(undefined)).rejects.toThrow(/certificate/);
  });

  it('refuses a certificate that does not carry the server name asked for', async () => {
    await expect(connectWith({ ...options.tls, servername: 'rabbit.example.com' })).rejects.toThrow(
      /does not match certificate's altnames/,
    );
  });
});
