import type { ChildProcess, StdioOptions } from 'node:child_process';
import { Transform, type TransformCallback } from 'node:stream';
import { prettyFactory } from 'pino-pretty';

/** How the parts' log lines reach the terminal: as the JSON they write, or one readable line each. */
export type LogFormat = 'json' | 'pretty';

/** Readable for a person at a terminal; JSON when the output goes to a file or a pipe (tools, CI), unless set. */
export const logFormatFor = (setting: LogFormat | undefined, isTTY: boolean | undefined): LogFormat => setting ?? (isTTY ? 'pretty' : 'json');

/**
 * Turns each of pino's JSON lines into one readable line ("[22:34:49] INFO (bootstrap): registry
 * {"type":"status-changed","nodeId":"node2",…}"); any other line (Next's own output) passes as it is.
 */
export class PrettyLines extends Transform {
  private rest = '';
  private readonly pretty: (line: string) => string;

  constructor(colorize = false) {
    super();
    this.pretty = prettyFactory({ colorize, translateTime: 'HH:MM:ss', ignore: 'pid,hostname', singleLine: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const lines = (this.rest + chunk.toString('utf8')).split('\n');
    this.rest = lines.pop()!;
    done(null, lines.map((line) => this.line(line)).join(''));
  }

  override _flush(done: TransformCallback): void {
    done(null, this.rest ? this.line(this.rest) : '');
  }

  private line(line: string): string {
    if (!line.startsWith('{')) return `${line}\n`;
    try {
      return this.pretty(line);
    } catch {
      return `${line}\n`;
    }
  }
}

/** Where a forked part writes, and what to do with its output once it is forked. */
export interface ChildOutput {
  stdio: StdioOptions;
  attach: (child: ChildProcess) => void;
}

/** Straight to the terminal, as the part writes it. */
export const JSON_OUTPUT: ChildOutput = { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], attach: () => {} };

/** Through a PrettyLines of its own into the launcher's stdout; its stderr is the terminal's. */
export const prettyOutput = (colorize: boolean): ChildOutput => ({
  stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  attach: (child) => child.stdout?.pipe(new PrettyLines(colorize)).pipe(process.stdout, { end: false }),
});

/** The output for `format`. */
export const childOutput = (format: LogFormat, colorize: boolean): ChildOutput => (format === 'json' ? JSON_OUTPUT : prettyOutput(colorize));
