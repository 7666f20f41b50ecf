import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, sendApiError, TokenBucket, type Logger } from '@peerscope/server-kit';
import type { Socket } from 'socket.io';
import { PASSWORD_HEADER, ROLE_HEADER, type Role } from '../../lib/common/access.js';
import { createHostRule, isLoopbackHost, type HostRule } from './allowed-hosts.js';
import { Sessions } from './sessions.js';
import { handleSignIn, PASSWORD_ATTEMPTS } from './sign-in.js';

export interface PerimeterOptions {
  /** The address the dashboard listens on. */
  host: string;
  /** PEERSCOPE_DASHBOARD_ALLOWED_HOSTS. */
  allowedHosts: readonly string[];
  /** PEERSCOPE_DASHBOARD_AUTH: `auto` asks for a sign-in when `host` is beyond loopback. */
  auth: 'auto' | 'required' | 'off';
  password?: string | undefined;
  logger: Logger;
}

/**
 * What stands between a browser and the dashboard, in its own HTTP server before Next and
 * Socket.IO see a request: the Host and Origin must name this dashboard (DNS rebinding, other
 * sites), and beyond loopback acting needs a signed-in session while viewers only watch.
 */
export interface Perimeter {
  readonly signInRequired: boolean;
  /** Learns the bound port; returns the sign-in link to print when sign-in is on. */
  listening(port: number, url: string): string | undefined;
  /** Answers the request itself (a refusal, the sign-in routes) or marks its role and calls `next`. */
  handle(req: IncomingMessage, res: ServerResponse, next: () => void): void;
  /** Socket.IO's `allowRequest`: a browser (it sends Origin) only from this dashboard's pages. */
  allowRequest(req: IncomingMessage, callback: (error: string | null | undefined, success: boolean) => void): void;
  /** `/ui` middleware: the Host must name this dashboard too (polling from a rebound page sends no Origin). */
  uiGate(socket: Socket, next: (err?: Error) => void): void;
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function createPerimeter(options: PerimeterOptions): Perimeter {
  const signInRequired = options.auth === 'required' || (options.auth === 'auto' && !isLoopbackHost(options.host));
  const sessions = new Sessions();
  const linkToken = randomBytes(32).toString('base64url');
  const attempts = new TokenBucket(PASSWORD_ATTEMPTS.ratePerS, PASSWORD_ATTEMPTS.burst);
  const signIn = { sessions, linkToken, password: options.password, attempts };
  let rule: HostRule | undefined;

  /** The refusal for a request's Host and Origin, if any. */
  const refusal = (headers: IncomingMessage['headers']): ApiError | undefined => {
    if (!rule?.hostAllowed(headers.host)) {
      return new ApiError(
        'host_not_allowed',
        `this dashboard does not answer to ${headers.host ?? 'a request without Host'}; add the name to PEERSCOPE_DASHBOARD_ALLOWED_HOSTS`,
      );
    }
    const origin = headers.origin;
    if (origin !== undefined && !rule.originAllowed(origin)) return new ApiError('cross_origin', "accepted only from the dashboard's own pages");
    return undefined;
  };

  const roleOf = (req: IncomingMessage): Role => {
    if (!signInRequired) return 'local';
    return sessions.valid(req.headers.cookie) ? 'signed-in' : 'viewer';
  };

  return {
    signInRequired,
    listening(port, url) {
      rule = createHostRule(options.host, port, options.allowedHosts);
      options.logger.debug({ hosts: rule.hosts }, 'allowed hosts');
      return signInRequired ? `${url}/signin?token=${linkToken}` : undefined;
    },
    handle(req, res, next) {
      const refused = refusal(req.headers);
      if (refused) return sendApiError(req, res, refused);
      const role = roleOf(req);
      const path = req.url ?? '/';
      if (signInRequired && (path.startsWith('/signin') || path === '/signout')) {
        handleSignIn(req, res, signIn).then(
          (answered) => (answered ? undefined : sendApiError(req, res, new ApiError('not_found', `no route for ${req.method} ${path}`))),
          (err: unknown) => {
            options.logger.error({ err }, 'sign-in failed');
            sendApiError(req, res, new ApiError('internal', 'internal error'));
          },
        );
        return;
      }
      // By method, not path: `/x/../api/faults` is /api/faults to Next, and no page needs more than a read.
      if (role === 'viewer' && !READ_METHODS.has(req.method ?? 'GET')) {
        return sendApiError(req, res, new ApiError('sign_in_required', 'viewers watch only: sign in to act on the lab'));
      }
      // Pages learn the role from here only: whatever a client sent under these names is replaced.
      req.headers[ROLE_HEADER] = role;
      req.headers[PASSWORD_HEADER] = options.password ? 'yes' : 'no';
      next();
    },
    allowRequest(req, callback) {
      // Reporters (Node clients) send no Origin and may use any name they reach us by; /ingest
      // keeps its cluster token. A browser always sends Origin on a WebSocket.
      if (req.headers.origin === undefined) return callback(null, true);
      const refused = refusal(req.headers);
      callback(refused ? refused.code : null, refused === undefined);
    },
    uiGate(socket, next) {
      const refused = refusal(socket.handshake.headers);
      next(refused ? new Error(`${refused.code}: ${refused.message}`) : undefined);
    },
  };
}
