import { Body, Controller, HttpCode, Post, UsePipes } from '@nestjs/common';
import { strictValidationPipe } from '@dirsync/service-kit';
import { type SessionClaims, SessionTokenService } from './session-token.service';
import { VerifySessionRequest } from './verify-session.request';

@Controller('sessions')
@UsePipes(strictValidationPipe())
export class SessionController {
  constructor(private readonly sessions: SessionTokenService) {}

  /** 200 with the claims of a valid token, 401 `invalid-session` otherwise. */
  @Post('verify')
  @HttpCode(200)
  verify(@Body() body: VerifySessionRequest): Promise<SessionClaims> {
    return this.sessions.verify(body.token);
  }
}
