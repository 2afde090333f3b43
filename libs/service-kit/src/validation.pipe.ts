import { ParseUUIDPipe, ValidationPipe } from '@nestjs/common';
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
        details: problems,
      });
    },
  });
}

/** A path parameter that must be a UUID: otherwise a 400 naming it, in the same shape. */
export function uuidParam(name: string): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () =>
      new AppError('invalid-request', `invalid request: ${name}`, {
        details: [{ field: name, message: `${name} must be a UUID` }],
      }),
  });
}
