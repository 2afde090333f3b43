import { Body, Controller, Header, HttpCode, Post, Req, UseFilters } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { clientAddress } from '../http/client-address';
import { TooManyAttemptsFilter } from '../rate-limit/too-many-attempts.filter';
import type { IssuedSession } from '../session/session-token.service';
import { PasswordSignInRequest } from './password-sign-in.request';
import { PasswordSignInService } from './password-sign-in.service';

/** Bodies are validated by the global strict pipe (bootstrapService), once. */
@Controller('sessions')
export class PasswordSignInController {
  constructor(private readonly signIns: PasswordSignInService) {}

  /**
   * 200 {token, expiresAt, user}; 400 `empty-password`; 401 `invalid-credentials`;
   * 403 `password-sign-in-unavailable` | `log-on-not-permitted`; 429 `too-many-attempts`
   * (Retry-After); 503 `directory-unavailable`.
   */
  @Post('password')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @UseFilters(TooManyAttemptsFilter)
  signIn(
    @Body() body: PasswordSignInRequest,
    @Req() request: FastifyRequest,
  ): Promise<IssuedSession> {
    return this.signIns.signIn(body.userName, body.password, clientAddress(request));
  }
}
