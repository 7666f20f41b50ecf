import type { z } from 'zod';

/** A setting that cannot be used, named the way the user set it. */
export class ConfigError extends Error {}

/** The first value given: a flag, then each environment variable in order. Empty strings count as unset. */
export function firstSet(...values: Array<string | boolean | undefined>): string | undefined {
  for (const value of values) {
    if (value === undefined || value === '') continue;
    return String(value);
  }
  return undefined;
}

/**
 * Parses raw settings into the typed config, or throws a ConfigError naming the setting.
 * `names` maps each key to how a user sets it, e.g. `--port / PEERSCOPE_BOOTSTRAP_PORT`.
 */
export function parseConfig<S extends z.ZodType>(schema: S, raw: Record<string, unknown>, names: Record<string, string>): z.infer<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = String(issue?.path[0] ?? '');
  throw new ConfigError(`${names[key] ?? key}: ${issue?.message ?? 'invalid'} (got ${JSON.stringify(raw[key])})`);
}
