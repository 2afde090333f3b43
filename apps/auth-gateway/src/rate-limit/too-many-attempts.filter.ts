import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AppErrorHttpFilter } from '@dirsync/service-kit';
import { TooManyAttemptsError } from './sign-in-throttle';

/** Adds `Retry-After` (RFC 9110 §10.2.3) and otherwise answers like every other AppError. */
@Catch(TooManyAttemptsError)
export class TooManyAttemptsFilter implements ExceptionFilter {
  private readonly appErrors = new AppErrorHttpFilter();

  catch(exception: TooManyAttemptsError, host: ArgumentsHost) {
    host
      .switchToHttp()
      .getResponse<FastifyReply>()
      .header('Retry-After', String(exception.retryAfterSeconds));
    this.appErrors.catch(exception, host);
  }
}
