import type { Access } from '../lib/common/access';

/** Beyond loopback: whether this browser watches or may act, and the way to change it. */
export function AccessBadge({ access }: { access: Access }) {
  if (access.role === 'local') return null;
  if (access.role === 'signed-in') {
    return (
      <form method="post" action="/signout" className="flex items-center gap-2 text-xs">
        <span role="status" aria-label="Access" className="rounded bg-sky-900 px-2 py-0.5 text-sky-100">
          Signed in
        </span>
        <button title="Sign out: this browser watches again" className="text-slate-400 underline hover:text-slate-200">
          Sign out
        </button>
      </form>
    );
  }
  return (
    <span className="flex items-center gap-2 text-xs">
      <span role="status" aria-label="Access" className="rounded bg-slate-700 px-2 py-0.5 text-slate-200">
        Viewer
      </span>
      <a href="/signin" title="Sign in with the lab's password to act on the network" className="text-slate-400 underline hover:text-slate-200">
        Sign in to act
      </a>
    </span>
  );
}

/** In place of the controls, for a viewer. */
export function ViewerNotice({ access }: { access: Access }) {
  return (
    <p className="rounded border border-slate-800 p-3 text-sm text-slate-400">
      You are watching: actions need a sign-in
      {access.passwordSignIn ? ' with the lab’s password' : ' through the link the dashboard printed when it started'}.
    </p>
  );
}
