import type { IncomingMessage } from 'node:http';
import { pipeline, Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { ApiError } from './api-error.js';

/**
 * The one place every peerscope server reads a request body: the Express routes (`jsonBody`), the
 * dashboard's Next routes (`readWebBody`), its sign-in form and a node's `POST /message` (`readBody`).
 * Each gets the same checks in the same order: media type and charset, declared length, content
 * encoding, then the bytes themselves, counted as they arrive and refused the moment they pass the
 * limit (a body is never read whole before its size is known).
 */

export const BODY_LIMIT_BYTES = 64 * 1024;

export interface BodyOptions {
  /** The largest body accepted, in bytes after decoding. */
  limit?: number;
  /** `json` (the default), or `form` for an HTML form's urlencoded fields (a record of strings). */
  media?: 'json' | 'form';
  /** Accept gzip, deflate and br bodies (decoded within the same limit); otherwise they get a 415. */
  decode?: boolean;
}

/** What a body reader needs from the request's headers, whichever kind of request it is. */
export interface BodyHeaders {
  contentType: string | undefined;
  contentLength: string | undefined;
  transferEncoding: string | undefined;
  contentEncoding: string | undefined;
}

const tooLarge = (limit: number) => new ApiError('body_too_large', `the body is larger than ${limit / 1024} KB`);
const MEDIA_TYPES = { json: 'application/json', form: 'application/x-www-form-urlencoded' } as const;
const DECODERS = { gzip: createGunzip, 'x-gzip': createGunzip, deflate: createInflate, br: createBrotliDecompress } as const;
type Encoding = keyof typeof DECODERS;

/** Whether a request carries a body at all (a length of 0, or no length and no chunking, does not). */
export function hasBody(headers: BodyHeaders): boolean {
  return headers.transferEncoding !== undefined || Number(headers.contentLength ?? 0) > 0;
}

/**
 * The checks made before any byte is read. Returns the refusal, 'none' for a request without a
 * body, or the content encoding to decode ('identity' for none).
 */
export function checkBodyHeaders(headers: BodyHeaders, options: BodyOptions = {}): ApiError | 'none' | 'identity' | Encoding {
  if (!hasBody(headers)) return 'none';
  const type = headers.contentType ?? '';
  const semicolon = type.indexOf(';');
  const media = (semicolon === -1 ? type : type.slice(0, semicolon)).trim().toLowerCase();
  const wanted = MEDIA_TYPES[options.media ?? 'json'];
  if (media !== wanted) return new ApiError('unsupported_media_type', `send the body as ${wanted}`);
  if (semicolon !== -1) {
    const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(type)?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return new ApiError('unsupported_media_type', `unsupported charset ${charset}`);
  }
  const limit = options.limit ?? BODY_LIMIT_BYTES;
  if (Number(headers.contentLength ?? 0) > limit) return tooLarge(limit);
  const encoding = (headers.contentEncoding ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return 'identity';
  if (options.decode && encoding in DECODERS) return encoding as Encoding;
  return new ApiError('unsupported_media_type', `unsupported content encoding ${encoding}`);
}

/** Parses collected bytes: undefined for an empty body, a 400 `bad_json` for JSON that does not parse. */
export function parseBodyBytes(chunks: readonly Buffer[], size: number, media: BodyOptions['media'] = 'json'): unknown {
  if (size === 0) return undefined;
  const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks as Buffer[], size);
  if (media === 'form') return Object.fromEntries(new URLSearchParams(bytes.toString('utf8')));
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ApiError('bad_json', 'the body is not valid JSON');
  }
}

/** The headers of a Node request, as the checks want them. */
export function nodeBodyHeaders(req: IncomingMessage): BodyHeaders {
  const h = req.headers;
  return {
    contentType: h['content-type'],
    contentLength: h['content-length'],
    transferEncoding: h['transfer-encoding'],
    contentEncoding: h['content-encoding'],
  };
}

/**
 * Reads a Node request's body (JSON unless `options.media` says otherwise) and calls `done` once: with the refusal, or with the parsed
 * value (undefined when there was no body). At the limit it stops reading and pauses the request;
 * whoever answers should close the connection (`req.complete` is then false).
 */
export function readBody(req: IncomingMessage, options: BodyOptions, done: (error: ApiError | undefined, value?: unknown) => void): void {
  const checked = checkBodyHeaders(nodeBodyHeaders(req), options);
  if (checked instanceof ApiError) return done(checked);
  if (checked === 'none') {
    req.resume();
    return done(undefined, undefined);
  }
  const limit = options.limit ?? BODY_LIMIT_BYTES;
  const decoder = checked === 'identity' ? undefined : DECODERS[checked]();
  const source: Readable = decoder ? req.pipe(decoder) : req;
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (error: ApiError | undefined, value?: unknown) => {
    if (finished) return;
    finished = true;
    source.removeAllListeners('data');
    if (error) {
      // Stop reading: no more of this body is wanted.
      if (decoder) {
        req.unpipe(decoder);
        decoder.destroy();
      }
      req.pause();
    }
    done(error, value);
  };
  source.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) finish(tooLarge(limit));
    else chunks.push(chunk);
  });
  source.on('end', () => {
    if (finished) return;
    try {
      finish(undefined, parseBodyBytes(chunks, size, options.media));
    } catch (err) {
      finish(err as ApiError);
    }
  });
  decoder?.on('error', () => finish(new ApiError('invalid_body', `the body is not valid ${checked}`)));
  req.on('error', () => finish(new ApiError('invalid_body', 'the request was aborted before its body arrived')));
}

/** `readBody` as a promise of the value; the refusal is thrown as an ApiError. */
export function readBodyAsync(req: IncomingMessage, options: BodyOptions = {}): Promise<unknown> {
  return new Promise((resolve, reject) => readBody(req, options, (error, value) => (error ? reject(error) : resolve(value))));
}

/**
 * Reads a web `Request`'s body (a Next route's) with the same checks, refusing it as soon as
 * it passes the limit. Resolves with the parsed value (undefined when there was no body).
 */
export async function readWebBody(request: Request, options: BodyOptions = {}): Promise<{ ok: true; value: unknown } | { ok: false; error: ApiError }> {
  const h = request.headers;
  const headers: BodyHeaders = {
    contentType: h.get('content-type') ?? undefined,
    contentLength: h.get('content-length') ?? undefined,
    transferEncoding: h.get('transfer-encoding') ?? undefined,
    contentEncoding: h.get('content-encoding') ?? undefined,
  };
  // A web request built without these headers (a test's `new Request`) still has its stream.
  if (headers.transferEncoding === undefined && headers.contentLength === undefined && request.body) headers.transferEncoding = 'chunked';
  const checked = checkBodyHeaders(headers, options);
  if (checked instanceof ApiError) return { ok: false, error: checked };
  if (checked === 'none' || !request.body) return { ok: true, value: undefined };
  const limit = options.limit ?? BODY_LIMIT_BYTES;
  const source = Readable.fromWeb(request.body as never);
  const stream = checked === 'identity' ? source : pipeline(source, DECODERS[checked](), () => undefined);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) {
        stream.destroy();
        return { ok: false, error: tooLarge(limit) };
      }
      chunks.push(chunk);
    }
  } catch {
    return { ok: false, error: new ApiError('invalid_body', checked === 'identity' ? 'the body could not be read' : `the body is not valid ${checked}`) };
  }
  try {
    return { ok: true, value: parseBodyBytes(chunks, size, options.media) };
  } catch (err) {
    return { ok: false, error: err as ApiError };
  }
}
