#!/usr/bin/env node
// Prints every event dirsync publishes, as another team's service would see
// them: a queue of its own bound to the topic exchange. Ctrl-C to stop.
//   node infra/watch-events.mjs [pattern]      (default '#'; e.g. 'user.#')
// AMQP_URL and AMQP_NAMESPACE default to the demo's.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { connect } = require('amqplib');

const demoEnv = new URL('../.state/demo/servers.env', import.meta.url);
const fromFile = (() => {
  try {
    return /^AMQP_URL=(.*)$/m.exec(readFileSync(demoEnv, 'utf8'))?.[1];
  } catch {
    return undefined;
  }
})();
const url = process.env.AMQP_URL ?? fromFile ?? 'amqp://dirsync:dirsync@127.0.0.1:25672';
const exchange = `${process.env.AMQP_NAMESPACE ?? 'dirsync'}.events`;
const pattern = process.argv[2] ?? '#';

const connection = await connect(url);
const channel = await connection.createChannel();
await channel.assertExchange(exchange, 'topic', { durable: true });
const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
await channel.bindQueue(queue, exchange, pattern);
console.error(`watching ${exchange} (${pattern}) on ${url.replace(/\/\/[^@]*@/, '//')}`);
await channel.consume(queue, (message) => {
  if (!message) return;
  console.log(
    JSON.stringify({
      routingKey: message.fields.routingKey,
      event: JSON.parse(message.content.toString()),
    }),
  );
  channel.ack(message);
});
process.on('SIGINT', () => void connection.close().then(() => process.exit(0)));
