import type { MessagingOptions } from './messaging-options';

/**
 * amqplib's socket options for every connection this project opens.
 * `noDelay` (TCP_NODELAY, amqplib's default: off): without it Nagle's
 * algorithm holds a small frame back until the previous one is acknowledged,
 * and with delayed ACKs a request/reply hop on loopback cost about 40 ms
 * instead of well under one (docs: /work/shared/notes/toolchain.md, item 14).
 */
export const AMQP_SOCKET_OPTIONS = { noDelay: true, timeout: 10_000 } as const;

/**
 * The socket options of one service's connections: the above plus, for
 * amqps://, the CA to trust and the name to check (Node's TLS always verifies
 * the certificate and the host name; nothing here turns that off).
 */
export function amqpSocketOptions(options: Pick<MessagingOptions, 'tls'>) {
  return {
    ...AMQP_SOCKET_OPTIONS,
    ...(options.tls?.ca ? { ca: [options.tls.ca] } : {}),
    ...(options.tls?.servername ? { servername: options.tls.servername } : {}),
  };
}

/** The same for Nest's ClientRMQ/ServerRMQ, which hand `connectionOptions` to amqplib through amqp-connection-manager. */
export function nestRmqSocketOptions(options: Pick<MessagingOptions, 'tls'>) {
  return { connectionOptions: amqpSocketOptions(options) };
}
