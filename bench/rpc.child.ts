import 'reflect-metadata';
import { Controller, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Payload } from '@nestjs/microservices';
import { connect } from 'amqplib';
import { FindUserQuery, type FindUserResult } from '@dirsync/contracts';
import {
  AMQP_SOCKET_OPTIONS,
  MessagingModule,
  type MessagingOptions,
  RpcHandler,
  rpcServerOptions,
} from '@dirsync/messaging';

/**
 * The answering side of the RPC benchmark, in a process of its own as a
 * service would be: `nest` answers users.find.v1 through libs/messaging
 * (RpcServer, @RpcHandler: validation, envelope, ack), `raw` answers the
 * same bytes with bare amqplib. Prints "ready" once it consumes; stops on
 * SIGTERM.
 */
@Controller()
class NoOpHandler {
  @RpcHandler(FindUserQuery.routingKey)
  find(@Payload() _query: FindUserQuery): FindUserResult {
    return { user: null };
  }
}

async function nest(options: MessagingOptions) {
  @Module({ imports: [MessagingModule.forRoot(options)], controllers: [NoOpHandler] })
  class BenchServiceModule {}
  const app = await NestFactory.createMicroservice(BenchServiceModule, {
    ...rpcServerOptions(options),
    logger: false,
  });
  await app.listen();
  return () => app.close();
}

async function raw(options: MessagingOptions, queue: string) {
  const connection = await connect(options.amqpUrl, AMQP_SOCKET_OPTIONS);
  const channel = await connection.createChannel();
  await channel.assertQueue(queue, { durable: true });
  await channel.prefetch(4);
  const reply = Buffer.from(JSON.stringify({ response: { status: 'ok', value: { user: null } } }));
  await channel.consume(queue, (message) => {
    if (!message) return;
    channel.sendToQueue(message.properties.replyTo as string, reply, {
      correlationId: message.properties.correlationId as string,
    });
    channel.ack(message);
  });
  return () => connection.close();
}

async function main() {
  Logger.overrideLogger(false);
  const [mode, amqpUrl, namespace, rawQueue] = process.argv.slice(2);
  const options: MessagingOptions = {
    amqpUrl: amqpUrl ?? '',
    namespace: namespace ?? '',
    service: 'user-store',
    rpcTimeoutMs: 10_000,
  };
  const stop = mode === 'raw' ? await raw(options, rawQueue ?? '') : await nest(options);
  process.once('SIGTERM', () => {
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  process.stdout.write('ready\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error).stack ?? error)}\n`);
  process.exit(1);
});
