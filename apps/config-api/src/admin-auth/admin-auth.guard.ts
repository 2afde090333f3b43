import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppError, PUBLIC_ROUTE } from '@dirsync/service-kit';
import {
  ConsoleSessionService,
  type ConsoleSessionView,
} from '../console-session/console-session.service';
import { csrfProblem, sessionTokenFromCookies } from '../console-session/session-cookie';
import { type AdminPrincipal, MONITORING_ROUTE } from './admin-principal';
import { ApiTokenService } from './api-token.service';

type GuardedRequest = Request & { principal?: AdminPrincipal; consoleSession?: ConsoleSessionView };

/**
 * Every HTTP route needs `Authorization: Bearer <token>` or the admin
 * console's session cookie (401 without either) and, unless marked
 * otherwise, the admin right (403). With the cookie, a request that changes
 * something must also pass the CSRF check (X-CSRF-Token, same origin).
 * RabbitMQ handlers are not HTTP and are not guarded here.
 */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: ApiTokenService,
    private readonly consoleSessions: ConsoleSessionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const principal =
      request.headers.authorization !== undefined
        ? await this.bearer(request)
        : await this.cookieSession(request);
    if (!principal) {
      throw new AppError(
        'unauthenticated',
        'a valid bearer token is required (Authorization: Bearer <token>), or a console session',
      );
    }
    if (
      !principal.isAdmin &&
      !this.reflector.getAllAndOverride<boolean>(MONITORING_ROUTE, targets)
    ) {
      throw new AppError('forbidden', 'this token has no admin right');
    }
    request.principal = principal;
    return true;
  }

  private async bearer(request: GuardedRequest): Promise<AdminPrincipal | null> {
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    return token ? this.tokens.authenticate(token) : null;
  }

  private async cookieSession(request: GuardedRequest): Promise<AdminPrincipal | null> {
    const token = sessionTokenFromCookies(request.headers.cookie);
    const found = token ? await this.consoleSessions.authenticate(token) : null;
    if (!found) return null;
    const csrfHeader = request.headers['x-csrf-token'];
    const problem = csrfProblem({
      method: request.method,
      expectedToken: found.session.csrfToken,
      givenToken: typeof csrfHeader === 'string' ? csrfHeader : undefined,
      origin: request.headers.origin,
      host: request.headers.host,
      secure: request.secure,
    });
    if (problem) throw new AppError('csrf-check-failed', problem);
    request.consoleSession = found.session;
    return found.principal;
  }
}
