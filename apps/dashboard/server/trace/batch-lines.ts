import type { Delta } from '@peerscope/protocol';
import type { TraceChunks } from './trace-chunks.js';

const SEQ = '{"seq":';
const EVENT = ',"event":';
const NEXT = '},{"seq":';
const LINE_HEAD = '{"type":"event","seq":';
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
 * batchJsonPieces makes them): each delta's text (a slice of the piece, not a copy) gets the line's
 * own head, `{"type":"event","seq":N,"at":T,"event":`, in front, so no event is encoded again; each
 * piece's lines are joined as one string and encoded into the chunks with one write (a Buffer.write
 * per part of every line cost more than the copying itself: each call checks its arguments and
 * crosses into C++). Returns the pieces' bytes in order, views of the chunks. The boundaries are found by text (`},{"seq":` cannot occur inside a JSON
 * string, where quotes are escaped); every line's seq is checked against its delta, and anything
 * unexpected (another key order, a nested look-alike) gives undefined, and the caller writes the
 * lines one by one.
 */
export function batchEventLines(pieces: readonly string[], deltas: readonly Delta[], at: number, chunks: TraceChunks): Buffer[] | undefined {
  if (deltas.length === 0) return undefined;
  const cursor = { line: 0, atAndEvent: `,"at":${at},"event":` };
  const encoded: Buffer[] = [];
  for (const piece of pieces) {
    const lines = pieceLines(piece, deltas, cursor);
    if (lines === undefined) return undefined;
    // Piece by piece: a large batch fills the chunks in turn instead of asking for one room as large as itself.
    encoded.push(chunks.text(lines));
  }
  return cursor.line === deltas.length ? encoded : undefined;
}

/** One piece's lines as one string; undefined if the piece is not the deltas from `cursor.line` on. */
function pieceLines(json: string, deltas: readonly Delta[], cursor: { line: number; atAndEvent: string }): string | undefined {
  if (!json.startsWith(`[${SEQ}`) || !json.endsWith('}]')) return undefined;
  const close = json.length - 1;
  let lines = '';
  let pos = 1;
  for (;;) {
    const event = json.indexOf(EVENT, pos);
    if (event === -1 || cursor.line >= deltas.length) return undefined;
    const seq = json.slice(pos + SEQ.length, event);
    if (Number(seq) !== deltas[cursor.line]!.seq) return undefined;
    const next = json.indexOf(NEXT, event);
    const end = next === -1 ? close : next + 1;
    lines += LINE_HEAD + seq + cursor.atAndEvent + json.slice(event + EVENT.length, end) + '\n';
    cursor.line += 1;
    if (next === -1) return lines;
    pos = next + 2;
  }
}
