// Where a page's JavaScript time goes: a CPU profile of the page's main thread (CDP Profiler),
// self time summed per script (each Next.js chunk named by the library it holds) and per function.
import type { CDPSession } from '@playwright/test';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  /** Self time per script (chunk), in % of the profiled time. */
  byScript: Array<{ script: string; percent: number }>;
  /** The functions with the most self time (names as the minified build has them). */
  topFunctions: Array<{ fn: string; script: string; percent: number; at: string }>;
}

export async function startProfile(cdp: CDPSession): Promise<void> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 1_000 });
  await cdp.send('Profiler.start');
}

/** Stops the profile and summarises it; `label` names a script url by what it contains. */
export async function stopProfile(cdp: CDPSession, label: (url: string) => Promise<string>): Promise<ProfileSummary> {
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  await cdp.send('Profiler.disable');
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const labels = new Map<string, string>();
  const scriptOf = async (url: string) => {
    if (!labels.has(url)) labels.set(url, url === '' ? '(native, GC, idle)' : await label(url));
    return labels.get(url)!;
  };
  const scripts = new Map<string, number>();
  const fns = new Map<string, { script: string; us: number }>();
  for (const [id, us] of selfUs) {
    const frame = byNode.get(id)!.callFrame;
    const script = await scriptOf(frame.url);
    const name = frame.url === '' ? frame.functionName || '(anonymous)' : frame.functionName || '(anonymous)';
    scripts.set(script, (scripts.get(script) ?? 0) + us);
    const key = `${name}@${script}:${frame.lineNumber}:${frame.columnNumber}`;
    const entry = fns.get(key) ?? { script, us: 0 };
    entry.us += us;
    fns.set(key, entry);
  }
  const pct = (us: number) => Math.round((us / Math.max(1, total)) * 1000) / 10;
  return {
    totalMs: Math.round(total / 1_000),
    byScript: [...scripts].sort((a, b) => b[1] - a[1]).map(([script, us]) => ({ script, percent: pct(us) })),
    topFunctions: [...fns]
      .sort((a, b) => b[1].us - a[1].us)
      .slice(0, 12)
      .map(([key, v]) => ({
        fn: key.slice(0, key.indexOf('@')),
        script: v.script,
        percent: pct(v.us),
        at: key.slice(key.lastIndexOf(':', key.lastIndexOf(':') - 1) + 1),
      })),
  };
}

/** Names a Next.js chunk by the library it holds, from its text. */
export function chunkLabel(url: string, text: string): string {
  const file = url.split('/').pop() ?? url;
  const markers: Array<[RegExp, string]> = [
    [/cytoscape/i, 'cytoscape'],
    [/react-dom|__SECRET_INTERNALS|scheduler/i, 'react-dom'],
    [/engine\.io|socket\.io/i, 'socket.io-client (+ protocol)'],
    [/network:deltas|animationShown|__peerscope/, 'app (dashboard code)'],
  ];
  const found = markers.find(([re]) => re.test(text));
  return `${found ? found[1] : 'other'} [${file}]`;
}
