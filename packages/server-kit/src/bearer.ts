import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';
import { ApiError } from './api-error.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compares in constant time; hashing first makes the comparison independent of lengths. */
export function tokensMatch(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** The bearer token of a request (Express's, or a plain `node:http` one on a fast path). */
export function bearerToken(req: { headers: IncomingHttpHeaders }): string | undefined {
  const header = req.headers.authorization;
  if (!header?.startsWith('Bearer ')) return undefined;
  return header.slice('Bearer '.length).trim() || undefined;
}

/** Refuses a request whose `Authorization: Bearer` token does not match `expected`. */
export function requireBearer(expected: string): RequestHandler {
  return (req, _res, next) => {
    const token = bearerToken(req);
    if (token === undefined || !tokensMatch(token, expected)) {
      next(new ApiError('unauthorized', 'a valid "Authorization: Bearer <token>" header is required'));
      return;
    }
    next();
  };
}
