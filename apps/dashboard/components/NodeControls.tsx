'use client';

import { nodeAction, type NodeAction } from '../lib/browser/actions';
import { ActionButton } from './ActionButton';
import type { Notify } from './Toasts';

/** What can happen to the focused node: leave, crash, freeze, thaw, come back under the same id. */
export function NodeControls({ focus, paused, notify }: { focus: string | undefined; paused: boolean; notify: Notify }) {
  const run = async (action: NodeAction) => focus && nodeAction(action, focus, notify);

  return (
    <div role="group" aria-label="Node" className="flex flex-col gap-1.5">
      <span className="truncate text-xs text-slate-400">{focus ? `Node ${focus}${paused ? ' (paused)' : ''}` : 'no node selected'}</span>
      <div className="flex flex-wrap gap-1.5">
        <ActionButton title="The selected node leaves the network politely (it deregisters, then stops)" disabled={!focus} onRun={() => run('remove')}>
          Remove node
        </ActionButton>
        <ActionButton
          tone="danger"
          title="Kill the selected node without warning; the registry notices by its silence"
          disabled={!focus}
          onRun={() => run('crash')}
        >
          Crash node
        </ActionButton>
        <ActionButton title="Stop the selected node and start it again under the same id" disabled={!focus} onRun={() => run('restart')}>
          Restart node
        </ActionButton>
        <ActionButton title="Freeze the selected node: it keeps running but answers nothing" disabled={!focus || paused} onRun={() => run('pause')}>
          Pause node
        </ActionButton>
        <ActionButton title="Let the paused node answer again" disabled={!focus || !paused} onRun={() => run('resume')}>
          Resume node
        </ActionButton>
      </div>
    </div>
  );
}
