import type { IncomingMessage as HttpRequest, ServerResponse } from 'node:http';
import { IncomingMessageSchema } from '@peerscope/protocol';
import { ApiError, parseOr400, readBody, sendApiError, type BodyOptions } from '@peerscope/server-kit';
import { receiveMessage, type ReceiveDeps } from './receive.js';

const OPTIONS: BodyOptions = {};
const RECEIVED = JSON.stringify({ status: 'received' });
const RECEIVED_LENGTH = Buffer.byteLength(RECEIVED);

/**
 * `POST /message` is the hot path of every node, so it is served before Express: the same body
 * reader (server-kit's body.ts), schema check and error shape, without the router layers
 * (which cost several times the work of the message itself; see bench/README.md).
 * Returns false for any other request, which then goes to Express.
 */
export function messageEndpoint(deps: ReceiveDeps): (req: HttpRequest, res: ServerResponse) => boolean {
  return (req, res) => {
    if (req.method !== 'POST' || (req.url !== '/message' && !req.url?.startsWith('/message?'))) return false;
    readBody(req, OPTIONS, (error, body) => {
      if (error) return sendApiError(req, res, error);
      let afterAnswer: (() => void) | undefined;
      try {
        afterAnswer = receiveMessage(deps, parseOr400(IncomingMessageSchema, body));
      } catch (err) {
        sendApiError(req, res, err instanceof ApiError ? err : new ApiError('invalid_body', 'the message could not be read'));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': RECEIVED_LENGTH });
      res.end(RECEIVED);
      afterAnswer?.();
    });
    return true;
  };
}
