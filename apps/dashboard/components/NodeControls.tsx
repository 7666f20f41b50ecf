'use client';

import { dashboardApi } from '../lib/browser/dashboard-api';
import { ActionButton } from './ActionButton';
import { failureText, type Notify } from './Toasts';

type NodeAction = 'remove' | 'crash' | 'pause' | 'resume' | 'restart';

const CALL = {
  remove: dashboardApi.removeNode,
  crash: dashboardApi.crashNode,
  pause: dashboardApi.pauseNode,
  resume: dashboardApi.resumeNode,
  restart: dashboardApi.restartNode,
} satisfies Record<NodeAction, (id: string) => unknown>;
const DONE: Record<NodeAction, string> = { remove: 'Removed', crash: 'Crashed', pause: 'Paused', resume: 'Resumed', restart: 'Restarted' };
const NAME: Record<NodeAction, string> = { remove: 'Remove', crash: 'Crash', pause: 'Pause', resume: 'Resume', restart: 'Restart' };

/** What can happen to the focused node: leave, crash, freeze, thaw, come back under the same id. */
export function NodeControls({ focus, paused, notify }: { focus: string | undefined; paused: boolean; notify: Notify }) {
  const run = async (action: NodeAction) => {
    if (!focus) return;
    const result = await CALL[action](focus);
    if (result.ok) notify('ok', `${DONE[action]} ${focus}`);
    else notify('error', failureText(`${NAME[action]} node`, result.error));
  };

  return (
    <div role="group" aria-label="Node" className="flex flex-col gap-1.5">
      <span className="truncate text-xs text-slate-400">{focus ? `Node ${focus}${paused ? ' (paused)' : ''}` : 'no node selected'}</span>
      <div className="flex flex-wrap gap-1.5">
        <ActionButton disabled={!focus} onRun={() => run('remove')}>
          Remove node
        </ActionButton>
        <ActionButton tone="danger" disabled={!focus} onRun={() => run('crash')}>
          Crash node
        </ActionButton>
        <ActionButton disabled={!focus} onRun={() => run('restart')}>
          Restart node
        </ActionButton>
        <ActionButton disabled={!focus || paused} onRun={() => run('pause')}>
          Pause node
        </ActionButton>
        <ActionButton disabled={!focus || !paused} onRun={() => run('resume')}>
          Resume node
        </ActionButton>
      </div>
    </div>
  );
}
