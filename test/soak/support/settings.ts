// The soak's settings: `--nodes 20` style flags, then SOAK_* environment variables, then the
// defaults (the full soak's, or with `--short` CI's).
import { parseArgs } from 'node:util';

export type SoakRuntime = 'process' | 'pool';

export interface SoakSettings {
  /** Where the nodes run: a process each (the default runtime), or many to a host process. */
  runtime: SoakRuntime;
  nodes: number;
  /** Messages a second from the bootstrap's traffic generator. */
  rate: number;
  seconds: number;
  crashes: number;
  /** Kill the dashboard's server and the bootstrap once each (`kill -9`) during the run. */
  killParts: boolean;
  bootstrapPort: number;
  dashboardPort: number;
  dataDir: string;
}

const DEFAULTS = {
  runtime: 'process',
  nodes: 50,
  rate: 200,
  seconds: 60,
  crashes: 5,
  'kill-parts': 1,
  'bootstrap-port': 5524,
  'dashboard-port': 3524,
  'data-dir': '/tmp/peerscope-soak',
} as const;

/**
 * `--short`: the setting CI runs (about a minute and a half on 2 cores), on the pool runtime: ten
 * process nodes and two animating pages starve a shared 2-core machine into late heartbeats.
 */
const SHORT = { ...DEFAULTS, runtime: 'pool', nodes: 10, rate: 40, seconds: 20, crashes: 2, 'kill-parts': 0 };

/** The launcher starts at most 50 process nodes; pooled nodes are cheap enough for 1,000. */
const MAX_NODES: Record<SoakRuntime, number> = { process: 50, pool: 1_000 };

type Key = keyof typeof DEFAULTS;
const ENV: Record<Key, string> = {
  runtime: 'SOAK_RUNTIME',
  nodes: 'SOAK_NODES',
  rate: 'SOAK_RATE',
  seconds: 'SOAK_SECONDS',
  crashes: 'SOAK_CRASHES',
  'kill-parts': 'SOAK_KILL_PARTS',
  'bootstrap-port': 'SOAK_BOOTSTRAP_PORT',
  'dashboard-port': 'SOAK_DASHBOARD_PORT',
  'data-dir': 'SOAK_DATA_DIR',
};

/** Reads the settings from `argv` and `env`; throws on a value that is not what it should be. */
export function soakSettings(argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): SoakSettings {
  const options = { ...Object.fromEntries(Object.keys(DEFAULTS).map((key) => [key, { type: 'string' as const }])), short: { type: 'boolean' as const } };
  const { values } = parseArgs({ args: argv, options, strict: true });
  const defaults = values.short ? SHORT : DEFAULTS;
  const raw = (key: Key): string => ((values as Record<string, unknown>)[key] as string | undefined) ?? env[ENV[key]] ?? String(defaults[key]);
  const int = (key: Key, min: number, max: number): number => {
    const value = Number(raw(key));
    if (!Number.isInteger(value) || value < min || value > max)
      throw new Error(`--${key} / ${ENV[key]} must be an integer from ${min} to ${max}, not ${raw(key)}`);
    return value;
  };
  const runtime = raw('runtime');
  if (runtime !== 'process' && runtime !== 'pool') throw new Error(`--runtime / ${ENV.runtime} must be process or pool, not ${runtime}`);
  const settings: SoakSettings = {
    runtime,
    nodes: int('nodes', 3, MAX_NODES[runtime]),
    rate: int('rate', 1, 1_000), // the traffic generator's own limit
    seconds: int('seconds', 5, 3_600),
    crashes: int('crashes', 0, 100),
    killParts: int('kill-parts', 0, 1) === 1,
    bootstrapPort: int('bootstrap-port', 1, 65_535),
    dashboardPort: int('dashboard-port', 1, 65_535),
    dataDir: raw('data-dir'),
  };
  if (settings.bootstrapPort === settings.dashboardPort) throw new Error('the bootstrap and the dashboard need different ports');
  return settings;
}
