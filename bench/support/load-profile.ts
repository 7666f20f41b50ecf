// Where one page load's main-thread time went, phase by phase: a CPU profile (CDP Profiler, 1 ms
// sampling) from before `goto` to a drawn graph, each sample put in the load phase it fell in
// (the page's user-timing marks and the navigation's own, see ui-scale.ts) and summed per script
// and per function. The raw profile is kept beside the results (git-ignored) for a closer look.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CDPSession } from '@playwright/test';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** One phase of a load: from the previous phase's time to `until` (ms after navigation start). */
export interface PhaseTime {
  phase: string;
  /** ms of the phase: its wall time, then the profile's samples in it (idle apart). */
  wallMs: number;
  busyMs: number;
  idleMs: number;
  byScript: Array<{ script: string; ms: number }>;
  topFunctions: Array<{ fn: string; ms: number }>;
}

export async function startLoadProfile(cdp: CDPSession): Promise<() => Promise<number | undefined>> {
  // DOMContentLoaded's monotonic time (CDP's clock, the profile's too), to place the page's own times on the profile.
  let dclMonotonicS: number | undefined;
  cdp.on('Page.domContentEventFired', (event: { timestamp: number }) => (dclMonotonicS ??= event.timestamp));
  await cdp.send('Page.enable');
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 1_000 });
  await cdp.send('Profiler.start');
  return async () => dclMonotonicS;
}

export async function stopLoadProfile(cdp: CDPSession, path: string): Promise<CpuProfile> {
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  await cdp.send('Profiler.disable');
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(profile));
  return profile;
}

const scriptName = (url: string) => (url === '' ? '(native)' : (url.split('/').pop() ?? url));

/**
 * Splits the profile by phase. `phases` are ms after navigation start, in order; `dclMs` is the
 * page's domContentLoadedEventStart and `dclMonotonicS` the same moment on the profile's clock.
 */
export function phasesOfProfile(profile: CpuProfile, phases: Array<[string, number]>, dclMs: number, dclMonotonicS: number): PhaseTime[] {
  const originUs = dclMonotonicS * 1e6 - dclMs * 1e3;
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const bounds = [...phases].sort((a, b) => a[1] - b[1]);
  const out = bounds.map(([phase, until], i) => ({
    phase,
    wallMs: Math.round(until - (i === 0 ? 0 : bounds[i - 1]![1])),
    busyUs: 0,
    idleUs: 0,
    scripts: new Map<string, number>(),
    fns: new Map<string, number>(),
  }));
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    const ms = (at - originUs) / 1e3;
    const slot = out[bounds.findIndex(([, until]) => ms <= until)];
    if (!slot) return;
    const us = profile.timeDeltas[i + 1] ?? 1_000;
    const frame = byNode.get(id)!.callFrame;
    if (frame.functionName === '(idle)') {
      slot.idleUs += us;
      return;
    }
    slot.busyUs += us;
    const script = frame.url === '' ? frame.functionName || '(native)' : scriptName(frame.url);
    slot.scripts.set(script, (slot.scripts.get(script) ?? 0) + us);
    const fn = `${frame.functionName || '(anonymous)'} ${scriptName(frame.url)}:${frame.lineNumber}:${frame.columnNumber}`;
    slot.fns.set(fn, (slot.fns.get(fn) ?? 0) + us);
  });
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, us]) => [k, Math.round(us / 1e3)] as const);
  return out.map((s) => ({
    phase: s.phase,
    wallMs: s.wallMs,
    busyMs: Math.round(s.busyUs / 1e3),
    idleMs: Math.round(s.idleUs / 1e3),
    byScript: top(s.scripts, 5).map(([script, ms]) => ({ script, ms })),
    topFunctions: top(s.fns, 5).map(([fn, ms]) => ({ fn, ms })),
  }));
}
