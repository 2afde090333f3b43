import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppError, PublicRoute } from '@dirsync/service-kit';
import { ConsoleSessionService, type ConsoleSessionView } from './console-session.service';
import { ConsoleSignInDto } from './console-sign-in.dto';
import { csrfProblem, serializeSessionCookie, sessionTokenFromCookies } from './session-cookie';

type ConsoleRequest = Request & { consoleSession?: ConsoleSessionView };

/**
 * The admin console's sign-in: the session lives in an HttpOnly,
 * SameSite=Strict cookie; the answer carries the CSRF token the console
 * sends back in X-CSRF-Token.
 */
@ApiTags('admin console')
@Controller('console/session')
export class ConsoleSessionController {
  constructor(private readonly sessions: ConsoleSessionService) {}

  @ApiOperation({ summary: 'Sign in to the console: {adminToken} or {userName, password}' })
  @PublicRoute()
  @Post()
  @HttpCode(200)
  async signIn(
    @Body() body: ConsoleSignInDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ConsoleSessionView> {
    const crossSite = csrfProblem({
      method: 'POST',
      expectedToken: 'sign-in',
      givenToken: 'sign-in',
      origin: request.headers.origin,
      host: request.headers.host,
      secure: request.secure,
    });
    if (crossSite) throw new AppError('csrf-check-failed', crossSite);
    const issued = body.adminToken
      ? await this.sessions.signInWithToken(body.adminToken)
      : await this.sessions.signInWithPassword(
          required(body.userName, 'userName'),
          required(body.password, 'password'),
          request.ip ?? null,
        );
    const { token, ...session } = issued;
    const maxAgeSeconds = (Date.parse(session.expiresAt) - Date.now()) / 1000;
    response.setHeader(
      'Set-Cookie',
      serializeSessionCookie(token, { secure: request.secure, maxAgeSeconds }),
    );
    return session;
  }

  @ApiOperation({ summary: "The console's own session (who, until when, its CSRF token)" })
  @Get()
  current(@Req() request: ConsoleRequest): ConsoleSessionView {
    if (!request.consoleSession)
      throw new AppError('not-found', 'this request carries a bearer token, not a console session');
    return request.consoleSession;
  }

  @ApiOperation({ summary: 'Sign out: the session ends and its cookie is cleared' })
  @Delete()
  @HttpCode(204)
  async signOut(@Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const token = sessionTokenFromCookies(request.headers.cookie);
    if (token) await this.sessions.signOut(token);
    response.setHeader(
      'Set-Cookie',
      serializeSessionCookie('', { secure: request.secure, maxAgeSeconds: 0 }),
    );
  }
}

function required(value: string | undefined, field: string): string {
  if (value !== undefined) return value;
  const message = `${field} is required (or give adminToken)`;
  throw new AppError('invalid-request', message, { details: [{ field, message }] });
}
