import * as actions from './actions';
import type { NodeUse } from './node-availability';

/** What a shortcut acts on: the page's selection and what it can open. */
export interface ShortcutContext {
  /** The selected node (clicked, or picked with Enter on the graph). */
  focus: string | undefined;
  selection: { from?: string; to?: string };
  group: string[];
  paused: (id: string) => boolean;
  /** Why `use` cannot be made of node `id` now (node-availability.ts), or undefined when it can. */
  whyNot: (use: NodeUse, id: string) => string | undefined;
  /** Viewers watch: only the shortcuts that change nothing work for them. */
  canAct: boolean;
  notify: actions.Notify;
  openPalette: () => void;
  openHelp: () => void;
  fit: () => void;
  focusGraph: () => void;
  focusFind: () => void;
  clearSelection: () => void;
  onGossipStarted: (id: string) => void;
}

export interface Shortcut {
  /** As the help shows it. */
  keys: string;
  /** `KeyboardEvent.key` values that trigger it (with Ctrl or ⌘ when `mod`). */
  match: readonly string[];
  mod?: boolean;
  does: string;
  /** Changes the network (so a viewer cannot use it). */
  acts?: boolean;
  run: (c: ShortcutContext) => unknown;
}

/** Runs `run` on the selected node, or says why not: none is selected, or it cannot be used so now (a dead node cannot crash). */
const onFocused = (c: ShortcutContext, what: string, need: NodeUse | ((id: string) => NodeUse), run: (id: string) => unknown) => {
  if (!c.focus) return c.notify('error', `${what}: select a node first (click it, or arrow keys and Enter on the graph)`);
  const why = c.whyNot(typeof need === 'function' ? need(c.focus) : need, c.focus);
  return why ? c.notify('error', `${what}: ${why}`) : run(c.focus);
};

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: 'Ctrl K / ⌘ K', match: ['k'], mod: true, does: 'Command palette: any action by name, e.g. “crash node7”', run: (c) => c.openPalette() },
  { keys: '?', match: ['?'], does: 'This list of shortcuts', run: (c) => c.openHelp() },
  { keys: 'n', match: ['n'], does: 'Focus the network graph (then arrow keys, Enter, Shift+F10)', run: (c) => c.focusGraph() },
  { keys: '/', match: ['/'], does: 'Find a node by id', run: (c) => c.focusFind() },
  { keys: 'f', match: ['f'], does: 'Fit the network in view', run: (c) => c.fit() },
  { keys: 'Esc', match: ['Escape'], does: 'Clear the selection and the group', run: (c) => c.clearSelection() },
  { keys: 'a', match: ['a'], does: 'Add a node', acts: true, run: (c) => actions.addNodes(1, c.notify) },
  {
    keys: 't',
    match: ['t'],
    does: `Random traffic (${actions.DEFAULT_TRAFFIC_COUNT} messages)`,
    acts: true,
    run: (c) => actions.randomTraffic(actions.DEFAULT_TRAFFIC_COUNT, c.notify),
  },
  {
    keys: 's',
    match: ['s'],
    does: 'Send a message from the first clicked node to the second',
    acts: true,
    run: (c) => {
      const { from, to } = c.selection;
      if (!from || !to) return c.notify('error', 'Send: click the sender, then the receiver');
      const why = c.whyNot('send', from) ?? c.whyNot('receive', to);
      if (why) return c.notify('error', `Send: ${why}`);
      return actions.sendMessage({ from, to, text: actions.DEFAULT_TEXT }, c.notify);
    },
  },
  {
    keys: 'b',
    match: ['b'],
    does: 'Broadcast from the selected node',
    acts: true,
    run: (c) => onFocused(c, 'Broadcast', 'broadcast', (from) => actions.broadcast({ from, text: actions.DEFAULT_TEXT }, c.notify)),
  },
  {
    keys: 'g',
    match: ['g'],
    does: 'Gossip from the selected node',
    acts: true,
    run: (c) =>
      onFocused(c, 'Gossip', 'gossip', async (from) => {
        const id = await actions.startGossip({ from }, c.notify);
        if (id) c.onGossipStarted(id);
      }),
  },
  {
    keys: 'c',
    match: ['c'],
    does: 'Crash the selected node',
    acts: true,
    run: (c) => onFocused(c, 'Crash', 'crash', (id) => actions.nodeAction('crash', id, c.notify)),
  },
  {
    keys: 'r',
    match: ['r'],
    does: 'Restart the selected node',
    acts: true,
    run: (c) => onFocused(c, 'Restart', 'restart', (id) => actions.nodeAction('restart', id, c.notify)),
  },
  {
    keys: 'p',
    match: ['p'],
    does: 'Pause or resume the selected node',
    acts: true,
    run: (c) =>
      onFocused(
        c,
        'Pause',
        (id) => (c.paused(id) ? 'resume' : 'pause'),
        (id) => actions.nodeAction(c.paused(id) ? 'resume' : 'pause', id, c.notify),
      ),
  },
  {
    keys: 'Delete',
    match: ['Delete'],
    does: 'Remove the selected node',
    acts: true,
    run: (c) => onFocused(c, 'Remove', 'remove', (id) => actions.nodeAction('remove', id, c.notify)),
  },
  {
    keys: 'x',
    match: ['x'],
    does: 'Partition: cut the picked group off (shift-click nodes first)',
    acts: true,
    run: (c) => (c.group.length > 0 ? actions.partition(c.group, 'both', c.notify) : c.notify('error', 'Partition: shift-click the nodes to cut off first')),
  },
  { keys: 'h', match: ['h'], does: 'Heal the partition', acts: true, run: (c) => actions.healPartition(c.notify) },
  { keys: 'Shift R', match: ['R'], does: 'Reset every fault', acts: true, run: (c) => actions.resetFaults(c.notify) },
];

/** Where typing means text, not a shortcut; and the menus and dialogs, which have keys of their own. */
const OWN_KEYS = 'input, textarea, select, [contenteditable="true"], [role="menu"], [role="dialog"], [role="listbox"]';

/** The shortcut a key press means, if any: undefined in a text field, a menu or a dialog. */
export function shortcutFor(
  event: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; target: EventTarget | null },
  canAct: boolean,
): Shortcut | undefined {
  const mod = event.ctrlKey || event.metaKey;
  const target = event.target as Element | null;
  const inOwn = typeof target?.closest === 'function' && target.closest(OWN_KEYS) !== null;
  return SHORTCUTS.find((s) => {
    if (!s.match.includes(s.mod ? event.key.toLowerCase() : event.key) || event.altKey || (s.mod ?? false) !== mod) return false;
    if (s.acts && !canAct) return false;
    // Ctrl/⌘-K opens the palette from anywhere, even a text field.
    return s.mod || !inOwn;
  });
}
