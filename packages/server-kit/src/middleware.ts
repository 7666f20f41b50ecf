import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ApiError } from './api-error.js';

export const BODY_LIMIT = '64kb';

/** JSON bodies up to 64 KB; a body of another type is refused rather than silently ignored. */
export function jsonBody(): RequestHandler[] {
  const parse = express.json({ limit: BODY_LIMIT, strict: false });
  const requireJson: RequestHandler = (req, _res, next) => {
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (hasBody && !req.is('application/json')) {
      next(new ApiError('unsupported_media_type', 'send the body as application/json'));
      return;
    }
    next();
  };
  return [requireJson, parse];
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new ApiError('not_found', `no route for ${req.method} ${req.path}`));
};

/** body-parser's error types, mapped to our codes. */
const BODY_ERRORS: Record<string, ApiError> = {
  'entity.parse.failed': new ApiError('bad_json', 'the body is not valid JSON'),
  'entity.too.large': new ApiError('body_too_large', 'the body is larger than 64 KB'),
  'encoding.unsupported': new ApiError('unsupported_media_type', 'unsupported content encoding'),
  'charset.unsupported': new ApiError('unsupported_media_type', 'unsupported charset'),
  'request.aborted': new ApiError('invalid_body', 'the request was aborted before its body arrived'),
};

/** Express's own client errors, such as a malformed escape in a path, stay client errors. */
function clientError(err: unknown): ApiError | undefined {
  const status = typeof err === 'object' && err !== null && 'status' in err ? Number(err.status) : 0;
  return status >= 400 && status < 500 ? new ApiError('invalid_query', 'the request line is malformed') : undefined;
}

/** The last handler: every failure leaves as `{"error":{"code","message"}}`. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const bodyType = typeof err === 'object' && err !== null && 'type' in err ? String(err.type) : '';
    const known = err instanceof ApiError ? err : (BODY_ERRORS[bodyType] ?? clientError(err));
    if (known) {
      res.status(known.status).json(known.toBody());
      return;
    }
    logger.error({ err, method: req.method, path: req.path }, 'unhandled error');
    const internal = new ApiError('internal', 'internal error');
    if (!res.headersSent) res.status(internal.status).json(internal.toBody());
  };
}
