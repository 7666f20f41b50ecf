'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useMemo, useRef, useState } from 'react';
import type { ViewMessage } from '@peerscope/protocol';
import { isFocused, useFocusedMessage, type MessageFocus } from '../lib/browser/message-focus';
import { formatLatency } from '../lib/browser/latency-format';

/** Every row is one line of this height, so the virtual list knows where each row is without measuring. */
const ROW_PX = 24;
/** Rows rendered beyond the visible ones, so a short scroll shows rows at once. */
const OVERSCAN = 12;

/** What kind of message a row is: a gossip hop (click to see its gossip), a broadcast copy, or a plain send. */
function Kind({ message, onShowGossip }: { message: ViewMessage; onShowGossip: (id: string) => void }) {
  const { gossip } = message;
  if (gossip) {
    return (
      <button
        type="button"
        aria-label={`Show gossip ${gossip.id}`}
        title="Show this gossip's coverage"
        onClick={() => onShowGossip(gossip.id)}
        className="mr-1 rounded bg-sky-900 px-1 text-[10px] text-sky-200 hover:bg-sky-700"
      >
        gossip h{gossip.hop}
        {message.duplicate ? ' dup' : ''}
      </button>
    );
  }
  if (message.broadcastId) return <span className="mr-1 rounded bg-violet-900 px-1 text-[10px] text-violet-200">broadcast</span>;
  return null;
}

/**
 * Whether the row's sender is a fact: a sender that is not a node of the network, or one that did
 * not report the send itself (a course node never does), is only what the message claimed. Shown
 * on the name itself (italic, dotted, a "?"), so the route keeps its room; neutral, not an alarm.
 */
const PROVENANCE = {
  outside: { label: 'from outside', why: 'The sender is not a node of this network; its name is what the message said' },
  unverified: { label: 'sender not verified', why: 'The sender has not reported sending this message; its name is what the message said' },
} as const;

function Sender({ message }: { message: ViewMessage }) {
  const claim = message.fromOutside ? PROVENANCE.outside : message.unverified ? PROVENANCE.unverified : undefined;
  if (!claim) return <>{message.from}</>;
  return (
    <span className="italic underline decoration-dotted" title={`${claim.label}: ${claim.why}`}>
      {message.from}?<span className="sr-only"> ({claim.label})</span>
    </span>
  );
}

/** The node filter's options: rebuilt only when the set of nodes changes, not on every frame. */
const NodeOptions = memo(function NodeOptions({ ids }: { ids: string }) {
  return (
    <>
      <option value="">all nodes</option>
      {ids.split('\n').map((id) => id !== '' && <option key={id}>{id}</option>)}
    </>
  );
});

interface RowProps {
  message: ViewMessage;
  /** The message's fields that change after it is first shown (the record is updated in place). */
  status: ShownStatus;
  latencyMs: number | undefined;
  errorCode: string | undefined;
  text: string;
  sender: 'outside' | 'unverified' | 'verified';
  duplicate: boolean;
  onShowGossip: (id: string) => void;
  /** Pointed at here, on the graph or in the space-time diagram. */
  highlighted: boolean;
  focus: MessageFocus | undefined;
}

type ShownStatus = ViewMessage['status'] | 'received';

/**
 * A message its receiver reported but its sender has not settled is `received`, not `sent`: a course
 * node's send (a course node reports nothing) would otherwise read as forever in flight.
 */
const shownStatus = (m: ViewMessage): ShownStatus => (m.status === 'sent' && m.receivedAt !== undefined ? 'received' : m.status);

