// The receipts as the hub recorded them (its trace under the data directory, every session of the
// run), not as the soak's own subscriber saw them: after the dashboard's restart the new hub takes
// the reporters' resent reports before that subscriber is back, and folds them into the snapshot it
// then gets, so the stream alone under-counts what crashed senders took with them.
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { TelemetryEvent } from '@peerscope/protocol';
import { ReceiptLedger } from './receipts.js';

export interface TraceReceipts {
  receipts: ReceiptLedger;
  /** Event lines read, over all segments. */
  events: number;
  /** Lines that did not parse: at most the line a `kill -9` cut off in each killed hub's segment. */
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
    for await (const line of createInterface({ input: createReadStream(join(dir, name)), crlfDelay: Infinity })) {
      if (!line.startsWith('{"type":"event"')) continue;
      let event: TelemetryEvent;
      try {
        event = (JSON.parse(line) as { event: TelemetryEvent }).event;
      } catch {
        found.torn += 1;
        continue;
      }
      found.events += 1;
      receipts.observe(event);
    }
  }
  return found;
}
