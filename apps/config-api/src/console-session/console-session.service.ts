import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, MoreThan, type Repository } from 'typeorm';
import { Privilege } from '@dirsync/contracts';
import { AppError } from '@dirsync/service-kit';
import type { AdminPrincipal } from '../admin-auth/admin-principal';
import { ApiTokenService } from '../admin-auth/api-token.service';
import { AuditService } from '../audit/audit.service';
import { ConsoleSessionEntity } from './console-session.entity';
import { DirectorySignInClient } from './directory-sign-in.client';
import { StoredUserClient } from './stored-user.client';

export const CONSOLE_SESSION_MINUTES = Symbol('CONSOLE_SESSION_MINUTES');

/** What the console learns about its own session (never the cookie's token). */
export interface ConsoleSessionView {
  userName: string;
  kind: ConsoleSessionEntity['kind'];
  csrfToken: string;
  expiresAt: string;
}

export interface IssuedConsoleSession extends ConsoleSessionView {
  /** For the cookie only. */
  token: string;
}

/**
 * Admin console sessions: the bootstrap admin (or any admin API token)
 * signs in with the token, a directory user with the directory password
 * through auth-gateway if the store grants `administer-directory`.
 */
@Injectable()
export class ConsoleSessionService {
  constructor(
    @InjectRepository(ConsoleSessionEntity)
    private readonly sessions: Repository<ConsoleSessionEntity>,
    private readonly tokens: ApiTokenService,
    private readonly directory: DirectorySignInClient,
    private readonly storedUsers: StoredUserClient,
    private readonly audit: AuditService,
    @Inject(CONSOLE_SESSION_MINUTES) private readonly lifetimeMinutes: number,
  ) {}

  async signInWithToken(adminToken: string): Promise<IssuedConsoleSession> {
    const principal = await this.tokens.authenticate(adminToken);
    if (!principal) throw new AppError('invalid-credentials', 'this admin token is not valid');
    if (!principal.isAdmin)
      throw new AppError('not-an-administrator', 'this API token has no admin right');
    return this.issue(principal.actor, principal.actor, 'bootstrap');
  }

  async signInWithPassword(
    userName: string,
    password: string,
    clientAddress: string | null,
  ): Promise<IssuedConsoleSession> {
    const user = await this.directory.signIn(userName, password, clientAddress);
    // The admin right as the store holds it now (auth-gateway may answer from its cache).
    const stored = await this.storedUsers.findByUserName(user.userName);
    const privileges = stored?.id === user.id ? stored.privileges : [];
    if (!privileges.includes(Privilege.AdministerDirectory)) {
      await this.audit.record(`console:${user.userName}`, 'console.sign-in-refused', [], {
        reason: 'not-an-administrator',
      });
      throw new AppError(
        'not-an-administrator',
        `${user.userName} signed in, but lacks the ${Privilege.AdministerDirectory} privilege`,
      );
    }
    return this.issue(`console:${user.userName}`, user.userName, 'directory');
  }

  /** The principal of a valid, unexpired, unrevoked session, and its CSRF token. */
  async authenticate(
    token: string,
  ): Promise<{ principal: AdminPrincipal; session: ConsoleSessionView } | null> {
    const row = await this.sessions.findOne({
      where: { tokenSha256: sha256(token), revokedAt: IsNull(), expiresAt: MoreThan(new Date()) },
    });
    if (!row) return null;
    return { principal: { actor: row.actor, isAdmin: true }, session: view(row) };
  }

  async signOut(token: string): Promise<void> {
    const row = await this.sessions.findOne({ where: { tokenSha256: sha256(token) } });
    if (!row || row.revokedAt) return;
    await this.sessions.update({ id: row.id }, { revokedAt: new Date() });
    await this.audit.record(row.actor, 'console.signed-out');
  }

  /**
   * Ends every open console session of a directory user (its privilege to
   * administer was taken away). Names compare case-insensitively, as the
   * store's do.
   */
  async endDirectorySessionsOf(userName: string, actor: string): Promise<number> {
    const ended = await this.sessions
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'now()' })
      .where("kind = 'directory' AND revoked_at IS NULL AND lower(user_name) = lower(:userName)", {
        userName,
      })
      .execute();
    const count = ended.affected ?? 0;
    if (count > 0)
      await this.audit.record(actor, 'console.sessions-ended', [], { userName, sessions: count });
    return count;
  }

  private async issue(
    actor: string,
    userName: string,
    kind: ConsoleSessionEntity['kind'],
  ): Promise<IssuedConsoleSession> {
    const token = randomBytes(32).toString('base64url');
    const row = await this.sessions.save(
      this.sessions.create({
        tokenSha256: sha256(token),
        csrfToken: randomBytes(32).toString('base64url'),
        actor,
        userName,
        kind,
        expiresAt: new Date(Date.now() + this.lifetimeMinutes * 60_000),
        revokedAt: null,
      }),
    );
    await this.audit.record(actor, 'console.signed-in', [], { kind });
    return { ...view(row), token };
  }
}

function view(row: ConsoleSessionEntity): ConsoleSessionView {
  return {
    userName: row.userName,
    kind: row.kind,
    csrfToken: row.csrfToken,
    expiresAt: row.expiresAt.toISOString(),
  };
}

function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
