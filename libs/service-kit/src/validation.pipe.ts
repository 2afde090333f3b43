import { ValidationPipe } from '@nestjs/common';
import { AppError } from './app-error';
import { flattenValidationErrors } from './validation';

/**
 * HTTP bodies and query parameters: unknown fields are refused, and bad
 * input is a 400 listing `{field, message}` for every problem (the same
 * shape as settings errors).
 */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const problems = flattenValidationErrors(errors);
      const fields = [...new Set(problems.map((problem) => problem.field))].join(', ');
      return new AppError('invalid-request', `invalid request: ${fields}`, {
        status: 400,
        details: problems,
      });
    },
  });
}
