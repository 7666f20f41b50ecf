'use client';

import { useEffect, useState } from 'react';
import { dashboardApi } from '../lib/browser/dashboard-api';
import { ActionButton } from './ActionButton';
import { crashBootstrap } from '../lib/browser/actions';
import type { Notify } from './Toasts';

type BootstrapState = { up: true; startedAt: number; supervised: boolean } | { up: false };

/** How often the page asks whether the bootstrap answers: often enough to show a crash and the return within a second. */
const POLL_MS = 1_000;

/**
 * The bootstrap's state (up or down) and **Crash bootstrap**: it kills itself without a goodbye,
 * the launcher restarts it, and meanwhile the nodes keep messaging with the peer lists they hold.
 */
export function BootstrapCrashControl({ notify }: { notify: Notify }) {
  const [state, setState] = useState<BootstrapState | undefined>(undefined);

  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      const answer = await dashboardApi.bootstrapStatus();
      if (!stopped) setState(answer.ok ? { up: true, startedAt: answer.data.startedAt, supervised: answer.data.supervised } : { up: false });
    };
    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);

  const crash = () => crashBootstrap(notify);

  return (
    <div className="flex items-center justify-between gap-2 rounded border border-slate-700 px-3 py-2 text-sm">
      <span role="status" aria-label="Bootstrap" data-state={state === undefined ? 'unknown' : state.up ? 'up' : 'down'}>
        Bootstrap: {state === undefined ? '…' : state.up ? 'up' : 'down'}
      </span>
      <ActionButton
        tone="danger"
        title="Kill the bootstrap without a goodbye; the launcher restarts it while the nodes keep talking"
        disabled={!state?.up || !state.supervised}
        onRun={crash}
      >
        Crash bootstrap
      </ActionButton>
    </div>
  );
}
