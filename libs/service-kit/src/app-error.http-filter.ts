import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
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
    const response = host.switchToHttp().getResponse<JsonResponse>();
    if (exception instanceof AppError) {
      if (!exception.expose)
        this.logger.error({ err: exception, code: exception.code }, exception.message);
      sendJson(response, exception.status, {
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
      sendJson(
        response,
        exception.getStatus(),
        typeof body === 'string' ? { statusCode: exception.getStatus(), message: body } : body,
      );
      return;
    }
    this.logger.error({ err: exception }, 'unhandled error');
    sendJson(response, 500, { statusCode: 500, code: 'internal-error', message: 'Internal error' });
  }
}

/** An Express response (`json`) or a Fastify reply (`send` serializes an object as JSON). */
interface JsonResponse {
  status(code: number): JsonResponse;
  json?(body: unknown): unknown;
  send(body: unknown): unknown;
}

function sendJson(response: JsonResponse, status: number, body: unknown): void {
  const withStatus = response.status(status);
  if (typeof withStatus.json === 'function') withStatus.json(body);
  else withStatus.send(body);
}
