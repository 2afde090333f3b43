import { randomBytes } from 'node:crypto';
import type { ServiceName } from '@dirsync/contracts';
import { EventCapture } from './event-capture';
import { freePort } from './free-port';
import { serversEnv, type ServersEnv } from './servers-env';
import { ServiceProcesses } from './service-processes';
import { ThrowawayDatabase } from './throwaway-database';

export const ALL_SERVICES: ServiceName[] = [
  'user-store',
  'directory-reader',
  'sync-planner',
  'config-api',
  'auth-gateway',
];

/**
 * The whole system for one test file: the five services on free ports, a
 * database of its own and an AMQP namespace of its own on the shared test
 * servers, and a capture of every event published.
 */
export class DirsyncSystem {
  readonly processes = new ServiceProcesses();
  readonly adminToken = `admin-${randomBytes(16).toString('hex')}`;
  readonly namespace = `e2e-${randomBytes(4).toString('hex')}`;
  readonly encryptionKey = randomBytes(32).toString('base64');
  readonly transportKey = randomBytes(32).toString('base64');
  /** One key for every auth-gateway instance, so a session one issues is valid at the others. */
  readonly sessionSigningKey = randomBytes(32).toString('base64');
  /** Ports of the further instances started with startInstance (`name#n`). */
  private readonly instancePorts = new Map<string, number>();

  private constructor(
    readonly servers: ServersEnv,
    readonly database: ThrowawayDatabase,
    readonly events: EventCapture,
    readonly ports: Record<ServiceName, number>,
  ) {}

  /**
   * `amqpUrl` / `databaseUrl`: a broker / PostgreSQL of the test's own instead of the shared one.
   * `eventPattern`: which events `events` collects (default `#`, all of them).
   */
  static async start(
    options: {
      services?: ServiceName[];
      env?: Record<string, string>;
      amqpUrl?: string;
      databaseUrl?: string;
      eventPattern?: string;
    } = {},
  ): Promise<DirsyncSystem> {
    const shared = serversEnv();
    const servers = {
      ...shared,
      ...(options.amqpUrl ? { AMQP_URL: options.amqpUrl } : {}),
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    };
    const database = await ThrowawayDatabase.create(servers.DATABASE_URL);
    const ports = {} as Record<ServiceName, number>;
    for (const name of ALL_SERVICES) ports[name] = await freePort();
    const placeholder = new DirsyncSystem(servers, database, undefined as never, ports);
    const events = await EventCapture.start(
      servers.AMQP_URL,
      `${placeholder.namespace}.events`,
      options.eventPattern,
    );
    const system = Object.assign(placeholder, { events });
    for (const name of options.services ?? ALL_SERVICES)
      await system.startService(name, options.env);
    return system;
  }

  /** The environment every service gets (each reads what it needs). */
  serviceEnv(extra: Record<string, string> = {}): Record<string, string> {
    return {
      AMQP_URL: this.servers.AMQP_URL,
      AMQP_NAMESPACE: this.namespace,
      DATABASE_URL: this.database.url,
      CONFIG_ENCRYPTION_KEYS: `test:${this.encryptionKey}`,
      TRANSPORT_SEALING_KEYS: `wire:${this.transportKey}`,
      ADMIN_TOKEN: this.adminToken,
      SESSION_SIGNING_KEY: this.sessionSigningKey,
      RPC_TIMEOUT_MS: '20000',
      // config-api signs directory users in to the admin console through auth-gateway.
      AUTH_GATEWAY_URL: this.url('auth-gateway', ''),
      LOG_LEVEL: 'debug',
      ...extra,
    };
  }

  startService(name: ServiceName, env: Record<string, string> = {}) {
    return this.processes.start(name, this.ports[name], this.serviceEnv(env));
  }

  /**
   * Instance `instance` of a service (2, 3, …) beside the first, on a port of
   * its own (the same port again when restarted), with the same environment:
   * competing consumers on the same queues, the same database.
   */
  async startInstance(name: ServiceName, instance: number, env: Record<string, string> = {}) {
    if (instance === 1) return this.startService(name, env);
    const key = `${name}#${instance}`;
    const port = this.instancePorts.get(key) ?? (await freePort());
    this.instancePorts.set(key, port);
    return this.processes.start(name, port, this.serviceEnv(env), undefined, instance);
  }

  /** The URL of a path on instance `instance` of a service. */
  instanceUrl(name: ServiceName, instance: number, path: string): string {
    return `${this.processes.get(name, instance).baseUrl}${path}`;
  }

  url(name: ServiceName, path: string): string {
    return `http://127.0.0.1:${this.ports[name]}${path}`;
  }

  /** An admin call to config-api's API. */
  async admin(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: any }> {
    const response = await fetch(this.url('config-api', `/api/v1${path}`), {
      method,
      headers: { authorization: `Bearer ${this.adminToken}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  /** Every planned change of a run, read page by page as an admin would (GET …/runs/:id/changes). */
  async planChanges(runId: string): Promise<any[]> {
    const changes: any[] = [];
    for (;;) {
      const { status, body } = await this.admin(
        'GET',
        `/directory/runs/${runId}/changes?offset=${changes.length}&limit=1000`,
      );
      if (status !== 200)
        throw new Error(`changes of run ${runId}: ${status} ${JSON.stringify(body)}`);
      changes.push(...body.changes);
      if (changes.length >= body.total || body.changes.length === 0) return changes;
    }
  }

  /** A run's planned changes as `action:userName`, in the plan's order. */
  async planActions(runId: string): Promise<string[]> {
    return (await this.planChanges(runId)).map((change) => `${change.action}:${change.userName}`);
  }

  async stop(): Promise<void> {
    await this.processes.stopAll();
    await this.events.stop().catch(() => undefined);
    await this.database.drop();
  }
}