/** One row, re-rendered only when what it shows changed. */
const Row = memo(function Row({ message: m, status, latencyMs, errorCode, text, sender, onShowGossip, highlighted, focus }: RowProps) {
  return (
    <tr
      data-message-id={m.id}
      data-gossip-id={m.gossip?.id}
      data-sender={sender}
      data-highlighted={highlighted || undefined}
      onMouseEnter={() => focus?.set({ id: m.id, from: m.from, to: m.to, by: 'log' })}
      onMouseLeave={() => focus?.release('log')}
      className={`h-6 border-t border-slate-800 ${highlighted ? 'bg-yellow-900/60 outline outline-1 outline-yellow-400' : ''}`}
    >
      <td className="max-w-40 truncate whitespace-nowrap pr-2 font-mono" title={`${m.from} → ${m.to}`}>
        <Sender message={m} />→{m.to}
      </td>
      <td className="max-w-48 truncate whitespace-nowrap pr-2" title={text}>
        <Kind message={m} onShowGossip={onShowGossip} />
        {text}
      </td>
      <td
        className={`truncate whitespace-nowrap ${status === 'delivered' || status === 'received' ? 'text-emerald-400' : status === 'failed' ? 'text-red-400' : 'text-slate-400'}`}
        title={errorCode ? `${status} (${errorCode})` : status}
      >
        {status}
        {errorCode && ` (${errorCode})`}
      </td>
      <td className="whitespace-nowrap text-right font-mono">{latencyMs === undefined ? '' : formatLatency(latencyMs)}</td>
    </tr>
  );
});

/**
 * Newest first; text is rendered as text by React, never as HTML. Virtualised: only the rows in
 * view (and a few around them) are in the page, however many messages the picture keeps.
 */
export function MessageLog({
  messages,
  nodeIds,
  onShowGossip,
  focus,
}: {
  messages: ViewMessage[];
  nodeIds: string[];
  onShowGossip: (id: string) => void;
  /** The message pointed at, shared with the graph and the space-time diagram. */
  focus?: MessageFocus;
}) {
  const [filter, setFilter] = useState('');
  const focused = useFocusedMessage(focus);
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const shown: ViewMessage[] = [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (!filter || m.from === filter || m.to === filter) shown.push(m);
  }
  // The React Compiler cannot memoise TanStack Virtual's hook; this component is not compiled, and it re-renders with the picture anyway.
  // eslint-disable-next-line react-hooks/incompatible-library
  const rows = useVirtualizer({ count: shown.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_PX, overscan: OVERSCAN });
  const items = rows.getVirtualItems();
  const above = items[0]?.start ?? 0;
  const below = rows.getTotalSize() - (items.at(-1)?.end ?? 0);
  const ids = nodeIds.join('\n');
  const options = useMemo(() => <NodeOptions ids={ids} />, [ids]);
  return (
    <section aria-label="Message log" className="flex min-h-32 flex-1 flex-col">
      <div className="mb-2 flex items-center justify-between">
        <h2 className="text-sm font-semibold text-slate-300">
          Messages <span className="font-normal text-slate-500">(last {shown.length})</span>
        </h2>
        <select
          aria-label="Filter by node"
          title="Show only the messages from or to one node"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          className="rounded border border-slate-600 bg-slate-900 px-2 py-1 text-xs"
        >
          {options}
        </select>
      </div>
      {/* Focusable, so the keyboard can scroll the log too. */}
      <div ref={scrollRef} data-testid="message-log-scroll" tabIndex={0} className="min-h-0 flex-1 overflow-auto">
        <table className="w-full table-fixed text-left text-xs">
          <thead className="sticky top-0 z-10 bg-slate-900 text-slate-400">
            <tr>
              {/* Sender and receiver whole, up to four-digit ids (node1000→node1000 at a laptop's width):
                  who talks to whom is what the log is read for. Status and latency get the width their
                  words need ("delivered", "12.34 ms"), the text what is left; a failure's reason and a
                  long text are cut short, whole in their titles. */}
              <th className="w-[42%] py-1">From → To</th>
              <th>Text</th>
              <th className="w-[4.5rem]">Status</th>
              <th className="w-16 text-right">Latency</th>
            </tr>
          </thead>
          <tbody>
            {above > 0 && <tr aria-hidden style={{ height: above }} />}
            {items.map((item) => {
              const m = shown[item.index]!;
              return (
                <Row
                  key={m.id}
                  message={m}
                  status={shownStatus(m)}
                  latencyMs={m.latencyMs}
                  errorCode={m.error?.code}
                  text={m.text}
                  sender={m.fromOutside ? 'outside' : m.unverified ? 'unverified' : 'verified'}
                  duplicate={m.duplicate === true}
                  onShowGossip={onShowGossip}
                  highlighted={isFocused(focused, m)}
                  focus={focus}
                />
              );
            })}
            {below > 0 && <tr aria-hidden style={{ height: below }} />}
          </tbody>
        </table>
      </div>
    </section>
  );
}
