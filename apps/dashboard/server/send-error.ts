import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiError } from '@peerscope/server-kit';

/** A refusal the dashboard's own server answers (before Next), in the API's error shape. */
export function sendError(req: IncomingMessage, res: ServerResponse, error: ApiError): void {
  const body = JSON.stringify(error.toBody());
  res.writeHead(error.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...(!req.complete && { connection: 'close' }),
  });
  res.end(body);
}
