import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiError } from './api-error.js';

/**
 * Answers JSON on a plain `node:http` response, with the headers Express's `res.json` gives;
 * `close` asks the client to close the connection after it.
 */
export function sendJson(res: ServerResponse, status: number, value: unknown, close = false): void {
  const body = JSON.stringify(value);
  // In the order Express writes them.
  const headers: Record<string, string | number> = close ? { connection: 'close' } : {};
  headers['content-type'] = 'application/json; charset=utf-8';
  headers['content-length'] = Buffer.byteLength(body);
  res.writeHead(status, headers);
  res.end(body);
}

/**
 * Answers a refusal on a plain `node:http` response (the node's hot paths, the dashboard's own
 * server), in the one error shape. Refused before its body was read (too large, wrong type),
 * the connection is closed rather than the rest read.
 */
export function sendApiError(req: IncomingMessage, res: ServerResponse, error: ApiError): void {
  sendJson(res, error.status, error.toBody(), !req.complete);
}
