import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { Response } from 'express';
import { AppError } from './app-error';
import { bodyReadingError } from './http/body-errors';

/**
 * The one place that turns errors into HTTP answers: AppErrors keep their
 * status and code, Nest's HttpExceptions pass through, anything else is a 500
 * whose detail goes to the log and not to the caller.
 */
@Catch()
export class AppErrorHttpFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrors');

  catch(thrown: unknown, host: ArgumentsHost) {
    if (host.getType() !== 'http') throw thrown;
    const exception = bodyReadingError(thrown) ?? thrown;
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof AppError) {
      if (!exception.expose)
        this.logger.error({ err: exception, code: exception.code }, exception.message);
      response.status(exception.status).json({
        statusCode: exception.status,
        code: exception.code,
        message: exception.expose ? exception.message : 'Internal error',
        ...(exception.expose && exception.details !== undefined
          ? { details: exception.details }
          : {}),
      });
      return;
    }
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      response
        .status(exception.getStatus())
        .json(
          typeof body === 'string' ? { statusCode: exception.getStatus(), message: body } : body,
        );
      return;
    }
    this.logger.error({ err: exception }, 'unhandled error');
    response
      .status(500)
      .json({ statusCode: 500, code: 'internal-error', message: 'Internal error' });
  }
}
