import { UI_NAMESPACE, type Delta } from '@peerscope/protocol';
import { Decoder, Encoder, PacketType, protocol, type Packet } from 'socket.io-parser';
import { batchJsonPieces } from './batch-lines.js';

const DELTAS_EVENT = 'network:deltas';
const DATA_HEAD = `${JSON.stringify([DELTAS_EVENT]).slice(0, -1)},[`;

/** Each batch of deltas broadcast to the pages, with the JSON Socket.IO sent of it, in pieces (while the batch lives). */
const encodedBatches = new WeakMap<object, string[]>();

/**
 * Socket.IO's encoder, remembering the JSON of every `network:deltas` packet: the hub broadcasts
 * each batch once, Socket.IO serialises it once for every page, and the trace recorder takes its
 * lines from that JSON instead of serialising the batch again. Those packets are encoded here to
 * the text Socket.IO's encoder makes (type, namespace, `,`, the JSON of the data; deltas hold no
 * binary), its JSON made in pieces (batchJsonPieces) that the recorder reads as they are: one
 * JSON.stringify of a large batch makes a string that costs a copy of the whole each time it is read.
 */
class RememberingEncoder extends Encoder {
  override encode(packet: Packet): ReturnType<Encoder['encode']> {
    const data: unknown = packet.data;
    const deltas = packet.type === PacketType.EVENT && packet.nsp === UI_NAMESPACE && packet.id == null && Array.isArray(data) && data[0] === DELTAS_EVENT;
    if (!deltas || data.length !== 2 || !Array.isArray(data[1])) return super.encode(packet);
    const pieces = batchJsonPieces(data[1] as Delta[]);
    encodedBatches.set(data[1] as object, pieces);
    return [`${packet.type}${packet.nsp},${DATA_HEAD}${pieces.map((piece) => piece.slice(1, -1)).join(',')}]]`];
  }
}

/** The Socket.IO parser the dashboard's server uses (`new Server(http, { parser })`). */
export const rememberingParser = { protocol, PacketType, Encoder: RememberingEncoder, Decoder };

/** The JSON of a batch as Socket.IO sent it, in pieces (see batchJsonPieces), if it did. */
export function encodedBatchJson(deltas: readonly Delta[]): readonly string[] | undefined {
  return encodedBatches.get(deltas);
}
