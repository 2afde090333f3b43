import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import { finished, type Readable, type Transform } from 'node:stream';
import * as zlib from 'node:zlib';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { BodyRejection } from './body-errors';
import { bodyShapeError, unsupportedMediaType } from './body-shape';
import { INPUT_LIMITS } from './input-limits';
import { jsonNestingExceeds } from './json-body-checks';

/**
 * Reads a request's JSON body for Fastify, with the rules body-parser and
 * `hardenHttp` apply on Express (README, "Limits on input"), refusing with
 * the same errors (`BodyRejection` types as body-parser names them, which
 * `bodyReadingError` turns into the answers; AppErrors for the rest):
 * `application/json` or `application/*+json` only (415), UTF-8 only (415;
 * invalid bytes 400), Content-Encoding gzip, deflate, br, zstd or identity (415
 * otherwise; bytes that do not match it 400), at most `maxBodyBytes` after
 * decoding (413), nesting checked on the bytes before parsing (400), an
 * empty body read as `{}`, only an object or array parsed (400), then no
 * bare array and no prototype keys (400). A refused body is read to its end
 * before the answer, as body-parser does, so that the client, still sending,
 * is not reset.
 */
export function readJsonBody(
  request: IncomingMessage,
  done: (error: Error | null, body?: unknown) => void,
): void {
  const refuse = (error: Error) => drainThen(request, () => done(error));
  const { mediaType, charset } = parseContentType(request.headers['content-type']);
  if (mediaType !== 'application/json' && !isPlusJson(mediaType)) {
    return refuse(unsupportedMediaType());
  }
  if (charset !== undefined && charset !== 'utf-8') {
    return refuse(new BodyRejection('json.charset', 415));
  }
  const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase();
  const declared = request.headers['content-length'];
  const length = declared === undefined ? undefined : Number(declared);
  if (encoding === 'identity' && length !== undefined && length > INPUT_LIMITS.maxBodyBytes) {
    return refuse(new BodyRejection('entity.too.large', 413));
  }
  const inflater = encoding === 'identity' ? null : inflaterFor(encoding);
  if (inflater === undefined) return refuse(new BodyRejection('encoding.unsupported', 415));
  const decoded: Readable = inflater ? request.pipe(inflater) : request;

  const chunks: Buffer[] = [];
  let received = 0;
  let settled = false;
  const settle = (error: Error | null, body?: unknown) => {
    if (settled) return;
    settled = true;
    decoded.removeListener('data', onData);
    if (error) {
      if (inflater) {
        request.unpipe(inflater);
        inflater.destroy();
      }
      refuse(error);
    } else done(null, body);
  };
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    if (received > INPUT_LIMITS.maxBodyBytes) {
      settle(new BodyRejection('entity.too.large', 413));
      return;
    }
    chunks.push(chunk);
  };
  decoded.on('data', onData);
  decoded.once('error', (error) =>
    settle(inflater ? new BodyRejection('encoding.invalid', 400, error.message) : error),
  );
  request.once('close', () => {
    if (!request.complete) settle(new BodyRejection('request.aborted', 400));
  });
  decoded.once('end', () => {
    if (encoding === 'identity' && length !== undefined && received !== length) {
      return settle(new BodyRejection('request.size.invalid', 400));
    }
    try {
      settle(null, parseJson(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received)));
    } catch (error) {
      settle(error as Error);
    }
  });
}

/** The checks on the bytes, the parse, the checks on the value; throws the refusal. */
function parseJson(bytes: Buffer): unknown {
  if (!isUtf8(bytes)) throw new BodyRejection('json.not.utf8', 400);
  if (jsonNestingExceeds(bytes)) throw new BodyRejection('json.too.deep', 400);
  // As iconv-lite's UTF-8 decoding (body-parser's), a byte order mark is dropped.
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length === 0) return {};
  // body-parser's `strict`: only an object or an array.
  const first = firstNonBlank(text);
  if (first !== '{' && first !== '[') {
    throw new BodyRejection(
      'entity.parse.failed',
      400,
      `must be a JSON object, not ${first ?? 'blank'}`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new BodyRejection('entity.parse.failed', 400, (error as Error).message);
  }
  const shape = bodyShapeError(body);
  if (shape) throw shape;
  return body;
}

/** What undoes a Content-Encoding other than identity; undefined for one body-parser does not know. */
function inflaterFor(encoding: string): Transform | undefined {
  switch (encoding) {
    case 'gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    case 'zstd':
      return zlib.createZstdDecompress?.();
    default:
      return undefined;
  }
}

/** Reads what is left of the request and drops it, then calls `then`. */
function drainThen(request: IncomingMessage, then: () => void): void {
  if (request.readableEnded || request.destroyed) return then();
  request.resume();
  finished(request, () => then());
}

/** The first character that is not JSON whitespace (space, tab, LF, CR), or undefined. */
function firstNonBlank(text: string): string | undefined {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return text[index];
  }
  return undefined;
}

function isPlusJson(mediaType: string): boolean {
  return mediaType.startsWith('application/') && mediaType.endsWith('+json');
}

/** The media type and charset (both lower case) of a Content-Type header. */
function parseContentType(header: string | undefined): {
  mediaType: string;
  charset: string | undefined;
} {
  if (header === undefined) return { mediaType: '', charset: undefined };
  const parts = header.split(';');
  const mediaType = (parts[0] ?? '').trim().toLowerCase();
  let charset: string | undefined;
  for (const part of parts.slice(1)) {
    const separator = part.indexOf('=');
    if (separator === -1) continue;
    if (part.slice(0, separator).trim().toLowerCase() !== 'charset') continue;
    charset = part
      .slice(separator + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
  }
  return { mediaType, charset };
}
