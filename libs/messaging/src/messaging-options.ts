import type { ServiceName } from '@dirsync/contracts';

export interface MessagingOptions {
  /** amqp://user:password@host:port */
  amqpUrl: string;
  /** Prefix of every queue and exchange (default `dirsync`). */
  namespace: string;
  /** The service this process is; names its request queue. */
  service: ServiceName;
  /** How long to wait for a reply (for streams: for each page). */
  rpcTimeoutMs: number;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
