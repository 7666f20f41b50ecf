import type { ClockedEvent } from './vector-clocks.js';

/**
 * ShiViz's log format (bestchai.bitbucket.io/shiviz, "What is the input log format"): a file's
 * first line is the parser regex, the second the delimiter between executions (empty: one
 * execution), then the log. Each event is two lines: its text, then `host {"host":n,...}`, the
 * host's own entry counting its events from 1 by one. This regex is ShiViz's default.
 */
export const SHIVIZ_PARSER_REGEX = String.raw`(?<event>.*)\n(?<host>\S*) (?<clock>{.*})`;

/** The file's first two lines: the parser regex, and an empty execution delimiter. */
export function shivizPreamble(): string {
  return `${SHIVIZ_PARSER_REGEX}\n\n`;
}

/** One event's two lines; the text is kept to one line, since the regex reads the event up to a newline. */
export function shivizEntry(event: ClockedEvent): string {
  return `${event.text.replace(/[\r\n]+/g, ' ')}\n${event.host} ${JSON.stringify(event.clock)}\n`;
}
