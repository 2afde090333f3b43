import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceName } from '@dirsync/contracts';
import { REPO_ROOT } from './servers-env';

export interface RunningService {
  name: ServiceName;
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
  private readonly running = new Map<ServiceName, RunningService>();

  async start(
    name: ServiceName,
    port: number,
    env: Record<string, string>,
    readyMs = 30_000,
  ): Promise<RunningService> {
    const main = join(REPO_ROOT, 'dist', 'apps', name, 'src', 'main.js');
    if (!existsSync(main))
      throw new Error(`${main} is missing: build the services first (npm run build)`);
    const child = spawn(process.execPath, ['--enable-source-maps', main], {
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
      port,
      baseUrl: `http://127.0.0.1:${port}`,
      output: [],
      process: child,
    };
    const collect = (chunk: Buffer) =>
      service.output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.running.set(name, service);
    await this.waitUntilHealthy(service, readyMs);
    return service;
  }

  get(name: ServiceName): RunningService {
    const service = this.running.get(name);
    if (!service) throw new Error(`${name} is not running`);
    return service;
  }

  /** Every line all services logged so far. */
  allOutput(): string[] {
    return [...this.running.values()].flatMap((service) => service.output);
  }

  /** SIGTERM and wait: the services shut down gracefully or the test fails. */
  async stop(name: ServiceName, ms = 15_000): Promise<number | null> {
    const service = this.running.get(name);
    if (!service) return null;
    this.running.delete(name);
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

  async stopAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((name) => this.stop(name)));
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
