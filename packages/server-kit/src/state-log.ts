import { mkdirSync, readFileSync, renameSync, rmSync, statSync, truncateSync } from 'node:fs';
import { open, rename, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import { ConfigError } from './config.js';

// A durable state file: an append-only log of whole checkpoints, one per line, each line
// `<crc32 in hex> <JSON>\n`, after a header line naming what the file holds. Every append is
// fsynced before it counts; the newest complete line is the state. A kill in the middle of an
// append leaves at most a torn last line, which fails its checksum and is cut off at the next
// open (the state is then the checkpoint before it). When the file outgrows `compactBytes` it is
// rewritten as the header and the newest checkpoint (temporary file, fsync, rename, fsync of the
// folder), so a kill during compaction leaves the old file or the new one, never half of one.

/** The environment variable that sets a bad state file aside and starts clean. */
export const RESET_STATE_VARIABLE = 'PEERSCOPE_RESET_STATE';

/** A state file that is not ours, or is damaged before its last line: starting on it would guess. */
export class StateFileError extends ConfigError {}

export interface StateLogOptions<T> {
  path: string;
  /** What the file holds (`hub`, `bootstrap`): a file of another kind is refused. */
  kind: string;
  /** Checks a checkpoint read back (its schema); throws when it is not one. */
  parse: (value: unknown) => T;
  /** Past this size the log is rewritten with its newest checkpoint only. */
  compactBytes?: number;
  /** Set the file aside (renamed `<path>.bad-<time>`) when it cannot be read, and start clean. */
  reset?: boolean;
  /** Told when a torn last line was cut off or a bad file set aside. */
  onNotice?: (message: string) => void;
}

const FORMAT = 'peerscope-state-log';
const VERSION = 1;

export class StateLog<T> {
  private file: FileHandle | undefined;
  private size = 0;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly options: StateLogOptions<T>,
    private readonly header: string,
  ) {}

  /** Opens (or creates) the log and reads the newest checkpoint back, if there is one. */
  static async open<T>(options: StateLogOptions<T>): Promise<{ log: StateLog<T>; restored: T | undefined }> {
    const header = `${JSON.stringify({ format: FORMAT, kind: options.kind, version: VERSION })}\n`;
    const log = new StateLog(options, header);
    // A first start may come before anything else made the data folder.
    mkdirSync(dirname(options.path), { recursive: true, mode: 0o700 });
    rmSync(`${options.path}.tmp`, { force: true });
    let restored: T | undefined;
    try {
      restored = log.recover();
    } catch (err) {
      if (!(err instanceof StateFileError) || !options.reset) throw err;
      const aside = `${options.path}.bad-${Date.now()}`;
      renameSync(options.path, aside);
      options.onNotice?.(`${err.message}; set it aside as ${aside} and started clean`);
      restored = undefined;
    }
    if (!exists(options.path)) await log.rewrite(undefined);
    log.file = await open(options.path, 'a');
    log.size = statSync(options.path).size;
    return { log, restored };
  }

  /** Appends a checkpoint; resolves once it is on disk. Appends are written in call order. */
  append(state: T): Promise<void> {
    const line = encodeLine(state);
    const done = this.writing.then(async () => {
      if (this.closed || !this.file) return;
      if (this.size + line.length > (this.options.compactBytes ?? 8 * 1024 * 1024)) {
        await this.file.close();
        await this.rewrite(line);
        this.file = await open(this.options.path, 'a');
        this.size = statSync(this.options.path).size;
        return;
      }
      await this.file.write(line);
      await this.file.datasync();
      this.size += line.length;
    });
    this.writing = done.catch(() => {});
    return done;
  }

  /** Empties the log (its header only): what a clean stop leaves, so the next start begins anew. */
  clear(): Promise<void> {
    const done = this.writing.then(async () => {
      if (this.closed || !this.file) return;
      await this.file.close();
      await this.rewrite(undefined);
      this.file = await open(this.options.path, 'a');
      this.size = statSync(this.options.path).size;
    });
    this.writing = done.catch(() => {});
    return done;
  }

  /** Waits for the appends in flight, then closes the file. */
  async close(): Promise<void> {
    await this.writing;
    this.closed = true;
    await this.file?.close();
    this.file = undefined;
  }

  /** Reads the file: the newest checkpoint, a torn last line cut off, anything else refused. */
  private recover(): T | undefined {
    const { path } = this.options;
    if (!exists(path)) return undefined;
    const text = readFileSync(path);
    const refuse = (why: string) =>
      new StateFileError(`${path} ${why}; move it away or delete it to start clean, or start with ${RESET_STATE_VARIABLE}=1 to have it set aside`);
    const headerEnd = text.indexOf(10);
    if (headerEnd < 0 || text.subarray(0, headerEnd + 1).toString('utf8') !== this.header) {
      // An empty file or a header cut short is what a kill during the very first write leaves.
      if (this.header.startsWith(text.toString('utf8'))) return undefined;
      throw refuse(`is not a peerscope ${this.options.kind} state log (its first line is not ${this.header.trim()})`);
    }
    let newest: Buffer | undefined;
    let goodEnd = headerEnd + 1;
    let start = goodEnd;
    while (start < text.length) {
      const end = text.indexOf(10, start);
      const line = end < 0 ? undefined : decodeLine(text.subarray(start, end));
      if (line === undefined) {
        // Only the last line may be bad: a kill mid-append leaves nothing after it.
        if (end >= 0 && end + 1 < text.length) throw refuse(`is damaged (a bad checkpoint at byte ${start} is followed by more)`);
        this.options.onNotice?.(`${path}: cut off a torn last checkpoint (${text.length - start} bytes), kept the one before it`);
        truncateSync(path, goodEnd);
        break;
      }
      newest = line;
      goodEnd = end + 1;
      start = goodEnd;
    }
    if (newest === undefined) return undefined;
    try {
      return this.options.parse(JSON.parse(newest.toString('utf8')));
    } catch (err) {
      throw refuse(`holds a checkpoint this version cannot read (${(err as Error).message.split('\n')[0]})`);
    }
  }

  /**
   * Writes the header and `line` as the whole file, atomically (temporary file, fsync, rename, fsync
   * of the folder), off the event loop: a running server's fsyncs must not stop it answering.
   */
  private async rewrite(line: Buffer | undefined): Promise<void> {
    const { path } = this.options;
    const tmp = `${path}.tmp`;
    const file = await open(tmp, 'w', 0o600);
    try {
      await file.write(this.header);
      if (line) await file.write(line);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, path);
    const dir = await open(dirname(path), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}

function encodeLine(state: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(state), 'utf8');
  return Buffer.concat([Buffer.from(`${crc32(json).toString(16).padStart(8, '0')} `), json, Buffer.from('\n')]);
}

/** The JSON of a line whose checksum holds, else undefined. */
function decodeLine(line: Buffer): Buffer | undefined {
  if (line.length < 10 || line[8] !== 32) return undefined;
  const json = line.subarray(9);
  const sum = Number.parseInt(line.subarray(0, 8).toString('latin1'), 16);
  return Number.isNaN(sum) || crc32(json) !== sum ? undefined : json;
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
