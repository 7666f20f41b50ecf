import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ApiError } from './api-error.js';
import { readBody } from './body.js';

/**
 * JSON bodies up to 64 KB (gzip, deflate and br decoded within the limit) into `req.body`; a body
 * of another type is refused rather than silently ignored. Read by body.ts, like every body.
 */
export function jsonBody(): RequestHandler {
  return (req, _res, next) => {
    readBody(req, { decode: true }, (error, value) => {
      if (error) return next(error);
      req.body = value;
      next();
    });
  };
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new ApiError('not_found', `no route for ${req.method} ${req.path}`));
};

/** Express's own client errors, such as a malformed escape in a path, stay client errors. */
function clientError(err: unknown): ApiError | undefined {
  const status = typeof err === 'object' && err !== null && 'status' in err ? Number(err.status) : 0;
  return status >= 400 && status < 500 ? new ApiError('invalid_query', 'the request line is malformed') : undefined;
}

/** The last handler: every failure leaves as `{"error":{"code","message"}}`. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const known = err instanceof ApiError ? err : clientError(err);
    if (known) {
      // Answered before its body was read (too large, wrong type): close rather than read the rest.
      if (!req.complete) res.set('connection', 'close');
      res.status(known.status).json(known.toBody());
      return;
    }
    logger.error({ err, method: req.method, path: req.path }, 'unhandled error');
    const internal = new ApiError('internal', 'internal error');
    if (!res.headersSent) res.status(internal.status).json(internal.toBody());
  };
}
