import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiError } from '@peerscope/server-kit';
import { methodRefusal } from './method-refusals.js';
import { pathRefusal } from './path-refusal.js';

/**
 * What the dashboard refuses before Next sees a request (a method it does not take, an `/api`
 * path it cannot decode), with the request's path read once for both checks.
 */
export function earlyRefusal(req: IncomingMessage, res: ServerResponse): ApiError | undefined {
  const path = requestPath(req.url);
  return methodRefusal(req, res, path) ?? pathRefusal(path);
}

/** The path of a request target with dot segments resolved, as Next reads it; a target that is no url, as it came. */
export function requestPath(target = '/'): string {
  try {
    return new URL(target, 'http://dashboard').pathname;
  } catch {
    return target.slice(0, 200);
  }
}
