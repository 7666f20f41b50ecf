import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { ApiError } from './api-error.js';

/**
 * Compares in constant time for a token of the expected length, without hashing: heartbeats (a
 * thousand a second) and sends check tokens on every request, and a SHA-256 costs several µs on
 * Node 20's OpenSSL 3. What it gives away is whether a guess has the token's length, which is no
 * secret (a generated token is 32 characters, a configured one 16 to 256).
 */
export function tokensMatch(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Compares in constant time whatever the lengths (hashing both first): for a password, whose length is part of the secret. */
export function passwordsMatch(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The token of an `Authorization: Bearer <token>` header (Express requests and plain `node:http` ones alike). */
export function bearerToken(req: Pick<IncomingMessage, 'headers'>): string | undefined {
  const header = req.headers.authorization;
  if (!header?.startsWith('Bearer ')) return undefined;
  return header.slice('Bearer '.length).trim() || undefined;
}

/** Whether a request carries `expected` as its bearer token (see `tokensMatch`). */
export function bearerCheck(expected: string): (req: Pick<IncomingMessage, 'headers'>) => boolean {
  return (req) => {
    const token = bearerToken(req);
    return token !== undefined && tokensMatch(token, expected);
  };
}

export const unauthorized = () => new ApiError('unauthorized', 'a valid "Authorization: Bearer <token>" header is required');

/** Refuses a request whose `Authorization: Bearer` token does not match `expected`. */
export function requireBearer(expected: string): RequestHandler {
  const allowed = bearerCheck(expected);
  return (req, _res, next) => {
    if (!allowed(req)) {
      next(unauthorized());
      return;
    }
    next();
  };
}
