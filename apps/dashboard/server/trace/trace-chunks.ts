/** Bytes of a chunk that fit what is asked, with where they begin. */
export interface Room {
  buffer: Buffer;
  offset: number;
}

const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Where the trace's lines are encoded: large chunks, filled front to back and never rewritten, so a
 * line costs a copy into memory already there instead of a new Buffer (allocating one per batch
 * cost more than making the line). Each `take` is a view the disk writes from later.
 */
export class TraceChunks {
  private chunk: Buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  /** Chunks filled since the last `recycle`, and ones free to fill again (memory already mapped). */
  private retired: Buffer[] = [];
  private spare: Buffer[] = [];

  /** Room for up to `bytes` more; another chunk when the current one has too little left. */
  room(bytes: number): Room {
    if (this.chunk.length - this.used < bytes) {
      this.retired.push(this.chunk);
      const spare = this.spare.pop();
      this.chunk = spare && spare.length >= bytes ? spare : Buffer.allocUnsafe(Math.max(CHUNK_BYTES, bytes));
      this.used = 0;
    }
    return { buffer: this.chunk, offset: this.used };
  }

  /** Once nothing taken from the filled chunks is waiting for the disk: they may be filled again. */
  recycle(): void {
    this.spare = [...this.spare, ...this.retired].filter((chunk) => chunk.length === CHUNK_BYTES).slice(-2);
    this.retired = [];
  }

  /** The bytes written since `room`, up to `end`, as a view; later lines go after them. */
  take(end: number): Buffer {
    const bytes = this.chunk.subarray(this.used, end);
    this.used = end;
    return bytes;
  }

  /** A whole text, encoded as UTF-8. */
  text(text: string): Buffer {
    const { buffer, offset } = this.room(text.length * 3);
    return this.take(offset + buffer.write(text, offset));
  }
}
