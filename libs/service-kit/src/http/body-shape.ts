import { AppError } from '../app-error';
import { forbiddenKeyPath, isTopLevelArray } from './json-body-checks';

/** A request with a body the JSON reader does not read (another media type, or none named). */
export function unsupportedMediaType(): AppError {
  const message = 'must be application/json for a request with a body';
  return new AppError('unsupported-media-type', `content-type ${message}`, {
    details: [{ field: 'content-type', message: `content-type ${message}` }],
  });
}

/**
 * What is wrong with a parsed JSON body before any controller sees it: a
 * bare array, or a key that would reach an object's prototype. Null if
 * nothing (or no body).
 */
export function bodyShapeError(body: unknown): AppError | null {
  if (isTopLevelArray(body)) {
    const message = 'body must be a JSON object';
    return new AppError('invalid-request', `invalid request: ${message}`, {
      details: [{ field: 'body', message }],
    });
  }
  const path = forbiddenKeyPath(body);
  if (path === null) return null;
  return new AppError('invalid-request', `invalid request: ${path}`, {
    details: [{ field: path, message: `${path}: this key is not allowed` }],
  });
}
