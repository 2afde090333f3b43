import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppError, PUBLIC_ROUTE } from '@dirsync/service-kit';
import { type AdminPrincipal, MONITORING_ROUTE } from './admin-principal';
import { ApiTokenService } from './api-token.service';

/**
 * Every HTTP route needs `Authorization: Bearer <token>` (401 without a valid
 * one) and, unless marked otherwise, a token with the admin right (403).
 * RabbitMQ handlers are not HTTP and are not guarded here.
 */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: ApiTokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<Request & { principal?: AdminPrincipal }>();
    const header = request.headers.authorization ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const principal = token ? await this.tokens.authenticate(token) : null;
    if (!principal) {
      throw new AppError(
        'unauthenticated',
        'a valid bearer token is required (Authorization: Bearer <token>)',
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
}
