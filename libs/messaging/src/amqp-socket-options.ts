/**
 * amqplib's socket options for every connection this project opens.
 * `noDelay` (TCP_NODELAY, amqplib's default: off): without it Nagle's
 * algorithm holds a small frame back until the previous one is acknowledged,
 * and with delayed ACKs a request/reply hop on loopback cost about 40 ms
 * instead of well under one (docs: /work/shared/notes/toolchain.md, item 14).
 */
export const AMQP_SOCKET_OPTIONS = { noDelay: true, timeout: 10_000 } as const;

/** The same for Nest's ClientRMQ/ServerRMQ, which hand `connectionOptions` to amqplib through amqp-connection-manager. */
export const NEST_RMQ_SOCKET_OPTIONS = { connectionOptions: AMQP_SOCKET_OPTIONS };
