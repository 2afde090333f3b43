import type { LdapConnection } from '@dirsync/ldap';

/** A connection handed out by the pool; `reused` when it served an earlier sign-in. */
export interface LeasedConnection {
  connection: LdapConnection;
  reused: boolean;
}

/**
 * At most `maxSize` open connections to one directory with one set of
 * connection settings. A connection comes back with `release` (it may serve
 * the next caller) or `discard` (closed: its bind failed, it errored, or its
 * state is unknown). One the server closed meanwhile is never handed out.
 * Callers beyond the limit wait for a connection to come back. `close()`
 * closes the idle ones at once and every leased one when it comes back.
 */
export class LdapConnectionPool {
  private readonly idle: LdapConnection[] = [];
  private readonly waiting: (() => void)[] = [];
  /** Open or opening connections, idle or leased. */
  private size = 0;
  private closed = false;

  constructor(
    private readonly open: () => Promise<LdapConnection>,
    readonly maxSize: number,
  ) {}

  async acquire(): Promise<LeasedConnection> {
    for (;;) {
      const idle = this.idle.pop();
      if (idle) {
        if (idle.isOpen) return { connection: idle, reused: true };
        this.forget(idle);
        continue;
      }
      // A closed pool still serves whoever was waiting; each connection is closed on return.
      if (this.size < this.maxSize || this.closed) {
        this.size += 1;
        try {
          return { connection: await this.open(), reused: false };
        } catch (error) {
          this.size -= 1;
          this.wakeOne();
          throw error;
        }
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  /** The connection may serve the next caller: it is bound (whoever binds next re-binds) and healthy. */
  release(connection: LdapConnection): void {
    if (this.closed || !connection.isOpen) {
      this.forget(connection);
      return;
    }
    this.idle.push(connection);
    this.wakeOne();
  }

  /** Closes the connection and frees its place. */
  discard(connection: LdapConnection): void {
    this.forget(connection);
  }

  /** Idle connections in the pool (tests, metrics). */
  get idleCount(): number {
    return this.idle.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    const idle = this.idle.splice(0);
    this.size -= idle.length;
    for (const wake of this.waiting.splice(0)) wake();
    await Promise.all(idle.map((connection) => connection.close()));
  }

  private forget(connection: LdapConnection): void {
    this.size -= 1;
    void connection.close();
    this.wakeOne();
  }

  private wakeOne(): void {
    this.waiting.shift()?.();
  }
}
