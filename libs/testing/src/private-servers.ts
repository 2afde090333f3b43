import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';
import { REPO_ROOT } from './servers-env';

const run = promisify(execFile);

type PrivateServerScript = 'rabbitmq.sh' | 'slapd.sh' | 'postgres.sh';

/**
 * A RabbitMQ, slapd or PostgreSQL of a test's own (own state folder, own ports), for
 * tests that stop and start servers: the shared test servers must never
 * go down under another test. Started and stopped with the project's infra
 * scripts, like the shared ones.
 */
export class PrivateServer {
  private constructor(
    private readonly script: PrivateServerScript,
    private readonly env: NodeJS.ProcessEnv,
    readonly state: string,
    readonly ports: Record<string, number>,
  ) {}

  /**
   * `tlsDir`: also listen for amqps (port `amqps`) with the server.pem/server.key
   * that infra/slapd.sh made there (for 127.0.0.1 and ldap.dirsync.test, signed by its ca.pem).
   */
  static async rabbitmq(options: { tlsDir?: string } = {}): Promise<PrivateServer> {
    const ports: Record<string, number> = {
      amqp: await freePort(),
      dist: await freePort(),
      epmd: await freePort(),
      ...(options.tlsDir ? { amqps: await freePort() } : {}),
    };
    return PrivateServer.create('rabbitmq.sh', ports, {
      DIRSYNC_AMQP_PORT: String(ports['amqp']),
      DIRSYNC_AMQP_DIST_PORT: String(ports['dist']),
      DIRSYNC_EPMD_PORT: String(ports['epmd']),
      ...(options.tlsDir
        ? { DIRSYNC_AMQPS_PORT: String(ports['amqps']), DIRSYNC_AMQP_TLS_DIR: options.tlsDir }
        : {}),
    });
  }

  /** The node's rabbitmqctl (infra/rabbitmq.sh's wrapper) with `args`, e.g. `['trace_on']`. */
  async rabbitmqctl(...args: string[]): Promise<string> {
    if (this.script !== 'rabbitmq.sh') throw new Error('rabbitmqctl: not a RabbitMQ');
    const { stdout } = await run(join(this.state, 'rabbitmqctl'), args, { timeout: 60_000 });
    return stdout;
  }

  /** A PostgreSQL cluster of the test's own (role and database `dirsync`, as the shared one). */
  static async postgres(): Promise<PrivateServer> {
    const ports = { pg: await freePort() };
    return PrivateServer.create('postgres.sh', ports, { DIRSYNC_PG_PORT: String(ports.pg) });
  }

  /** `ldif`: the directory to load (default: the demo directory). */
  static async slapd(ldif?: string): Promise<PrivateServer> {
    const ports = { ldap: await freePort(), ldaps: await freePort() };
    return PrivateServer.create('slapd.sh', ports, {
      DIRSYNC_LDAP_PORT: String(ports.ldap),
      DIRSYNC_LDAPS_PORT: String(ports.ldaps),
      ...(ldif ? { DIRSYNC_SLAPD_LDIF: ldif } : {}),
    });
  }

  private static async create(
    script: PrivateServerScript,
    ports: Record<string, number>,
    extra: Record<string, string>,
  ) {
    const state = join(REPO_ROOT, '.state', `private-${randomBytes(4).toString('hex')}`);
    const env = { ...process.env, DIRSYNC_PROFILE: 'test', DIRSYNC_STATE: state, ...extra };
    const server = new PrivateServer(script, env, state, ports);
    await server.start();
    return server;
  }

  get amqpUrl(): string {
    return `amqp://dirsync:dirsync@127.0.0.1:${this.ports['amqp']}`;
  }

  /** The TLS listener (only with `tlsDir`): its certificate is for 127.0.0.1 and ldap.dirsync.test. */
  get amqpsUrl(): string {
    if (!this.ports['amqps']) throw new Error('this RabbitMQ was started without tlsDir');
    return `amqps://dirsync:dirsync@127.0.0.1:${this.ports['amqps']}`;
  }

  get databaseUrl(): string {
    return `postgres://dirsync:dirsync@127.0.0.1:${this.ports['pg']}/dirsync`;
  }

  async start(): Promise<void> {
    await run('bash', [join(REPO_ROOT, 'infra', this.script), 'start'], {
      env: this.env,
      timeout: 120_000,
    });
  }

  async stop(): Promise<void> {
    await run('bash', [join(REPO_ROOT, 'infra', this.script), 'stop'], {
      env: this.env,
      timeout: 60_000,
    });
  }

  /**
   * Sends a signal to slapd's process: SIGSTOP freezes it (connections are
   * accepted by the kernel, nothing is answered), SIGKILL ends it at once,
   * frozen or not, closing every connection — a server dying mid-operation.
   */
  async signalSlapd(signal: 'SIGSTOP' | 'SIGCONT' | 'SIGKILL'): Promise<void> {
    if (this.script !== 'slapd.sh') throw new Error('signalSlapd: not a slapd');
    const pid = Number((await readFile(join(this.state, 'slapd', 'slapd.pid'), 'utf8')).trim());
    process.kill(pid, signal);
  }

  /** Stops the server and removes its state folder. */
  async destroy(): Promise<void> {
    await this.stop().catch(() => undefined);
    await rm(this.state, { recursive: true, force: true });
  }
}
