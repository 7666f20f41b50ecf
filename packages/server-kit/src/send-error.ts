import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiError } from './api-error.js';

/**
 * Answers a refusal on a plain `node:http` response (the node's hot path, the dashboard's own
 * server), in the one error shape. Refused before its body was read (too large, wrong type),
 * the connection is closed rather than the rest read.
 */
export function sendApiError(req: IncomingMessage, res: ServerResponse, error: ApiError): void {
  const body = JSON.stringify(error.toBody());
  res.writeHead(error.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...(!req.complete && { connection: 'close' }),
  });
  res.end(body);
}
