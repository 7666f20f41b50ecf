'use client';

import type { BootstrapPresence } from '@peerscope/protocol';

/** Up or down, from the live picture: every page sees a crash of the bootstrap, viewers too. */
export function BootstrapBadge({ presence }: { presence: BootstrapPresence | null }) {
  const state = presence === null ? 'unknown' : presence.up ? 'up' : 'down';
  const title =
    state === 'down'
      ? 'The bootstrap is down: the nodes keep messaging with the peer lists they hold; new nodes wait to join'
      : 'The bootstrap registry: nodes register and heartbeat there';
  return (
    <span
      role="status"
      aria-label="Bootstrap"
      data-state={state}
      title={title}
      className={`rounded px-2 py-0.5 text-xs ${state === 'down' ? 'bg-rose-900 text-rose-100' : 'bg-slate-800 text-slate-300'}`}
    >
      bootstrap: {state === 'unknown' ? '…' : state}
    </span>
  );
}
