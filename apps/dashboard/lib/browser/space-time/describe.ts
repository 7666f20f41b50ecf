import { clockTime, type ArrowLayout } from './layout';

const clock = (at: number | undefined) => (at === undefined ? '?' : clockTime(at));
const lamport = (value: number | undefined) => (value === undefined ? '' : ` (L ${value})`);

/** What a hovered arrow says: its ends, what became of it and why, and its times in both orders. */
export function describeArrow(arrow: ArrowLayout): string {
  const kind =
    arrow.kind === 'gossip'
      ? ` · gossip hop ${arrow.hop ?? '?'}${arrow.duplicate ? ' (duplicate)' : ''}`
      : arrow.kind === 'broadcast'
        ? ' · broadcast copy'
        : '';
  const outcome =
    arrow.state === 'failed'
      ? `failed: ${arrow.error?.code ?? '?'}: ${arrow.error?.message ?? ''}`
      : arrow.state === 'in-flight'
        ? 'in flight (no receipt or outcome yet)'
        : arrow.state === 'received'
          ? 'received (the sender has not heard back yet)'
          : 'delivered';
  const received =
    arrow.receivedAt !== undefined || arrow.lamport.received !== undefined ? ` · received ${clock(arrow.receivedAt)}${lamport(arrow.lamport.received)}` : '';
  const off = arrow.offDiagram === undefined ? '' : ` (${arrow[arrow.offDiagram]} has no lifeline here)`;
  return `${arrow.from} → ${arrow.to}${off}${kind} · ${outcome} · sent ${clock(arrow.sentAt)}${lamport(arrow.lamport.sent)}${received}`;
}
