import type { IncomingMessage as HttpRequest, ServerResponse } from 'node:http';
import { ApiError, bearerToken, sendApiError, type Logger } from '@peerscope/server-kit';
import type { EndOfTurn } from './end-of-turn.js';
import { acceptHeartbeat, heartbeatAnswer, type AcceptedHeartbeat } from './heartbeat-answer.js';
import type { ListCarried } from './metrics/bootstrap-metrics.js';
import type { Overlay } from './overlay.js';
import type { Registry } from './registry.js';

const PATH = /^\/nodes\/([^/?]+)\/heartbeat\/?(?:\?(.*))?$/;

/**
 * `POST /nodes/:id/heartbeat` comes from every node every second (1,000 a second at 1,000
 * nodes), so it is served before Express, as the node serves `POST /message`: the same id and
 * query schemas, token check and error shape, without the router layers. A heartbeat has no
 * body; any that is sent is drained unread. Returns false for any other request.
 */
export function heartbeatEndpoint(
  registry: Registry,
  overlay: Overlay,
  turn: EndOfTurn,
  logger: Logger,
  /** Told of every heartbeat taken (the metrics' counter). */
  counted: () => void = () => undefined,
  /** Told what each answer carried of the peer list (the metrics' counter). */
  answered?: (list: ListCarried) => void,
): (req: HttpRequest, res: ServerResponse) => boolean {
  return (req, res) => {
    if (req.method !== 'POST') return false;
    const match = PATH.exec(req.url ?? '');
    if (!match) return false;
    req.resume();
    const fail = (err: unknown) => {
      if (!(err instanceof ApiError)) logger.error({ err }, 'heartbeat failed');
      sendApiError(req, res, err instanceof ApiError ? err : new ApiError('internal', 'the heartbeat could not be answered'));
    };
    let accepted: AcceptedHeartbeat;
    try {
      accepted = acceptHeartbeat(registry, decodePathPart(match[1]!), bearerToken(req), Object.fromEntries(new URLSearchParams(match[2] ?? '')));
    } catch (err) {
      fail(err);
      return true;
    }
    counted();
    // Seen now; answered with the turn's other answers, from the same list version.
    turn.defer(() => {
      let body: string;
      try {
        const answer = heartbeatAnswer(registry, overlay, accepted);
        body = answer.text;
        answered?.(answer.list);
      } catch (err) {
        return fail(err);
      }
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
    return true;
  };
}

/** The id as Express would decode it; a malformed escape is the client's error. */
function decodePathPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new ApiError('invalid_query', 'the request line is malformed');
  }
}
