import type { IncomingMessage as HttpRequest, ServerResponse } from 'node:http';
import { ControlSendRequestSchema, type ControlSendRequest } from '@peerscope/protocol';
import { ApiError, bearerCheck, parseOr400, readBody, sendApiError, sendJson, unauthorized, type BodyOptions, type Logger } from '@peerscope/server-kit';
import type { Messenger } from './messenger.js';

// The Express routes read control bodies with decoding on (server-kit's jsonBody): so does this.
const OPTIONS: BodyOptions = { decode: true };

export interface ControlSendDeps {
  controlToken: string;
  messenger: Messenger;
  logger: Logger;
}

/**
 * `POST /control/send` is how every generated message starts, so it is served before Express,
 * like `POST /message`: the token checked first (before any body is read), then the same body
 * reader, schema and error shape as the Express route in routes/control.ts, which still answers
 * the path's other spellings (`/control/send/`, other cases). Returns false for any other request.
 */
export function controlSendEndpoint({ controlToken, messenger, logger }: ControlSendDeps): (req: HttpRequest, res: ServerResponse) => boolean {
  const allowed = bearerCheck(controlToken);
  return (req, res) => {
    if (req.method !== 'POST' || (req.url !== '/control/send' && !req.url?.startsWith('/control/send?'))) return false;
    if (!allowed(req)) {
      sendApiError(req, res, unauthorized());
      return true;
    }
    readBody(req, OPTIONS, (error, body) => {
      if (error) return sendApiError(req, res, error);
      let command: ControlSendRequest;
      try {
        command = parseOr400(ControlSendRequestSchema, body);
      } catch (err) {
        // The body is read by now, so the connection stays open (as Express answered it).
        const refusal = err as ApiError;
        return sendJson(res, refusal.status, refusal.toBody());
      }
      messenger.send(command).then(
        (result) => sendJson(res, 200, result),
        (err: unknown) => {
          logger.error({ err, method: req.method, path: '/control/send' }, 'unhandled error');
          if (!res.headersSent) sendApiError(req, res, new ApiError('internal', 'internal error'));
        },
      );
    });
    return true;
  };
}
