import { randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'peerscope_session';
const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const MAX_SESSIONS = 256;

/**
 * Signed-in browsers, held here: the cookie carries only a random id. Bounded (the oldest session
 * goes first) and forgotten on restart, when everyone signs in again.
 */
export class Sessions {
  private readonly expiries = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A new session; returns its id. */
  open(): string {
    const id = randomBytes(32).toString('base64url');
    if (this.expiries.size >= MAX_SESSIONS) this.expiries.delete(this.expiries.keys().next().value!);
    this.expiries.set(id, this.now() + SESSION_TTL_MS);
    return id;
  }

  /** Whether a request's `Cookie` header carries a live session. */
  valid(cookieHeader: string | undefined): boolean {
    const id = sessionId(cookieHeader);
    const expiry = id === undefined ? undefined : this.expiries.get(id);
    if (expiry === undefined) return false;
    if (expiry > this.now()) return true;
    this.expiries.delete(id!);
    return false;
  }

  close(cookieHeader: string | undefined): void {
    const id = sessionId(cookieHeader);
    if (id !== undefined) this.expiries.delete(id);
  }
}

function sessionId(cookieHeader: string | undefined): string | undefined {
  for (const part of cookieHeader?.split(';') ?? []) {
    const [name, value] = part.trim().split('=', 2);
    if (name === SESSION_COOKIE && value) return value;
  }
  return undefined;
}

/** `Set-Cookie` for a session: not readable by scripts, never sent from another site. */
export const sessionCookie = (id: string) => `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_TTL_MS / 1000}`;
export const clearedSessionCookie = () => `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
