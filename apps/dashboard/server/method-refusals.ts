import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '@peerscope/server-kit';

/** The methods the dashboard's `/api` routes are written with; Next refuses others with a bare 400. */
const ROUTE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH']);
/** Methods a web `Request` cannot carry: Next's proxy throws on them (a 500), so none reaches Next. */
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

/**
 * Methods the dashboard does not take, refused in the API's error shape before Next sees them:
 * TRACE, TRACK and CONNECT anywhere (Next's proxy cannot even build a Request for them), and on
 * `/api/*` any method the routes are not written with. Next answers a method a route does not
 * export with an empty 405; on `/api/*` that one gets its body on the way out.
 * `path` is the request's, as `requestPath` reads it. Returns the refusal to send now, if any.
 */
export function methodRefusal(req: IncomingMessage, res: ServerResponse, path: string): ApiError | undefined {
  const notAllowed = () => new ApiError('method_not_allowed', `${req.method} is not a method of ${path}`);
  if (FORBIDDEN_METHODS.has(req.method ?? '')) return notAllowed();
  if (!path.startsWith('/api/')) return undefined;
  if (!ROUTE_METHODS.has(req.method ?? '')) return notAllowed();
  // Next writes the 405's head before its (empty) end: give the head a JSON type, the end a body.
  // Our own routes never answer 405, so any 405 here is Next's.
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  let refusing = false;
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    if (status === 405 && !res.hasHeader('content-type')) {
      refusing = true;
      res.setHeader('content-type', 'application/json; charset=utf-8');
    }
    return writeHead(status, ...rest);
  }) as ServerResponse['writeHead'];
  res.end = ((...args: unknown[]) => {
    const bodiless = args[0] === undefined || typeof args[0] === 'function';
    if (refusing && bodiless) return end(JSON.stringify(notAllowed().toBody()));
    return end(...args);
  }) as ServerResponse['end'];
  return undefined;
}
