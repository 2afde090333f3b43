import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { HealthCheck } from '@dirsync/service-kit';

/** The rate limits live in PostgreSQL: without it no password sign-in is answered. */
@Injectable()
export class DatabaseHealthCheck implements HealthCheck {
  readonly name = 'postgres';

  constructor(private readonly dataSource: DataSource) {}

  async check(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}
