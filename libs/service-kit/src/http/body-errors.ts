import { HttpException } from '@nestjs/common';
import type { ErrorCode } from '@dirsync/contracts';
import { AppError } from '../app-error';
import { unsupportedMediaType } from './body-shape';
import { INPUT_LIMITS } from './input-limits';
import { MAX_JSON_DEPTH } from './json-body-checks';

/** An error thrown while reading a body; `type` as body-parser names its own. */
export class BodyRejection extends Error {
  constructor(
    readonly type: string,
    readonly status: number,
    message: string = type,
  ) {
    super(message);
  }
}

/**
 * The errors of reading a body (body-parser's, and ours from its `verify`
 * hook) as AppErrors that name what is wrong; Nest hands them to the filter
 * wrapped in an HttpException. Null for any other error.
 */
export function bodyReadingError(error: unknown): AppError | null {
  const cause = error instanceof HttpException ? error.cause : error;
  if (!(cause instanceof Error)) return null;
  // Express could not percent-decode a path parameter (`/users/%`).
  if (cause instanceof URIError)
    return refusal('invalid-request', 'path', 'is not percent-encoded correctly');
  // zlib could not undo the Content-Encoding (`gzip` that is not gzip).
  if (/^Z_/.test(String((cause as { code?: unknown }).code))) {
    return refusal('invalid-content-encoding', 'body', 'does not match its Content-Encoding');
  }
  const code = (cause as { code?: unknown }).code;
  // Fastify refused the request before any parser ran (a Content-Type it cannot read).
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return unsupportedMediaType();
  if (typeof code === 'string' && code.startsWith('FST_')) {
    const status = (cause as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return refusal('malformed-request', 'request', `was refused (${code})`);
    }
  }
  const type = (cause as { type?: unknown }).type;
  switch (type) {
    // readJsonBody's name for the same (Fastify).
    case 'encoding.invalid':
      return refusal('invalid-content-encoding', 'body', 'does not match its Content-Encoding');
    case 'json.too.deep':
      return refusal('body-too-deep', 'body', `nests deeper than ${MAX_JSON_DEPTH} levels`);
    case 'json.not.utf8':
      return refusal('invalid-json', 'body', 'is not valid UTF-8');
    case 'entity.too.large':
      return refusal('body-too-large', 'body', `is larger than ${INPUT_LIMITS.maxBodyBytes} bytes`);
    case 'entity.parse.failed':
      return refusal('invalid-json', 'body', `is not valid JSON (${cause.message})`);
    case 'charset.unsupported':
    case 'json.charset':
      return refusal('unsupported-charset', 'content-type', 'JSON bodies must be UTF-8');
    case 'encoding.unsupported':
      return refusal(
        'unsupported-content-encoding',
        'content-encoding',
        'must be gzip, deflate, br or identity',
      );
    case 'request.size.invalid':
      return refusal(
        'invalid-content-length',
        'content-length',
        'does not match the body received',
      );
    case 'request.aborted':
      return refusal('request-aborted', 'body', 'ended before it was complete');
    default:
      return null;
  }
}

function refusal(code: ErrorCode, field: string, problem: string): AppError {
  return new AppError(code, `${field} ${problem}`, {
    details: [{ field, message: `${field} ${problem}` }],
  });
}
