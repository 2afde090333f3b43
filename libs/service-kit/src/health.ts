import { PublicRoute } from './public-route';
import {
  Controller,
  Get,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  type Provider,
} from '@nestjs/common';

/** A named probe of one dependency; it throws (or rejects) when the dependency is down. */
export interface HealthCheck {
  name: string;
  check(): Promise<void>;
}

export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');

@Injectable()
export class HealthService {
  constructor(@Inject(HEALTH_CHECKS) private readonly checks: HealthCheck[]) {}

  async report(): Promise<{ status: 'ok' | 'down'; checks: Record<string, string> }> {
    const results = await Promise.all(
      this.checks.map(async (probe) => {
        try {
          await withTimeout(probe.check(), 5_000);
          return [probe.name, 'up'] as const;
        } catch (error) {
          return [probe.name, `down: ${(error as Error).message}`] as const;
        }
      }),
    );
    const checks = Object.fromEntries(results);
    const status = results.every(([, state]) => state === 'up') ? 'ok' : 'down';
    return { status, checks };
  }
}

@PublicRoute()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** 200 when every dependency answers, 503 otherwise (load balancers and compose use it). */
  @Get()
  async get() {
    const report = await this.health.report();
    if (report.status !== 'ok') throw new HttpException(report, HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }
}

type HealthCheckClass = new (...args: never[]) => HealthCheck;

/**
 * Providers to spread into a service's root module, with that module's own
 * HealthCheck classes (so they can inject the module's connections).
 */
export function healthProviders(...checks: HealthCheckClass[]): Provider[] {
  return [
    ...checks,
    HealthService,
    { provide: HEALTH_CHECKS, useFactory: (...probes: HealthCheck[]) => probes, inject: checks },
  ];
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
