import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { METHODS } from 'node:http';
import { ERROR_STATUS, ErrorBodySchema, type ErrorCode } from '@peerscope/protocol';
import { describeRequest, mayBeCutShort, requestHeadBytes, type FuzzRequest, type Outcome } from './request.js';

/** What a surface may answer besides a 2xx-4xx. */
export interface AnswerRules {
  /**
   * 5xx answers this surface gives by design, by error code: e.g. `node_unreachable` (502) when the
   * admin API's node does not answer. `internal` (500) is never allowed.
   */
  allowed5xx?: readonly ErrorCode[];
  /** Whether every 4xx/5xx must be `{"error":{"code","message"}}` with the status of its code (JSON APIs). */
  errorShape: boolean;
}

/**
 * The per-request properties: never a 5xx (beyond the surface's documented ones), errors in the one
 * shape, and a connection closed without an answer only where the request was past a limit.
 * (Never a hang is checked by `send`, which throws when no answer comes in time.)
 */
export function checkOutcome(request: FuzzRequest, outcome: Outcome, rules: AnswerRules): void {
  const what = () => describeRequest(request);
  if (outcome.kind === 'closed') {
    // EPIPE: the server answered before reading the upload (a token or content type refused first)
    // and closed; the client, still writing, lost the answer. Refusing early is by design.
    if (request.payload.body !== undefined && outcome.why.includes('EPIPE')) return;
    assert.ok(mayBeCutShort(request), `the server closed the connection without an answer (${outcome.why}) to ${what()}`);
    return;
  }
  const { status, text } = outcome;
  // Node's HTTP parser itself refuses, with an empty 400 or 431 and before any app code, a method it
  // does not know (methods are case-sensitive) and a header block past its limit.
  if (!METHODS.includes(request.method) && status === 400) return;
  if ((status === 431 || status === 400) && requestHeadBytes(request) > 16 * 1024) return;
  const error = status >= 400 ? parseError(text) : undefined;
  if (status >= 500) {
    const allowed = error !== undefined && error.code !== 'internal' && (rules.allowed5xx ?? []).includes(error.code);
    assert.ok(allowed, `answered ${status} ${text.slice(0, 300)} to ${what()}`);
  }
  // A HEAD answer has no body to carry the shape.
  if (rules.errorShape && status >= 400 && request.method.toUpperCase() !== 'HEAD') {
    assert.ok(error, `answered ${status} without the {"error":{"code","message"}} shape: ${JSON.stringify(text.slice(0, 300))} to ${what()}`);
    assert.equal(status, ERROR_STATUS[error.code], `answered ${status} with code ${error.code}, which travels with ${ERROR_STATUS[error.code]}, to ${what()}`);
  }
}

function parseError(text: string): { code: ErrorCode; message: string } | undefined {
  try {
    const parsed = ErrorBodySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.error : undefined;
  } catch {
    return undefined;
  }
}

/** A process's resident set size in MB, read from /proc (Linux); undefined once it has exited. */
export function rssMb(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/** How much the bootstrap's and the dashboard server's RSS may grow over a fuzz run. */
export const RSS_GROWTH_LIMIT_MB = Number(process.env.FUZZ_RSS_GROWTH_MB ?? 150);
