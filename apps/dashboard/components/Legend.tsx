import type { CSSProperties } from 'react';
import { MARK_COLORS, MESSAGE_COLORS, STATUS_COLORS } from '../lib/browser/graph-style';

type Swatch = { label: string; style: CSSProperties; shape: 'dot' | 'line' };

const dot = (backgroundColor: string, extra: CSSProperties = {}): CSSProperties => ({ backgroundColor, ...extra });
const line = (color: string, style = 'solid'): CSSProperties => ({ borderTop: `2px ${style} ${color}` });

const ENTRIES: Swatch[] = [
  { label: 'alive', style: dot(STATUS_COLORS.alive), shape: 'dot' },
  { label: 'suspect', style: dot(STATUS_COLORS.suspect), shape: 'dot' },
  { label: 'dead', style: dot(STATUS_COLORS.dead, { opacity: 0.55 }), shape: 'dot' },
  { label: 'classic', style: dot(STATUS_COLORS.classic), shape: 'dot' },
  { label: 'paused', style: dot(STATUS_COLORS.alive, { border: `3px double ${MARK_COLORS.paused}` }), shape: 'dot' },
  { label: 'cut off (partition)', style: dot('transparent', { boxShadow: `0 0 0 3px ${MARK_COLORS.cut}66` }), shape: 'dot' },
  { label: 'picked group', style: dot('transparent', { outline: `2px dashed ${MARK_COLORS.grouped}` }), shape: 'dot' },
  { label: 'delivered', style: line(MESSAGE_COLORS.delivered), shape: 'line' },
  { label: 'failed', style: line(MESSAGE_COLORS.failed, 'dashed'), shape: 'line' },
  { label: 'gossip hop', style: line('#38bdf8'), shape: 'line' },
  { label: 'overlay neighbour', style: line(MARK_COLORS.overlay), shape: 'line' },
  { label: 'cut link', style: line(MARK_COLORS.cut, 'dashed'), shape: 'line' },
  { label: 'link fault', style: line(MARK_COLORS.fault, 'dotted'), shape: 'line' },
];

export function Legend() {
  return (
    <ul aria-label="Legend" className="flex max-w-md flex-wrap gap-x-3 gap-y-1 text-[11px] text-slate-300">
      {ENTRIES.map(({ label, style, shape }) => (
        <li key={label} className="flex items-center gap-1">
          <span aria-hidden className={shape === 'dot' ? 'inline-block h-3 w-3 rounded-full' : 'inline-block h-0 w-4'} style={style} />
          {label}
        </li>
      ))}
    </ul>
  );
}
