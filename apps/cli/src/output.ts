import { styleText } from 'node:util';

export type Style = 'green' | 'yellow' | 'red' | 'cyan' | 'gray' | 'bold';

/**
 * Where a command's answer goes: with `--json`, the API's answer as one JSON line; else lines for
 * a person, coloured when stdout is a terminal (and NO_COLOR is not set).
 */
export class Output {
  readonly colour: boolean;

  constructor(
    readonly json: boolean,
    private readonly stdout: NodeJS.WriteStream = process.stdout,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.colour = Boolean(stdout.isTTY) && !env.NO_COLOR && !json;
  }

  /** Prints the API's answer as it came (`--json`), or the lines that say it. */
  answer(raw: unknown, lines: () => string[]): void {
    if (this.json) this.jsonLine(raw);
    else for (const line of lines()) this.line(line);
  }

  jsonLine(value: unknown): void {
    this.stdout.write(`${JSON.stringify(value)}\n`);
  }

  line(text: string): void {
    this.stdout.write(`${text}\n`);
  }

  paint(style: Style, text: string): string {
    return this.colour ? styleText(style, text) : text;
  }

  /** A node status in its colour: alive green, suspect yellow, dead red. */
  status(status: string): string {
    const style = STATUS_STYLES[status];
    return style ? this.paint(style, status) : status;
  }
}

const STATUS_STYLES: Record<string, Style> = {
  alive: 'green',
  delivered: 'green',
  starting: 'yellow',
  suspect: 'yellow',
  dead: 'red',
  failed: 'red',
};

/** Columns padded to their widest cell, as `kubectl get` prints them (colour codes do not count). */
export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => visibleLength(row[column] ?? ''))));
  const format = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell + ' '.repeat(widths[column]! - visibleLength(cell))))
      .join('   ')
      .trimEnd();
  return [format(header), ...rows.map(format)];
}

// eslint-disable-next-line no-control-regex
const visibleLength = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '').length;
