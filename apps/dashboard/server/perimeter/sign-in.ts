import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, passwordsMatch, readBodyAsync, tokensMatch, type TokenBucket } from '@peerscope/server-kit';
import { clearedSessionCookie, sessionCookie, type Sessions } from './sessions.js';

export interface SignInOptions {
  sessions: Sessions;
  /** The long random token of the sign-in link printed at start. */
  linkToken: string;
  /** PEERSCOPE_DASHBOARD_PASSWORD, when set: the form at `/signin` takes it. */
  password: string | undefined;
  /** Password attempts, from anyone: guessing is slowed for all alike (the link still signs in). */
  attempts: TokenBucket;
}

/** Password attempts allowed: 10 at once, then one every 6 s, whoever makes them. */
export const PASSWORD_ATTEMPTS = { ratePerS: 1 / 6, burst: 10 };

// The sign-in page is this server's own: no script, so it allows none.
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

/**
 * `GET /signin?token=…` (the printed link) and `POST /signin` (the password form) open a session
 * and answer 303 to `/`, so the address that carried the token leaves the history at once;
 * `POST /signout` closes it. Returns false for any other path.
 */
export async function handleSignIn(req: IncomingMessage, res: ServerResponse, options: SignInOptions): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://dashboard');
  if (url.pathname === '/signout' && req.method === 'POST') {
    options.sessions.close(req.headers.cookie);
    res.writeHead(303, { location: '/', 'set-cookie': clearedSessionCookie(), 'cache-control': 'no-store' }).end();
    return true;
  }
  if (url.pathname !== '/signin') return false;
  if (req.method === 'GET') {
    const token = url.searchParams.get('token');
    if (token === null) return page(res, 200, options.password ? '' : 'Sign in with the link the dashboard printed when it started.', options);
    if (tokensMatch(token, options.linkToken)) return signIn(res, options);
    return page(res, 401, 'This sign-in link is not valid (the dashboard prints a new one each time it starts).', options);
  }
  if (req.method === 'POST') {
    const retryAfterS = options.attempts.take();
    if (retryAfterS > 0) {
      res.setHeader('retry-after', String(retryAfterS));
      return page(res, 429, `Too many password attempts: try again in ${retryAfterS} s.`, options);
    }
    let password: unknown;
    try {
      password = ((await readBodyAsync(req, { media: 'form', limit: 4 * 1024 })) as Record<string, string> | undefined)?.password;
    } catch (err) {
      return page(res, (err as ApiError).status, (err as ApiError).message, options);
    }
    if (options.password && typeof password === 'string' && passwordsMatch(password, options.password)) return signIn(res, options);
    return page(res, 401, 'Wrong password.', options);
  }
  return false;
}

function signIn(res: ServerResponse, { sessions }: SignInOptions): true {
  res.writeHead(303, { location: '/', 'set-cookie': sessionCookie(sessions.open()), 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' }).end();
  return true;
}

function page(res: ServerResponse, status: number, notice: string, { password }: SignInOptions): true {
  const form = password
    ? `<form method="post" action="/signin"><label>Password <input type="password" name="password" autocomplete="current-password" autofocus required></label> <button>Sign in</button></form>`
    : '';
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in · peerscope</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;line-height:1.5">
<h1>Sign in to act on the lab</h1>${notice ? `<p role="status">${notice}</p>` : ''}${form}
<p><a href="/">Watch without signing in</a></p></body></html>`;
  res.writeHead(status, PAGE_HEADERS).end(body);
  return true;
}
