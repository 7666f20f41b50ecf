import { Readable } from 'node:stream';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { Agent, errors } from 'undici';
import type { Payload } from './bodies.js';
import { headerBytes } from './headers.js';

/** Every request must be answered within this (undici's headers and body timeouts). */
export const ANSWER_WITHIN_MS = Number(process.env.FUZZ_ANSWER_MS ?? 5_000);
/**
 * The bound for actions that legitimately wait on nodes: an admin send waits for the node's own
 * timeout (2 s) plus a guard (2 s); a restart waits for the new process to register.
 */
export const SLOW_ACTION_WITHIN_MS = Number(process.env.FUZZ_SLOW_ANSWER_MS ?? 20_000);

/** One generated request. */
export interface FuzzRequest {
  method: string;
  /** Path and query, sent as given (percent-escapes and all). */
  path: string;
  headers: Record<string, string>;
  payload: Payload;
}

/** What came back: an answer, or a connection the server closed without one. */
export type Outcome =
  | { kind: 'answer'; status: number; headers: Record<string, string | string[] | undefined>; text: string; ms: number }
  | { kind: 'closed'; why: string; ms: number };

/** Thrown when a request is not answered in time: the "never a hang" property failed. */
export class NoAnswerError extends Error {}

// A fresh connection per request (reset), so one request's damage never shows up in the next.
const agent = new Agent({ connect: { timeout: ANSWER_WITHIN_MS }, headersTimeout: ANSWER_WITHIN_MS, bodyTimeout: ANSWER_WITHIN_MS, keepAliveTimeout: 10 });

/** A short, readable account of a request, for failure messages and fast-check's counterexamples. */
export function describeRequest(r: FuzzRequest): string {
  const body = r.payload.body;
  const bytes = body === undefined ? 0 : Array.isArray(body) ? body.reduce((n, c) => n + c.length, 0) : body.length;
  const preview = body === undefined ? '' : (Array.isArray(body) ? body[0]! : body).subarray(0, 160).toString('latin1');
  const headers = Object.entries({ ...r.headers, ...r.payload.headers })
    .map(([k, v]) => `${k}: ${v.length > 80 ? `${v.slice(0, 80)}…(${v.length})` : v}`)
    .join(' | ');
  return `${r.method} ${r.path.length > 200 ? `${r.path.slice(0, 200)}…(${r.path.length})` : r.path} [${headers}] body: ${r.payload.label}, ${bytes} bytes${preview ? ` ${JSON.stringify(preview)}` : ''}`;
}

/** Gives a generated request a readable form in fast-check's reports. */
export function printable<T extends FuzzRequest>(r: T): T {
  return Object.assign(r, { [fc.toStringMethod]: () => describeRequest(r) });
}

/**
 * Sends one request to `origin` and waits at most ANSWER_WITHIN_MS for the answer (plus the
 * upload). A request not answered in time throws NoAnswerError.
 */
export async function send(origin: string, r: FuzzRequest, withinMs = ANSWER_WITHIN_MS): Promise<Outcome> {
  const started = Date.now();
  const { body } = r.payload;
  try {
    const response = await agent.request({
      origin,
      path: r.path,
      method: r.method,
      headers: { ...r.headers, ...r.payload.headers },
      body: body === undefined ? undefined : Array.isArray(body) ? Readable.from(body) : body,
      reset: true,
      headersTimeout: withinMs,
      bodyTimeout: withinMs,
      signal: AbortSignal.timeout(withinMs * 2),
    });
    const text = decode(Buffer.from(await response.body.arrayBuffer()), response.headers['content-encoding']);
    return { kind: 'answer', status: response.statusCode, headers: response.headers, text, ms: Date.now() - started };
  } catch (err) {
    const ms = Date.now() - started;
    if (
      err instanceof errors.HeadersTimeoutError ||
      err instanceof errors.BodyTimeoutError ||
      err instanceof errors.ConnectTimeoutError ||
      (err as Error).name === 'TimeoutError' ||
      (err as Error).name === 'AbortError'
    ) {
      throw new NoAnswerError(`no answer within ${withinMs} ms (${(err as Error).message}) to ${describeRequest(r)}`, { cause: err });
    }
    if ((err as NodeJS.ErrnoException).code === 'ECONNREFUSED')
      throw new Error(`the server is not listening (${(err as Error).message}); request: ${describeRequest(r)}`, { cause: err });
    if (err instanceof errors.SocketError || ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'].includes((err as NodeJS.ErrnoException).code ?? '')) {
      return { kind: 'closed', why: `${(err as NodeJS.ErrnoException).code ?? ''} ${(err as Error).message}`, ms };
    }
    throw err;
  }
}

/** The bytes of the request line and headers, which Node's HTTP parser limits to 16 KB. */
export const requestHeadBytes = (r: FuzzRequest) => r.method.length + r.path.length + 12 + headerBytes({ ...r.headers, ...r.payload.headers });

/** The answer's text, unpacked when a server compressed it (the fuzz asks for gzip and br at times). */
function decode(bytes: Buffer, encoding: string | string[] | undefined): string {
  try {
    if (encoding === 'gzip') return gunzipSync(bytes).toString();
    if (encoding === 'br') return brotliDecompressSync(bytes).toString();
    if (encoding === 'deflate') return inflateSync(bytes).toString();
  } catch {
    // Left as it came: the shape check then says what was wrong.
  }
  return bytes.toString();
}

/** True when a server may close the connection instead of answering: the upload or the request head is past its limit. */
export const mayBeCutShort = (r: FuzzRequest) => r.payload.oversize || requestHeadBytes(r) > 8 * 1024;
