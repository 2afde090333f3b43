import { Inject, Injectable } from '@nestjs/common';
import type { HealthCheck } from '@dirsync/service-kit';
import { AmqpConnection } from './amqp-connection';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging-options';
import { existingRpcDeliveries } from './rpc-deliveries';
import { topology } from './topology';

/**
 * Down when the broker cannot be reached, and when this service's request
 * consumer is stuck: not consuming, or holding a request longer than its
 * handlers may take (a connection that is up proves nothing about that).
 */
@Injectable()
export class BrokerHealthCheck implements HealthCheck {
  readonly name = 'rabbitmq';

  constructor(
    private readonly amqp: AmqpConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  async check() {
    await this.amqp.channel();
    const queue = topology.requestQueue(this.options.namespace, this.options.service);
    const problem = existingRpcDeliveries(queue)?.problem();
    if (problem) throw new Error(problem);
  }
}
