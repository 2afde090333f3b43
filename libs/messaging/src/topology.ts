import type { ServiceName } from '@dirsync/contracts';

/**
 * Names of everything this project declares on RabbitMQ. Requests to a
 * service go to its queue; events go to the topic exchange; messages a
 * service refuses (broken JSON, unknown pattern, invalid event) are
 * dead-lettered to a queue an operator can inspect, never dropped.
 */
export const topology = {
  requestQueue: (namespace: string, service: ServiceName) => `${namespace}.${service}`,
  eventsExchange: (namespace: string) => `${namespace}.events`,
  deadLetterExchange: (namespace: string) => `${namespace}.dead-letter`,
  deadLetterQueue: (namespace: string) => `${namespace}.dead-letter`,
};

/** Every request queue is declared with these (server and clients must agree). */
export function requestQueueOptions(namespace: string) {
  return {
    durable: true,
    arguments: { 'x-dead-letter-exchange': topology.deadLetterExchange(namespace) },
  };
}
