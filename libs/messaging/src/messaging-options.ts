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
  /**
   * For amqps:// URLs: the CA(s) to trust instead of the system's, and the
   * name the broker's certificate must carry if not the URL's host. The
   * certificate is always verified.
   */
  tls?: { ca?: Buffer; servername?: string };
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
