// What a page does per frame while it is measured: its requestAnimationFrame callbacks, the frames
// Cytoscape drew (the test hook's `renders()`), and every ~100 ms the sequence number it has
// applied and its connection state, stamped with its own Date.now(). Recorded inside the page so
// a busy main thread delays the records, never loses them.
import type { Page } from '@playwright/test';
import type { PeerscopeTestHook } from '../../apps/dashboard/lib/common/test-hook-types.js';
import { percentiles } from './tally.js';

interface ProbeHost {
  __peerscope?: PeerscopeTestHook;
  __frameProbe?: ProbeRecord;
  requestAnimationFrame(callback: (time: number) => void): number;
  setInterval(callback: () => void, ms: number): number;
  clearInterval(id: number): void;
  performance: { now(): number };
  document: { querySelector(selector: string): { getAttribute(name: string): string | null } | null };
}

interface ProbeRecord {
  running: boolean;
  frames: number[];
  rendersAtStart: number;
  rendersAtEnd: number;
  /** The same for the draws that repainted the node layer (-1: the build's hook does not count them). */
  nodeLayerAtStart: number;
  nodeLayerAtEnd: number;
  startedAt: number;
  stoppedAt: number;
  /** [Date.now(), applied seq] pairs. */
  seqs: Array<[number, number]>;
  /** Connection states other than `live` seen while measuring. */
  notLive: string[];
  sampler: number;
}

/** Starts recording in the page (and replaces any earlier recording). */
export async function startFrameProbe(page: Page): Promise<void> {
  // tsx compiles this file with esbuild's keepNames, which wraps named functions in `__name(...)`:
  // the page needs that helper to run the probe below.
  await page.evaluate('globalThis.__name ??= (fn) => fn');
  await page.evaluate(() => {
    const host = globalThis as unknown as ProbeHost;
    if (host.__frameProbe) {
      host.__frameProbe.running = false;
      host.clearInterval(host.__frameProbe.sampler);
    }
    const hook = host.__peerscope!;
    const probe: ProbeRecord = {
      running: true,
      frames: [],
      rendersAtStart: hook.renders(),
      rendersAtEnd: 0,
      nodeLayerAtStart: hook.nodeLayerRenders?.() ?? -1,
      nodeLayerAtEnd: -1,
      startedAt: host.performance.now(),
      stoppedAt: 0,
      seqs: [],
      notLive: [],
      sampler: 0,
    };
    const onFrame = (time: number) => {
      if (!probe.running) return;
      probe.frames.push(time);
      host.requestAnimationFrame(onFrame);
    };
    host.requestAnimationFrame(onFrame);
    probe.sampler = host.setInterval(() => {
      probe.seqs.push([Date.now(), hook.seq()]);
      const state = host.document.querySelector('[aria-label="Connection"]')?.getAttribute('data-state') ?? 'missing';
      if (state !== 'live') probe.notLive.push(state);
    }, 100);
    host.__frameProbe = probe;
  });
}

export interface FrameFigures {
  windowMs: number;
  /** requestAnimationFrame callbacks per second. */
  rafFps: number;
  /** Frames Cytoscape drew per second. */
  graphFps: number;
  /** Of those, the draws per second that repainted its node layer (every node and link); undefined for a build that does not count them. */
  nodeLayerFps: number | undefined;
  worstFrameMs: number;
  p99FrameMs: number;
  p50FrameMs: number;
  /** Frame intervals longer than 50 ms. */
  longFrames: number;
  seqs: Array<[number, number]>;
  notLive: string[];
}

/** Stops recording and returns the figures. */
export async function stopFrameProbe(page: Page): Promise<FrameFigures> {
  const record = await page.evaluate(() => {
    const host = globalThis as unknown as ProbeHost;
    const probe = host.__frameProbe!;
    probe.running = false;
    probe.stoppedAt = host.performance.now();
    probe.rendersAtEnd = host.__peerscope!.renders();
    probe.nodeLayerAtEnd = host.__peerscope!.nodeLayerRenders?.() ?? -1;
    host.clearInterval(probe.sampler);
    return probe;
  });
  const windowMs = record.stoppedAt - record.startedAt;
  const intervals = record.frames.slice(1).map((t, i) => t - record.frames[i]!);
  // The last frame may be far back: the time since it counts as a frame still waiting.
  if (record.frames.length > 0) intervals.push(record.stoppedAt - record.frames.at(-1)!);
  const spread = percentiles(intervals);
  const perSecond = (n: number) => Math.round((n / windowMs) * 10_000) / 10;
  return {
    windowMs: Math.round(windowMs),
    rafFps: perSecond(record.frames.length),
    graphFps: perSecond(record.rendersAtEnd - record.rendersAtStart),
    nodeLayerFps: record.nodeLayerAtStart < 0 ? undefined : perSecond(record.nodeLayerAtEnd - record.nodeLayerAtStart),
    worstFrameMs: spread.max,
    p99FrameMs: spread.p99,
    p50FrameMs: spread.p50,
    longFrames: intervals.filter((ms) => ms > 50).length,
    seqs: record.seqs,
    notLive: record.notLive,
  };
}
