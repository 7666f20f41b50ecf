import type { IncomingMessage as HttpRequest, ServerResponse } from 'node:http';
import { IncomingMessageSchema } from '@peerscope/protocol';
import { ApiError, parseOr400 } from '@peerscope/server-kit';
import { receiveMessage, type ReceiveDeps } from './receive.js';

const BODY_LIMIT_BYTES = 64 * 1024;
const RECEIVED = JSON.stringify({ status: 'received' });
const RECEIVED_LENGTH = Buffer.byteLength(RECEIVED);

/**
 * `POST /message` is the hot path of every node, so it is served before Express: the same 64 KB
 * limit, JSON and schema checks and error shape, without the router and body-parser layers
 * (which cost several times the work of the message itself; see bench/README.md).
 * Returns false for any other request, which then goes to Express.
 */
export function messageEndpoint(deps: ReceiveDeps): (req: HttpRequest, res: ServerResponse) => boolean {
  return (req, res) => {
    if (req.method !== 'POST' || (req.url !== '/message' && !req.url?.startsWith('/message?'))) return false;
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (hasBody && !/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      fail(res, new ApiError('unsupported_media_type', 'send the body as application/json'));
      req.resume();
      return true;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (refused) return;
      if (size > BODY_LIMIT_BYTES) {
        refused = true;
        fail(res, new ApiError('body_too_large', 'the body is larger than 64 KB'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      let afterAnswer: (() => void) | undefined;
      try {
        afterAnswer = receiveMessage(deps, parseOr400(IncomingMessageSchema, parseJson(Buffer.concat(chunks).toString('utf8'))));
      } catch (err) {
        fail(res, err instanceof ApiError ? err : new ApiError('invalid_body', 'the message could not be read'));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': RECEIVED_LENGTH });
      res.end(RECEIVED);
      afterAnswer?.();
    });
    req.on('error', () => res.destroy());
    return true;
  };
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError('bad_json', 'the body is not valid JSON');
  }
}

function fail(res: ServerResponse, error: ApiError): void {
  const body = JSON.stringify(error.toBody());
  res.writeHead(error.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
