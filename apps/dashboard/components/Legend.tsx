import { MESSAGE_COLORS, STATUS_COLORS } from '../lib/graph-style';

const ENTRIES: Array<[string, string]> = [
  ['alive', STATUS_COLORS.alive],
  ['suspect', STATUS_COLORS.suspect],
  ['dead', STATUS_COLORS.dead],
  ['classic', STATUS_COLORS.classic],
  ['delivered', MESSAGE_COLORS.delivered],
  ['failed', MESSAGE_COLORS.failed],
];

export function Legend() {
  return (
    <ul aria-label="Legend" className="flex flex-wrap gap-3 text-xs text-slate-300">
      {ENTRIES.map(([label, color]) => (
        <li key={label} className="flex items-center gap-1">
          <span aria-hidden className="inline-block h-3 w-3 rounded-full" style={{ backgroundColor: color }} />
          {label}
        </li>
      ))}
    </ul>
  );
}
