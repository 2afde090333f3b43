import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { SettingsVersionEntity } from './settings-version.entity';

@Injectable()
export class SettingsRepository {
  constructor(
    @InjectRepository(SettingsVersionEntity)
    private readonly versions: Repository<SettingsVersionEntity>,
  ) {}

  latest(): Promise<SettingsVersionEntity | null> {
    return this.versions.findOne({ where: {}, order: { version: 'DESC' } });
  }

  /** Newest first; the settings themselves are left out (history shows who and what). */
  history(
    limit: number,
  ): Promise<Pick<SettingsVersionEntity, 'version' | 'savedBy' | 'savedAt' | 'changedFields'>[]> {
    return this.versions.find({
      select: { version: true, savedBy: true, savedAt: true, changedFields: true },
      order: { version: 'DESC' },
      take: limit,
    });
  }

  save(row: Omit<SettingsVersionEntity, 'version' | 'savedAt'>): Promise<SettingsVersionEntity> {
    return this.versions.save(this.versions.create(row));
  }
}
