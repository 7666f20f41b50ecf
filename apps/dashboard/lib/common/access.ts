/**
 * Who is looking at the dashboard, as its server tells its pages: `local` needs no sign-in (the
 * dashboard listens on loopback), `viewer` watches only, `signed-in` may act.
 */
export type Role = 'local' | 'viewer' | 'signed-in';

export interface Access {
  role: Role;
  /** Whether `/signin` takes a password (PEERSCOPE_DASHBOARD_PASSWORD is set). */
  passwordSignIn: boolean;
}

/** Request headers the dashboard's server sets (replacing any a client sent) before Next renders. */
export const ROLE_HEADER = 'x-peerscope-role';
export const PASSWORD_HEADER = 'x-peerscope-password-sign-in';

/** Reads the access the server put in the request's headers; `local` when they are missing. */
export function accessFrom(headers: { get(name: string): string | null }): Access {
  const role = headers.get(ROLE_HEADER);
  return { role: role === 'viewer' || role === 'signed-in' ? role : 'local', passwordSignIn: headers.get(PASSWORD_HEADER) === 'yes' };
}
