import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { AuditRecordEntity } from './audit-record.entity';

/** Every change an admin makes, recorded with field names only. */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  constructor(
    @InjectRepository(AuditRecordEntity) private readonly records: Repository<AuditRecordEntity>,
  ) {}

  async record(
    actor: string,
    action: string,
    fields: string[] = [],
    details: Record<string, unknown> | null = null,
  ) {
    await this.records.save(this.records.create({ actor, action, fields, details }));
    this.logger.log({ actor, action, fields }, `audit: ${action}`);
  }

  list(limit: number) {
    return this.records.find({ order: { id: 'DESC' }, take: limit });
  }
}
