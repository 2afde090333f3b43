import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { type SessionClaims, SessionTokenService } from './session-token.service';
import { VerifySessionRequest } from './verify-session.request';

/** Bodies are validated by the global strict pipe (bootstrapService), once. */
@Controller('sessions')
export class SessionController {
  constructor(private readonly sessions: SessionTokenService) {}

  /** 200 with the claims of a valid token, 401 `invalid-session` otherwise. */
  @Post('verify')
  @HttpCode(200)
  verify(@Body() body: VerifySessionRequest): Promise<SessionClaims> {
    return this.sessions.verify(body.token);
  }
}
