'use client';

import * as Ariakit from '@ariakit/react';
import { SHORTCUTS } from '../lib/browser/shortcuts';

/** `?`: the keyboard shortcuts, and how to reach the graph and its menus without a mouse. */
export function ShortcutsHelp({ open, onClose, canAct }: { open: boolean; onClose: () => void; canAct: boolean }) {
  return (
    <Ariakit.Dialog
      open={open}
      onClose={onClose}
      aria-label="Keyboard shortcuts"
      backdrop={<div className="fixed inset-0 z-40 bg-slate-950/60" />}
      className="fixed left-1/2 top-[8vh] z-50 max-h-[84vh] w-[34rem] max-w-[calc(100vw-2rem)] -translate-x-1/2 overflow-y-auto rounded-lg border border-slate-600 bg-slate-900 p-4 shadow-2xl"
    >
      <div className="mb-2 flex items-center justify-between">
        <Ariakit.DialogHeading className="text-base font-semibold">Keyboard shortcuts</Ariakit.DialogHeading>
        <Ariakit.DialogDismiss title="Close (Esc)" className="rounded px-2 py-0.5 text-sm text-slate-300 hover:bg-slate-700">
          Close
        </Ariakit.DialogDismiss>
      </div>
      <table className="w-full text-sm">
        <tbody>
          {SHORTCUTS.filter((s) => canAct || !s.acts).map((s) => (
            <tr key={s.keys} className="border-t border-slate-800">
              <th scope="row" className="whitespace-nowrap py-1 pr-4 text-left font-normal">
                <kbd className="rounded border border-slate-600 bg-slate-800 px-1.5 font-mono text-xs">{s.keys}</kbd>
              </th>
              <td className="py-1 text-slate-200">{s.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-3 text-xs text-slate-300">
        On the focused graph: arrow keys move between nodes, Enter selects one (a second Enter on another picks the receiver), Shift+Enter adds it to the group,
        Shift+F10 or the menu key opens its actions. Right-click (or long-press) a node, a link or the canvas for the same menu.
      </p>
    </Ariakit.Dialog>
  );
}
