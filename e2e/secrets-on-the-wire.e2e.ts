import { randomBytes } from 'node:crypto';
import { type Channel, type ChannelModel, connect, type ConsumeMessage } from 'amqplib';
import type { DirectorySettings } from '@dirsync/contracts';
import { DirsyncSystem, PrivateServer, waitUntil } from '@dirsync/testing';
import { DEMO, openLdapSample } from './support/demo-directory';

/** One message as RabbitMQ's firehose tracer saw it (`publish.<exchange>` or `deliver.<queue>`). */
interface Traced {
  routingKey: string;
  body: string;
  headers: string;
}

/**
 * Issue "The message backbone…", item 4: with RabbitMQ's firehose tracer on
 * (every message published to or delivered from any exchange or queue, copied
 * to `amq.rabbitmq.trace`), the whole system saves settings, tests them,
 * synchronizes, signs a user in and tests a password — and no known secret
 * (the service account's password, the AD FS client secret, a user's
 * password, right or wrong) appears in any message body or header, in clear
 * or base64. Nor in any service's log.
 */
describe('secrets on the wire', () => {
  let broker: PrivateServer;
  let system: DirsyncSystem;
  let tap: ChannelModel;
  let channel: Channel;
  const traced: Traced[] = [];

  const clientSecret = `adfs-Client-Secret-${randomBytes(8).toString('hex')}`;
  const wrongPassword = `wrong-Guess-${randomBytes(8).toString('hex')}`;
  let settings: DirectorySettings;
  let secrets: string[];

  const signIn = (userName: string, password: string) =>
    fetch(system.url('auth-gateway', '/api/v1/sessions/password'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userName, password }),
    });

  beforeAll(async () => {
    broker = await PrivateServer.rabbitmq();
    await broker.rabbitmqctl('trace_on');
    tap = await connect(broker.amqpUrl, { noDelay: true });
    channel = await tap.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, 'amq.rabbitmq.trace', '#');
    await channel.consume(
      queue,
      (message: ConsumeMessage | null) => {
        if (!message) return;
        traced.push({
          routingKey: message.fields.routingKey,
          body: message.content.toString('utf8'),
          headers: JSON.stringify(message.properties.headers ?? {}),
        });
      },
      { noAck: true },
    );

    system = await DirsyncSystem.start({
      amqpUrl: broker.amqpUrl,
      env: { SIGN_IN_FAILURE_MIN_MS: '50' },
    });
    const sample = openLdapSample(system.servers);
    settings = {
      ...sample,
      // AD FS configured beside LDAP sign-in, so that its client secret is stored and sent.
      authentication: {
        method: 'ldap',
        adfs: {
          discoveryUri: 'https://adfs.example.com/adfs/.well-known/openid-configuration',
          clientId: 'dirsync',
          clientSecret,
          redirectUri: system.url('auth-gateway', '/api/v1/sessions/adfs/callback'),
          alwaysRequireCredentials: false,
        },
      },
    };
    secrets = [sample.connection.bindPassword!, clientSecret, DEMO.password, wrongPassword];
  }, 240_000);

  afterAll(async () => {
    await system?.stop();
    await tap?.close();
    await broker?.destroy();
  }, 60_000);

  it('drives every flow that needs a secret, with the tracer on', async () => {
    expect((await system.admin('PUT', '/directory/settings', settings)).status).toBe(200);
    const test = await system.admin('POST', '/directory/test?wait=true');
    expect(test.body).toMatchObject({ state: 'succeeded', plan: { counts: { create: 44 } } });
    const sync = await system.admin('POST', '/directory/sync?wait=true');
    expect(sync.body).toMatchObject({ state: 'succeeded', applied: true });

    expect((await signIn('jgarcia', DEMO.password)).status).toBe(200);
    expect((await signIn('jgarcia', wrongPassword)).status).toBe(401);
    const tested = async (password: string) =>
      (await system.admin('POST', '/directory/test-authentication', { userName: 'gkim', password }))
        .body as { outcome: string };
    expect(await tested(DEMO.password)).toMatchObject({ outcome: 'success' });
    expect(await tested(wrongPassword)).toMatchObject({ outcome: 'invalid-credentials' });
    await system.events.waitForSignIns('auth.succeeded.v2', 1);
    await system.events.waitForSignIns('auth.failed.v2', 1);

    // Everything above was published before this marker: once the tracer shows it, it shows them all.
    const marker = `marker-${randomBytes(8).toString('hex')}`;
    const { queue } = await channel.assertQueue('', { exclusive: true });
    channel.sendToQueue(queue, Buffer.from(marker));
    await waitUntil(() => traced.some((message) => message.body === marker), 15_000);
  }, 180_000);

  it('saw the secret-carrying messages, sealed', () => {
    const bodies = traced.map((message) => message.body);
    const seen = (text: string) => bodies.filter((body) => body.includes(text)).length;
    expect(seen('"pattern":"settings.directory.get.v1"')).toBeGreaterThan(0);
    expect(seen('"audience":"directory-reader"')).toBeGreaterThan(0);
    expect(seen('"audience":"auth-gateway"')).toBeGreaterThan(0);
    expect(seen('"bindPasswordSealed":"t1:wire:')).toBeGreaterThan(0);
    expect(seen('"clientSecretSealed":"t1:wire:')).toBeGreaterThan(0);
    expect(seen('"pattern":"auth.verify-password.v1"')).toBe(2 * 2); // published and delivered
    expect(seen('"passwordSealed":"t1:wire:')).toBe(2 * 2);
    expect(traced.some((message) => message.routingKey.startsWith('publish.'))).toBe(true);
    expect(traced.some((message) => message.routingKey.startsWith('deliver.'))).toBe(true);
    expect(
      traced.filter((message) => message.headers.includes('auth.succeeded.v2')).length,
    ).toBeGreaterThan(0);
  });

  it('found no secret in any message body or header, in clear or base64', () => {
    const leaks = traced.flatMap((message) =>
      secrets.flatMap((secret) =>
        [secret, Buffer.from(secret).toString('base64')]
          .filter((form) => message.body.includes(form) || message.headers.includes(form))
          .map(() => `${message.routingKey}: ${secret}`),
      ),
    );
    expect(leaks).toEqual([]);
  });

  it("found no secret in any service's log", () => {
    const output = system.processes.allOutput();
    expect(output.length).toBeGreaterThan(0);
    expect(secrets.filter((secret) => output.some((line) => line.includes(secret)))).toEqual([]);
  });
});
