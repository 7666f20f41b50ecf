import type { Delta } from '@peerscope/protocol';
import type { TraceChunks } from './trace-chunks.js';

const SEQ = '{"seq":';
const EVENT = ',"event":';
const NEXT = '},{"seq":';
const LINE_HEAD = '{"type":"event","seq":';
const NEWLINE = 0x0a;
/** Deltas per piece of a batch's JSON: small strings stay flat, and large ones cost a copy whenever they are read. */
export const PIECE_DELTAS = 64;

/** A batch's JSON in pieces, each the JSON array of up to PIECE_DELTAS deltas in order. */
export function batchJsonPieces(deltas: readonly Delta[]): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < deltas.length; i += PIECE_DELTAS) pieces.push(JSON.stringify(deltas.slice(i, i + PIECE_DELTAS)));
  return pieces;
}

/**
 * A batch's event lines made from its JSON (pieces of `[{"seq":1,"event":{…}},…]`, as
 * batchJsonPieces makes them): each delta's bytes are copied into the chunk with the line's own
 * head, `{"type":"event","seq":N,"at":T,"event":`, in front, so no event is encoded again. The
 * boundaries are found by text (`},{"seq":` cannot occur inside a JSON string, where quotes are
 * escaped); every line's seq is checked against its delta, and anything unexpected (another key
 * order, a nested look-alike) gives undefined, and the caller writes the lines one by one.
 */
export function batchEventLines(pieces: readonly string[], deltas: readonly Delta[], at: number, chunks: TraceChunks): Buffer | undefined {
  if (deltas.length === 0) return undefined;
  const atAndEvent = `,"at":${at},"event":`;
  let room = deltas.length * (LINE_HEAD.length + atAndEvent.length + 1);
  for (const piece of pieces) room += piece.length * 3;
  const { buffer, offset: start } = chunks.room(room);
  const out = { buffer, offset: start, line: 0, atAndEvent };
  for (const piece of pieces) if (!pieceLines(piece, deltas, out)) return undefined;
  return out.line === deltas.length ? chunks.take(out.offset) : undefined;
}

/** One piece's lines, written at `out.offset`; false if the piece is not the deltas from `out.line` on. */
function pieceLines(json: string, deltas: readonly Delta[], out: { buffer: Buffer; offset: number; line: number; atAndEvent: string }): boolean {
  if (!json.startsWith(`[${SEQ}`) || !json.endsWith('}]')) return false;
  const { buffer, atAndEvent } = out;
  const close = json.length - 1;
  let pos = 1;
  for (;;) {
    const event = json.indexOf(EVENT, pos);
    if (event === -1 || out.line >= deltas.length) return false;
    const seq = json.slice(pos + SEQ.length, event);
    if (Number(seq) !== deltas[out.line]!.seq) return false;
    const next = json.indexOf(NEXT, event);
    const end = next === -1 ? close : next + 1;
    let offset = out.offset;
    offset += buffer.write(LINE_HEAD, offset, 'latin1');
    offset += buffer.write(seq, offset, 'latin1');
    offset += buffer.write(atAndEvent, offset, 'latin1');
    offset += buffer.write(json.slice(event + EVENT.length, end), offset);
    buffer[offset++] = NEWLINE;
    out.offset = offset;
    out.line += 1;
    if (next === -1) return true;
    pos = next + 2;
  }
}
