import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ServersEnv } from './servers-env';

const run = promisify(execFile);

/** The test RabbitMQ's rabbitmqctl with `args` (about 0.6 s a call: it boots an Erlang VM). */
async function rabbitmqctl(servers: ServersEnv, ...args: string[]): Promise<string> {
  const ctl = servers['RABBITMQ_CTL'];
  if (!ctl) throw new Error('RABBITMQ_CTL is not in servers.env: start the test servers');
  const { stdout } = await run(ctl, args, { timeout: 60_000 });
  return stdout;
}

/**
 * Has the test RabbitMQ close every connection whose client gave this
 * `connection_name` (EventSubscriber names its connections
 * `<namespace>.<service>.<subscription>`), as a broker that goes away or an
 * operator's `close_connection` would: the client sees the connection end
 * from the server's side. Resolves with how many were closed.
 */
export async function closeBrokerConnections(
  servers: ServersEnv,
  connectionName: string,
): Promise<number> {
  const listed = await rabbitmqctl(
    servers,
    'list_connections',
    'pid',
    'client_properties',
    '--no-table-headers',
    '--quiet',
  );
  const pids = listed
    .split('\n')
    .filter((line) => line.includes(`{"connection_name","${connectionName}"}`))
    .map((line) => /^<[^>]+>/.exec(line)?.[0])
    .filter((pid): pid is string => pid !== undefined);
  for (const pid of pids) await rabbitmqctl(servers, 'close_connection', pid, 'closed by a test');
  return pids.length;
}

/**
 * Deletes, as the broker's operator, every queue whose name starts with
 * `prefix` (exclusive ones too, which no other client may touch): their
 * consumers get the broker's cancel. Resolves with how many were deleted.
 */
export async function deleteBrokerQueues(servers: ServersEnv, prefix: string): Promise<number> {
  const listed = await rabbitmqctl(servers, 'list_queues', 'name', '--no-table-headers', '--quiet');
  const queues = listed
    .split('\n')
    .map((line) => line.trim())
    .filter((name) => name.startsWith(prefix));
  for (const queue of queues) await rabbitmqctl(servers, 'delete_queue', queue);
  return queues.length;
}
