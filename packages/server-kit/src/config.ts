import { parseArgs } from 'node:util';
import { z } from 'zod';

/** A setting that cannot be used, named the way the user set it. */
export class ConfigError extends Error {}

/** How a user sets one value: a `--flag`, and/or environment variables tried in order. */
export interface SettingSource {
  flag?: string;
  env?: string[];
  /** A flag without a value, such as `--dev`. */
  boolean?: boolean;
}

/**
 * Resolves every setting once: its flag, then its environment variables in order, then the
 * schema's default (empty strings count as unset). Errors name the setting as a user sets it,
 * e.g. `--port / PEERSCOPE_BOOTSTRAP_PORT: ...`.
 */
export function loadSettings<S extends z.ZodType>(
  schema: S,
  sources: Record<string, SettingSource>,
  argv: string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const options: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const source of Object.values(sources)) {
    if (source.flag) options[source.flag] = { type: source.boolean ? 'boolean' : 'string' };
  }
  let flags: Record<string, string | boolean | undefined>;
  try {
    flags = parseArgs({ args: argv, options }).values as Record<string, string | boolean | undefined>;
  } catch (err) {
    throw new ConfigError((err as Error).message, { cause: err });
  }
  const raw: Record<string, unknown> = {};
  const names: Record<string, string> = {};
  for (const [key, source] of Object.entries(sources)) {
    const given = [source.flag && flags[source.flag], ...(source.env ?? []).map((name) => env[name])];
    raw[key] = given.find((value) => value !== undefined && value !== '' && value !== false);
    names[key] = [source.flag && `--${source.flag}`, ...(source.env ?? [])].filter(Boolean).join(' / ');
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = String(issue?.path[0] ?? '');
  throw new ConfigError(`${names[key] ?? key}: ${issue?.message ?? 'invalid'} (got ${JSON.stringify(raw[key])})`);
}

/** A switch set by a boolean flag or by a variable holding `1`/`true` (`0`/`false`/unset: off). */
export const SwitchSettingSchema = z
  .union([z.boolean(), z.enum(['1', 'true', '0', 'false'])])
  .default(false)
  .transform((value) => value === true || value === '1' || value === 'true');
