'use client';

import { useEffect, useState } from 'react';
import { dashboardApi } from '../lib/browser/dashboard-api';
import { whenIdle } from '../lib/browser/when-idle';
import { ActionButton } from './ActionButton';
import { crashBootstrap } from '../lib/browser/actions';
import type { Notify } from './Toasts';

/**
 * **Crash bootstrap**: it kills itself without a goodbye, the launcher (or Docker) restarts it, and
 * meanwhile the nodes keep messaging with the peer lists they hold. Whether it is up comes from the
 * live picture (the header's badge); whether anything will restart it, from the bootstrap itself.
 */
export function BootstrapCrashControl({ up, notify }: { up: boolean; notify: Notify }) {
  const [supervised, setSupervised] = useState<boolean>();

  // Asked again each time it comes up: a restarted bootstrap may be supervised differently. Asked
  // when the page is idle: on load it comes up with the hub's snapshot, as the graph draws, and the
  // first call also loads the schemas that check its answer.
  useEffect(() => {
    if (!up) return;
    let stopped = false;
    const cancel = whenIdle(() => void dashboardApi.bootstrapStatus().then((answer) => !stopped && setSupervised(answer.ok && answer.data.supervised)));
    return () => {
      stopped = true;
      cancel();
    };
  }, [up]);

  const crash = () => crashBootstrap(notify);

  return (
    <div className="flex items-center justify-between gap-2 rounded border border-slate-700 px-3 py-2 text-sm">
      <span className="text-slate-300">{up ? 'Bootstrap registry' : 'Bootstrap down: joins wait'}</span>
      <ActionButton
        tone="danger"
        disabled={!up || !supervised}
        title={supervised === false ? 'Nothing would restart it: run it under the launcher (npm start) or Docker' : 'Kill the bootstrap without a goodbye'}
        onRun={crash}
      >
        Crash bootstrap
      </ActionButton>
    </div>
  );
}
