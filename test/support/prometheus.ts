import { spawnSync } from 'node:child_process';

/**
 * Whether Prometheus's `promtool` is here (Debian's `prometheus` package has it), or why not.
 * Under CI a missing promtool is a failure (.ci/run installs it), elsewhere a skip with the reason printed.
 */
export function promtoolAvailable(): true | { skip: string } {
  const probe = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0) return true;
  const reason = `promtool is not installed (${probe.error?.message ?? probe.stderr.trim()}); apt-get install prometheus has it`;
  if (process.env.CI === 'true') throw new Error(`${reason}; .ci/run installs it`);
  console.log(`# skipped: ${reason}`);
  return { skip: reason };
}

/** Runs `promtool <args>` with `input` on stdin; its exit status and what it printed. */
export function promtool(args: string[], input?: string): { status: number | null; output: string } {
  const run = spawnSync('promtool', args, { input, encoding: 'utf8', timeout: 30_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** Fetches a `/metrics` answer (with a bearer token if given); its status and text. */
export async function scrape(url: string, token?: string): Promise<{ status: number; text: string; contentType: string | null }> {
  const answer = await fetch(`${url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: answer.status, text: await answer.text(), contentType: answer.headers.get('content-type') };
}

/**
 * The value of one sample of a Prometheus text answer: `name` with exactly `labels` (in the
 * order the server writes them), or 0 when the series is not there yet.
 */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const series = wanted.length > 0 ? `${name}{${wanted.join(',')}}` : name;
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1).split(' ')[0]);
}
