'use client';

import { nodeAction, type NodeAction } from '../lib/browser/actions';
import { whyForget, whyNot, type NodeState } from '../lib/browser/node-availability';
import { ActionButton } from './ActionButton';
import type { Notify } from './Toasts';

const BUTTONS: ReadonlyArray<{ action: NodeAction; label: string; title: string; tone?: 'danger' }> = [
  { action: 'remove', label: 'Remove node', title: 'The selected node leaves the network politely (it deregisters, then stops)' },
  { action: 'crash', label: 'Crash node', title: 'Kill the selected node without warning; the registry notices by its silence', tone: 'danger' },
  { action: 'restart', label: 'Restart node', title: 'Stop the selected node and start it again under the same id' },
  { action: 'pause', label: 'Pause node', title: 'Freeze the selected node: it keeps running but answers nothing' },
  { action: 'resume', label: 'Resume node', title: 'Let the paused node answer again' },
];

/** What can happen to the focused node: leave, crash, freeze, thaw, come back under the same id. */
export function NodeControls({ focus, notify }: { focus: NodeState | undefined; notify: Notify }) {
  const state = focus && [focus.paused && 'paused', focus.node?.status === 'dead' && 'dead'].filter(Boolean).join(', ');

  return (
    <div role="group" aria-label="Node" className="flex flex-col gap-1.5">
      <span className="truncate text-xs text-slate-400">{focus ? `Node ${focus.id}${state ? ` (${state})` : ''}` : 'no node selected'}</span>
      <div className="flex flex-wrap gap-1.5">
        {BUTTONS.map(({ action, label, title, tone }) => {
          // Why it cannot run now: said on hover instead of what it does, and the button is off.
          const why = focus && whyNot(action, focus);
          const forgets = action === 'remove' && focus !== undefined ? whyForget(focus) : undefined;
          return (
            <ActionButton
              key={action}
              tone={tone}
              title={forgets ? `Forget the selected node now: ${forgets}` : title}
              why={why}
              disabled={!focus}
              onRun={async () => focus && nodeAction(action, focus.id, notify)}
            >
              {label}
            </ActionButton>
          );
        })}
      </div>
    </div>
  );
}
