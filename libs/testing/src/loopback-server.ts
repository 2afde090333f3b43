import type { Server, Socket } from 'node:net';

/**
 * A test's own server (TCP, TLS or HTTP) listening on 127.0.0.1, whose
 * `close()` destroys every connection it still holds before closing.
 *
 * `server.close()` alone waits for every open connection to end, and whether a
 * client's hang-up is seen differs between Node releases (24.22.3 stopped
 * seeing it on a TLS socket dropped during the handshake's aftermath), so a
 * teardown that relies on it can hang for ever.
 */
export class LoopbackServer<S extends Server = Server> {
  private constructor(
    readonly server: S,
    readonly port: number,
    private readonly sockets: Set<Socket>,
  ) {}

  /** Starts `server` on 127.0.0.1 (an ephemeral port unless one is given). */
  static async listen<S extends Server>(server: S, port = 0): Promise<LoopbackServer<S>> {
    const sockets = new Set<Socket>();
    // TLS and HTTP servers report the raw TCP socket here too; destroying it ends the rest.
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    if (typeof address !== 'object' || !address) throw new Error('server has no TCP address');
    return new LoopbackServer(server, address.port, sockets);
  }

  /** Connections open right now. */
  get openConnections(): number {
    return this.sockets.size;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }
}
