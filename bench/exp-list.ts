import 'reflect-metadata';
import { Client } from 'pg';
import { lastValueFrom, tap } from 'rxjs';
import { ListUsersQuery } from '@dirsync/contracts';
import { RpcClient } from '@dirsync/messaging';
import { DirsyncSystem } from '@dirsync/testing';

async function main() {
  const n = Number(process.argv[2] ?? 100000);
  const system = await DirsyncSystem.start({ services: ['user-store'], env: { LOG_LEVEL: 'warn' } });
  const pg = new Client({ connectionString: system.database.url });
  await pg.connect();
  await pg.query(`INSERT INTO users (id,user_name,full_name,auth_method,external_id,dn,privileges) SELECT gen_random_uuid(), 'user'||i, 'User '||i, 'directory', gen_random_uuid()::text, 'uid=user'||i||',ou=people,dc=example,dc=com', '{log-on,read-own-archive}' FROM generate_series(1,${n}) i`);
  await pg.query(`INSERT INTO user_email_addresses SELECT id, 0, user_name||'@example.com' FROM users`);
  await pg.end();
  const rpc = new RpcClient({ amqpUrl: system.servers.AMQP_URL, namespace: system.namespace, service: 'sync-planner', rpcTimeoutMs: 60000 });
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now();
    let pages = 0, users = 0, last = t0, maxGap = 0;
    await lastValueFrom(rpc.stream(ListUsersQuery.routingKey, { pageSize: 1000 }).pipe(tap((p) => { pages++; users += p.users.length; const now = performance.now(); maxGap = Math.max(maxGap, now - last); last = now; })));
    console.log(`round ${round}: ${users} users ${pages} pages in ${(performance.now() - t0).toFixed(0)} ms, max gap ${maxGap.toFixed(0)} ms`);
  }
  await rpc.onApplicationShutdown();
  await system.stop();
}
main().catch((e) => { console.error(e); process.exit(1); });
