import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import { type AdminPrincipal, MONITORING_ROUTE } from './admin-principal';

/** Any valid token, admin or not (read-only monitoring views). */
export const MonitoringRoute = () => SetMetadata(MONITORING_ROUTE, true);

/** The authenticated caller, set by AdminAuthGuard. */
export const Principal = createParamDecorator(
  (_: unknown, context: ExecutionContext) =>
    context.switchToHttp().getRequest<Request & { principal: AdminPrincipal }>().principal,
);
