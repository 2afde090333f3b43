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

/**
 * Every request queue is declared with these (server and clients must agree).
 * Classic, not quorum, on purpose: on RabbitMQ 3.10 a quorum queue (which
 * would give `x-delivery-limit`) added about 1 ms to every hop here (its Raft
 * log is fsynced before delivery: p50 0.44 → 1.2-1.5 ms, raw amqplib, loopback),
 * and changing an existing queue's type needs a new name or a deletion. The
 * bound on attempts lives in RpcServer instead: a request redelivered because
 * its consumer died goes back with a count and is dead-lettered after
 * MAX_UNFINISHED_ATTEMPTS; everything else is settled on its first delivery.
 */
export function requestQueueOptions(namespace: string) {
  return {
    durable: true,
    arguments: { 'x-dead-letter-exchange': topology.deadLetterExchange(namespace) },
  };
}
