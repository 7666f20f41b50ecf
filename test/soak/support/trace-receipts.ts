// The receipts as the hub recorded them (its trace under the data directory, every session of the
// run), not as the soak's own subscriber saw them: after the dashboard's restart the new hub takes
// the reporters' resent reports before that subscriber is back, and folds them into the snapshot it
// then gets, so the stream alone under-counts what crashed senders took with them.
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseTraceLine, splitTraceLines, type TraceLine } from '@peerscope/protocol';
import { ReceiptLedger } from './receipts.js';

export interface TraceReceipts {
  receipts: ReceiptLedger;
  /** Event lines read, over all segments. */
  events: number;
  /** Lines that did not parse as a trace line (its schema): at most the line a `kill -9` cut off in each killed hub's segment. */
  torn: number;
  segments: number;
}

export async function readTraceReceipts(dir: string): Promise<TraceReceipts> {
  const receipts = new ReceiptLedger();
  const found: TraceReceipts = { receipts, events: 0, torn: 0, segments: 0 };
  // No folder: recording was off (PEERSCOPE_TRACE=off), and the stream's count is all there is.
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names.sort()) {
    found.segments += 1;
    for await (const { line, text } of splitTraceLines(createReadStream(join(dir, name)))) {
      if (text.length === 0) continue;
      let value: TraceLine;
      try {
        value = parseTraceLine(text, line);
      } catch {
        found.torn += 1;
        continue;
      }
      if (value.type !== 'event') continue;
      found.events += 1;
      receipts.observe(value.event);
    }
  }
  return found;
}
