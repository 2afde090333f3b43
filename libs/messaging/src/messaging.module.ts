import { type DynamicModule, Global, Module } from '@nestjs/common';
import { AmqpConnection } from './amqp-connection';
import { BrokerHealthCheck } from './broker.health-check';
import { EventPublisher } from './event-publisher';
import { EventSubscriber } from './event-subscriber';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging-options';
import { RpcClient } from './rpc-client';
import { RpcEnvelopeInterceptor } from './rpc-envelope.interceptor';

@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        AmqpConnection,
        EventPublisher,
        EventSubscriber,
        RpcClient,
        RpcEnvelopeInterceptor,
        BrokerHealthCheck,
      ],
      exports: [
        MESSAGING_OPTIONS,
        AmqpConnection,
        EventPublisher,
        EventSubscriber,
        RpcClient,
        RpcEnvelopeInterceptor,
        BrokerHealthCheck,
      ],
    };
  }
}
