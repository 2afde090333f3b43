import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceName } from '@dirsync/contracts';
import { REPO_ROOT } from './servers-env';

export interface RunningService {
  name: ServiceName;
  /** 1 for the first instance of the service; 2, 3, … for more beside it (scale-out). */
  instance: number;
  port: number;
  baseUrl: string;
  /** Every line the service wrote (stdout and stderr), for log assertions. */
  output: string[];
  process: ChildProcess;
}

/**
 * The services as they run in production: the built bundles in `dist/`,
 * started as separate processes with their own environment, ready once
 * their /health answers 200. Build first (`npm run build`).
 */
export class ServiceProcesses {
  /** By `name` for the first instance, `name#n` for the others. */
  private readonly running = new Map<string, RunningService>();

  async start(
    name: ServiceName,
    port: number,
    env: Record<string, string>,
    readyMs = 30_000,
    instance = 1,
  ): Promise<RunningService> {
    const main = join(REPO_ROOT, 'dist', 'apps', name, 'src', 'main.js');
    if (!existsSync(main))
      throw new Error(`${main} is missing: build the services first (npm run build)`);
    // Node refuses --cpu-prof in NODE_OPTIONS: DIRSYNC_NODE_ARGS passes flags on the command line.
    const nodeArgs = [
      ...serviceNodeOptions(),
      ...(env['DIRSYNC_NODE_ARGS']?.split(' ').filter(Boolean) ?? []),
    ];
    const child = spawn(process.execPath, ['--enable-source-maps', ...nodeArgs, main], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        ...env,
        HTTP_PORT: String(port),
        HTTP_HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const service: RunningService = {
      name,
      instance,
      port,
      baseUrl: `http://127.0.0.1:${port}`,
      output: [],
      process: child,
    };
    const collect = (chunk: Buffer) =>
      service.output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.running.set(instanceKey(name, instance), service);
    await this.waitUntilHealthy(service, readyMs);
    return service;
  }

  get(name: ServiceName, instance = 1): RunningService {
    const service = this.running.get(instanceKey(name, instance));
    if (!service) throw new Error(`${instanceKey(name, instance)} is not running`);
    return service;
  }

  /** Every line all services logged so far. */
  allOutput(): string[] {
    return [...this.running.values()].flatMap((service) => service.output);
  }

  /** SIGTERM and wait: the services shut down gracefully or the test fails. */
  async stop(name: ServiceName, ms = 15_000, instance = 1): Promise<number | null> {
    const service = this.running.get(instanceKey(name, instance));
    if (!service) return null;
    this.running.delete(instanceKey(name, instance));
    if (service.process.exitCode !== null) return service.process.exitCode;
    const exited = new Promise<number | null>((resolve) =>
      service.process.once('exit', (code) => resolve(code)),
    );
    service.process.kill('SIGTERM');
    const timer = setTimeout(() => service.process.kill('SIGKILL'), ms);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }

  /**
   * `kill -9`: the service dies at once, mid-work, with no shutdown hook
   * (open transactions, unacknowledged messages and connections are left to
   * the servers to notice). Resolves once the process is gone.
   */
  async kill(name: ServiceName, instance = 1): Promise<void> {
    const key = instanceKey(name, instance);
    const service = this.running.get(key);
    if (!service) throw new Error(`${key} is not running`);
    this.running.delete(key);
    if (service.process.exitCode !== null || service.process.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => service.process.once('exit', () => resolve()));
    service.process.kill('SIGKILL');
    await exited;
  }

  async stopAll(): Promise<void> {
    await Promise.all(
      [...this.running.values()].map((service) =>
        this.stop(service.name, undefined, service.instance),
      ),
    );
  }

  private async waitUntilHealthy(service: RunningService, ms: number) {
    const deadline = Date.now() + ms;
    let last = 'no answer';
    while (Date.now() < deadline) {
      if (service.process.exitCode !== null) {
        throw new Error(
          `${service.name} exited with ${service.process.exitCode}:\n${service.output.slice(-20).join('\n')}`,
        );
      }
      try {
        const response = await fetch(`${service.baseUrl}/health`);
        if (response.ok) return;
        last = `${response.status} ${await response.text()}`;
      } catch (error) {
        last = (error as Error).message;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(
      `${service.name} not healthy within ${ms} ms (${last}):\n${service.output.slice(-20).join('\n')}`,
    );
  }
}

function instanceKey(name: ServiceName, instance: number): string {
  return instance === 1 ? name : `${name}#${instance}`;
}

/** The Node flags every service runs with, as production starts them (infra/service-node-options). */
export function serviceNodeOptions(): string[] {
  return readFileSync(join(REPO_ROOT, 'infra', 'service-node-options'), 'utf8')
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .flatMap((line) => line.split(' '))
    .filter(Boolean);
}
