import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ErrorBodySchema } from '@peerscope/protocol';
import type { z } from 'zod';
import { CliError, EXIT } from './exit-codes.js';

/** Long enough for the slowest answer: starting many nodes waits for them to register (PEERSCOPE_START_TIMEOUT_MS, 15 s). */
const REQUEST_TIMEOUT_MS = 60_000;

/** An answer as it came (`--json` prints it) and as its schema read it. */
export interface Answer<T> {
  raw: unknown;
  data: T;
}

/** Calls one HTTP API; refusals, silence and answers of the wrong shape become CliErrors with their exit codes. */
export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string | undefined,
    /** What the person calls the server, for error lines: "the bootstrap". */
    private readonly serverName: string,
    /** The setting that points at it, for the hint when it cannot be reached. */
    private readonly setting: string,
  ) {}

  get<S extends z.ZodType>(path: string, schema: S): Promise<Answer<z.output<S>>> {
    return this.call('GET', path, schema);
  }

  async call<S extends z.ZodType>(method: string, path: string, schema: S, body?: unknown): Promise<Answer<z.output<S>>> {
    const url = new URL(path, this.baseUrl);
    const response = await this.fetch(url, method, body);
    const raw = await this.readJson(response, `${method} ${url.pathname}`);
    if (!response.ok) {
      const refusal = ErrorBodySchema.safeParse(raw);
      if (!refusal.success) throw this.unexpected(`${method} ${url.pathname} answered ${response.status}`, raw);
      const { code, message } = refusal.data.error;
      throw new CliError(`${code}: ${message}`, EXIT.refused, raw);
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw this.unexpected(`${method} ${url.pathname}: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`, raw);
    return { raw, data: parsed.data };
  }

  /** GETs `path` and streams its body into `into` (a trace can be large): refusals as `call` makes them. */
  async download(path: string, into: NodeJS.WritableStream): Promise<void> {
    const url = new URL(path, this.baseUrl);
    const response = await this.fetch(url, 'GET', undefined);
    if (!response.ok || !response.body) {
      const raw = await this.readJson(response, `GET ${url.pathname}`);
      const refusal = ErrorBodySchema.safeParse(raw);
      if (!refusal.success) throw this.unexpected(`GET ${url.pathname} answered ${response.status}`, raw);
      throw new CliError(`${refusal.data.error.code}: ${refusal.data.error.message}`, EXIT.refused, raw);
    }
    await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), into);
  }

  private async fetch(url: URL, method: string, body: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetch(url, {
        method,
        headers,
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      const why = (err as Error).name === 'TimeoutError' ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s` : causeOf(err);
      throw new CliError(`cannot reach ${this.serverName} at ${this.baseUrl} (${why}); is it running? (npm start), or set ${this.setting}`, EXIT.unreachable);
    }
  }

  private async readJson(response: Response, request: string): Promise<unknown> {
    const text = await response.text();
    if (text === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw this.unexpected(`${request} answered ${response.status} with something that is not JSON`, text.slice(0, 200));
    }
  }

  private unexpected(what: string, raw: unknown): CliError {
    return new CliError(`${this.serverName} gave an answer this command line does not understand (${what}); is it the same version?`, EXIT.unexpected, raw);
  }
}

/** `fetch failed` says nothing: the reason is its cause's code (ECONNREFUSED, ENOTFOUND, …). */
function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}
