import type { VectorClock } from '../src/index.js';

export interface ShivizEvent {
  event: string;
  host: string;
  clock: VectorClock;
}

/**
 * A reader of ShiViz's log files written from its documented format (bestchai.bitbucket.io/shiviz,
 * "What is the input log format"): line 1 the parser regex with the named groups `event`, `host`
 * and `clock`, line 2 the executions delimiter (empty: one execution), then the log, matched with
 * the regex repeatedly. It checks what ShiViz checks of clocks: the host is in its own clock, and
 * each host's own entry counts its events from 1, one by one.
 */
export function parseShiviz(file: string): ShivizEvent[] {
  const first = file.indexOf('\n');
  const second = file.indexOf('\n', first + 1);
  if (first === -1 || second === -1) throw new Error('a ShiViz file needs its regex and delimiter lines');
  const regex = new RegExp(file.slice(0, first), 'g');
  if (file.slice(first + 1, second) !== '') throw new Error('expected one execution (an empty delimiter line)');
  const log = file.slice(second + 1);
  const events: ShivizEvent[] = [];
  const counts = new Map<string, number>();
  let consumed = 0;
  for (const match of log.matchAll(regex)) {
    if (match[0].length === 0) break;
    if (log.slice(consumed, match.index).trim() !== '') throw new Error(`unparsed text before offset ${match.index}`);
    consumed = match.index + match[0].length;
    const { event, host, clock } = match.groups ?? {};
    if (event === undefined || !host || !clock) throw new Error(`a match without event, host and clock at ${match.index}`);
    const parsed = JSON.parse(clock) as VectorClock;
    const own = parsed[host];
    if (own === undefined) throw new Error(`${host}'s clock does not hold ${host}`);
    const expected = (counts.get(host) ?? 0) + 1;
    if (own !== expected) throw new Error(`${host}'s own entry is ${own}, expected ${expected}`);
    counts.set(host, own);
    events.push({ event, host, clock: parsed });
  }
  if (log.slice(consumed).trim() !== '') throw new Error('unparsed text at the end of the log');
  return events;
}
