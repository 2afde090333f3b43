import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsBoolean, IsString, MaxLength, MinLength } from 'class-validator';
import { IsNull, type Repository } from 'typeorm';
import { NoControlCharacters } from '@dirsync/contracts';
import { AppError } from '@dirsync/service-kit';
import { AuditService } from '../audit/audit.service';
import type { AdminPrincipal } from './admin-principal';
import { ApiTokenEntity } from './api-token.entity';

export const BOOTSTRAP_ADMIN_TOKEN = Symbol('BOOTSTRAP_ADMIN_TOKEN');

export class CreateApiTokenDto {
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @NoControlCharacters()
  name!: string;

  @IsBoolean()
  isAdmin!: boolean;
}

/** API tokens: shown once at creation, stored as SHA-256, revocable. */
@Injectable()
export class ApiTokenService {
  private readonly bootstrapDigest: Buffer;

  constructor(
    @InjectRepository(ApiTokenEntity) private readonly tokens: Repository<ApiTokenEntity>,
    @Inject(BOOTSTRAP_ADMIN_TOKEN) bootstrapToken: string,
    private readonly audit: AuditService,
  ) {
    this.bootstrapDigest = sha256(bootstrapToken);
  }

  async authenticate(token: string): Promise<AdminPrincipal | null> {
    const digest = sha256(token);
    if (timingSafeEqual(digest, this.bootstrapDigest))
      return { actor: 'bootstrap-admin', isAdmin: true };
    const row = await this.tokens.findOne({
      where: { tokenSha256: digest.toString('hex'), revokedAt: IsNull() },
    });
    return row ? { actor: `token:${row.name}`, isAdmin: row.isAdmin } : null;
  }

  async create(dto: CreateApiTokenDto, actor: string) {
    const token = `dst_${randomBytes(32).toString('base64url')}`;
    const row = await this.tokens.save(
      this.tokens.create({
        name: dto.name,
        isAdmin: dto.isAdmin,
        tokenSha256: sha256(token).toString('hex'),
        createdBy: actor,
      }),
    );
    await this.audit.record(actor, 'api-token.created', [], {
      id: row.id,
      name: row.name,
      isAdmin: row.isAdmin,
    });
    return {
      id: row.id,
      name: row.name,
      isAdmin: row.isAdmin,
      createdAt: row.createdAt.toISOString(),
      token,
    };
  }

  async list() {
    const rows = await this.tokens.find({ order: { createdAt: 'ASC' } });
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      isAdmin: row.isAdmin,
      createdBy: row.createdBy,
      createdAt: row.createdAt.toISOString(),
      revokedAt: row.revokedAt?.toISOString() ?? null,
    }));
  }

  async revoke(id: string, actor: string) {
    const result = await this.tokens.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
    if (!result.affected) throw new AppError('not-found', `no active API token with id ${id}`);
    await this.audit.record(actor, 'api-token.revoked', [], { id });
  }
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
