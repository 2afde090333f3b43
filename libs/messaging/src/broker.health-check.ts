import { Injectable } from '@nestjs/common';
import type { HealthCheck } from '@dirsync/service-kit';
import { AmqpConnection } from './amqp-connection';

@Injectable()
export class BrokerHealthCheck implements HealthCheck {
  readonly name = 'rabbitmq';

  constructor(private readonly amqp: AmqpConnection) {}

  async check() {
    await this.amqp.channel();
  }
}
