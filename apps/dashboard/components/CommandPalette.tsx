'use client';

import { Command } from 'cmdk';
import { useState } from 'react';
import { runCommand, type PageControls } from '../lib/browser/command-runner';
import { suggest, type PaletteNodes, type Suggestion } from '../lib/browser/commands';

interface Props extends PageControls {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Node ids in order, and what each can do now, for completion. */
  nodes: PaletteNodes;
  /** What was typed after Ctrl K before the palette's input had the focus (use-type-ahead.ts). */
  takeTyped: () => string;
}

/**
 * Ctrl/Cmd-K: every action by name with its target ("crash node7", "partition node1 node2").
 * What is typed is read by the palette's own language (lib/browser/commands.ts), not fuzzy-matched:
 * the list shows what the text can become, node ids completed; Enter runs a whole command, or
 * completes the text with the highlighted one.
 */
export function CommandPalette({ open, onOpenChange, nodes, takeTyped, ...page }: Props) {
  const [input, setInput] = useState('');
  const suggestions = suggest(input, nodes);

  const close = (next: boolean) => {
    if (!next) setInput('');
    onOpenChange(next);
  };
  const pick = (s: Suggestion) => {
    if (!s.ready) return setInput(s.completion);
    close(false);
    void runCommand(s.spec.id, s.args, page);
  };

  return (
    <Command.Dialog
      open={open}
      onOpenChange={close}
      label="Command palette"
      shouldFilter={false}
      loop
      overlayClassName="fixed inset-0 z-40 bg-slate-950/60"
      contentClassName="fixed left-1/2 top-[12vh] z-50 w-[36rem] max-w-[calc(100vw-2rem)] -translate-x-1/2 rounded-lg border border-slate-600 bg-slate-900 shadow-2xl"
    >
      <Command.Input
        value={input}
        onValueChange={setInput}
        // Keys typed before the input had the focus (the palette loading, or opening) come first;
        // an Enter among them does what Enter does here, with the first suggestion.
        onFocus={() => {
          const [typed = '', ...entered] = takeTyped().split('\n');
          const text = input + typed;
          const first = entered.length > 0 && text.trim() !== '' ? suggest(text, nodes)[0] : undefined;
          if (first) pick(first);
          else if (typed) setInput(text);
        }}
        placeholder="crash node7 · gossip from node3 · partition node1 node2 · random traffic 50"
        title="Type an action and its target; Tab or Enter completes, Enter runs"
        onKeyDown={(e) => {
          // Tab completes with the highlighted suggestion, as a shell does.
          if (e.key !== 'Tab') return;
          const active = document.querySelector<HTMLElement>('[cmdk-item][data-selected="true"]');
          const chosen = suggestions.find((s) => s.label === active?.dataset.value);
          if (!chosen) return;
          e.preventDefault();
          setInput(chosen.completion);
        }}
        className="w-full border-b border-slate-700 bg-transparent px-4 py-3 text-sm text-slate-100 outline-none placeholder:text-slate-400"
      />
      <Command.List className="max-h-80 overflow-y-auto p-1">
        <Command.Empty className="px-3 py-2 text-sm text-slate-300">
          No action reads like that. Try “crash”, “send”, “partition”, “random traffic”.
        </Command.Empty>
        {suggestions.map((s) => (
          <Command.Item
            key={s.label}
            value={s.label}
            onSelect={() => pick(s)}
            className="flex cursor-default items-center justify-between gap-4 rounded px-3 py-1.5 text-sm text-slate-100 data-[selected=true]:bg-sky-800"
          >
            <span className="font-mono">{s.label}</span>
            <span className="truncate text-xs text-slate-300">{s.ready ? s.spec.title : `${s.spec.title} · Enter to complete`}</span>
          </Command.Item>
        ))}
      </Command.List>
    </Command.Dialog>
  );
}
