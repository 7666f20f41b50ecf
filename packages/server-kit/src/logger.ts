import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON lines on stdout; pipe through `pino-pretty` to read them comfortably. */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name, level, base: { pid: process.pid } });
}
