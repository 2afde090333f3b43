import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { HealthCheck } from './health';

/** PostgreSQL answers: for every service that keeps something there. */
@Injectable()
export class DatabaseHealthCheck implements HealthCheck {
  readonly name = 'postgres';

  constructor(private readonly dataSource: DataSource) {}

  async check(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}
