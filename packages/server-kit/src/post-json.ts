import type { Dispatcher } from 'undici';

/** Where a POST goes, split once from a url (an origin for the pool, a path for the request line). */
export interface PostTarget {
  origin: string;
  path: string;
}

/** `path` resolved against `base` (a url whose own path is a directory, as `new URL` sees it with a trailing slash). */
export function postTarget(base: string, path: string): PostTarget {
  const url = new URL(path, base.endsWith('/') ? base : `${base}/`);
  return { origin: url.origin, path: `${url.pathname}${url.search}` };
}

/**
 * `postTarget`s kept per base url and path, so a hot path splits each url once. Bounded (urls
 * come from registrations and commands, so no one can grow it): past `limit` it starts over.
 */
export class PostTargets {
  private readonly targets = new Map<string, PostTarget>();

  constructor(private readonly limit: number) {}

  /** `path` under `base`; throws, as `postTarget` does, for a base that does not parse. */
  of(base: string, path: string): PostTarget {
    const key = `${path} ${base}`;
    let target = this.targets.get(key);
    if (!target) {
      target = postTarget(base, path);
      if (this.targets.size >= this.limit) this.targets.clear();
      this.targets.set(key, target);
    }
    return target;
  }
}

export interface PostOptions {
  /** Bounds the whole exchange, from the dispatch (connecting included) to the answer's last byte. */
  timeoutMs: number;
  /** undici's own bounds: until the answer's headers, and between two chunks of its body. */
  headersTimeout?: number;
  bodyTimeout?: number;
  headers: Record<string, string>;
  /** The most of an answer kept (ANSWER_LIMIT_BYTES unless said): a longer one reads as cut short. */
  answerLimitBytes?: number;
}

/** An answer read whole (up to ANSWER_LIMIT_BYTES; the rest is read and dropped), or why there is none. */
export type PostOutcome = { statusCode: number; text: string } | { error: Error };

/** The answers a peerscope server gives are small; what a peer sends past this is not kept. */
export const ANSWER_LIMIT_BYTES = 64 * 1024;

/** The error a post gets when `timeoutMs` passes first: named and worded as AbortSignal.timeout's, which it replaces. */
export class PostTimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(readonly timeoutMs: number) {
    super('The operation was aborted due to timeout');
  }
}

/**
 * POSTs one body through `dispatcher` and resolves with the answer as text. This is every
 * message's path (a node's send, the bootstrap's commands), so it uses undici's dispatch
 * directly: one handler object and one timer per post, no response stream, no AbortSignal.
 */
export function postJson(dispatcher: Dispatcher, target: PostTarget, body: string, options: PostOptions): Promise<PostOutcome> {
  return new Promise((resolve) => {
    const handler = new AnswerReader(resolve, options.timeoutMs, options.answerLimitBytes ?? ANSWER_LIMIT_BYTES);
    try {
      dispatcher.dispatch(
        {
          origin: target.origin,
          path: target.path,
          method: 'POST',
          headers: options.headers,
          body,
          headersTimeout: options.headersTimeout ?? null,
          bodyTimeout: options.bodyTimeout ?? null,
        },
        handler,
      );
    } catch (err) {
      // undici refuses some requests before sending (an argument it cannot send): no answer either.
      handler.onResponseError(undefined, err as Error);
    }
  });
}

class AnswerReader implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private settled = false;
  private statusCode = 0;
  private chunks: Buffer[] = [];
  private size = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly resolve: (outcome: PostOutcome) => void,
    private readonly timeoutMs: number,
    private readonly limitBytes: number,
  ) {
    this.timer = setTimeout(() => this.timeOut(), timeoutMs).unref();
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    // Timed out while waiting for a connection: stop it here.
    if (this.settled) controller.abort(new PostTimeoutError(this.timeoutMs));
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.statusCode = statusCode;
    this.chunks = [];
    this.size = 0;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size <= this.limitBytes) this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    const bytes = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    this.settle({ statusCode: this.statusCode, text: bytes.toString('utf8') });
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    this.settle({ error });
  }

  private timeOut(): void {
    const error = new PostTimeoutError(this.timeoutMs);
    this.settle({ error });
    this.controller?.abort(error);
  }

  private settle(outcome: PostOutcome): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.resolve(outcome);
  }
}
