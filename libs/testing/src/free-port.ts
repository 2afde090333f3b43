import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Lowest port handed out: below it, ports of other well-known software are more common. */
const LOWEST_PORT = 20_000;

/**
 * A TCP port nothing listens on right now (on 127.0.0.1), below the range
 * Linux gives outgoing connections their local ports from (32768–60999 by
 * default). The tests stop servers and start them again on the same port; a
 * port from that range can be taken in between by any connection the busy
 * machine opens, and the server then cannot listen again.
 */
export async function freePort(): Promise<number> {
  const below = ephemeralRangeStart();
  for (let attempt = 0; attempt < 50 && below > LOWEST_PORT + 1_000; attempt += 1) {
    const port = LOWEST_PORT + Math.floor(Math.random() * (below - LOWEST_PORT));
    if (await canListen(port)) return port;
  }
  // A machine whose range starts too low (or is full): any port the kernel picks.
  return listenOnce(0);
}

function ephemeralRangeStart(): number {
  try {
    const [first] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/);
    return Number(first) || 0;
  } catch {
    return 0;
  }
}

async function canListen(port: number): Promise<boolean> {
  try {
    return (await listenOnce(port)) === port;
  } catch {
    return false;
  }
}

/** Listens on `port` (0: any), closes, and resolves with the port it got. */
function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const got = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(got));
    });
  });
}
