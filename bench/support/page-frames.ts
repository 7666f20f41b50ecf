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

/** A long animation frame as Chromium reports it (the Long Animation Frames API), reduced to what is summarised. */
interface LongFrame {
  start: number;
  duration: number;
  /** ms from the frame's start to its rendering step, and that step's style and layout. */
  renderStart: number;
  styleAndLayoutStart: number;
  scripts: Array<{ invoker: string; fn: string; source: string; at: number; duration: number; layout: number }>;
}

interface ProbeRecord {
  running: boolean;
  longFrames: LongFrame[];
  observer?: { disconnect(): void };
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
      longFrames: [],
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
    // Where each long frame's time went (Chromium's Long Animation Frames API, where it has it).
    try {
      const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as unknown as Array<Record<string, unknown> & { startTime: number; duration: number }>) {
          const scripts = (entry.scripts as Array<Record<string, unknown>> | undefined) ?? [];
          probe.longFrames.push({
            start: entry.startTime,
            duration: entry.duration,
            renderStart: Math.max(0, (entry.renderStart as number) - entry.startTime),
            styleAndLayoutStart: Math.max(0, (entry.styleAndLayoutStart as number) - entry.startTime),
            scripts: scripts.map((script) => ({
              invoker: String(script.invoker ?? ''),
              fn: String(script.sourceFunctionName ?? ''),
              source: String(script.sourceURL ?? '').replace(/^.*\//, ''),
              at: Number(script.sourceCharPosition ?? -1),
              duration: Number(script.duration ?? 0),
              layout: Number(script.forcedStyleAndLayoutDuration ?? 0),
            })),
          });
        }
      });
      observer.observe({ type: 'long-animation-frame' });
      probe.observer = observer;
    } catch {
      // Not supported by this browser.
    }
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
  /**
   * Chromium's long animation frames (over 50 ms) in the window: their total ms, the share spent
   * in scripts (by what invoked them, largest first) and in the rendering step after them.
   */
  longAnimationFrames?: {
    count: number;
    totalMs: number;
    scriptMs: number;
    renderMs: number;
    byInvoker: Array<{ invoker: string; ms: number; count: number }>;
  };
  /**
   * How long Cytoscape's draws took (ms, p50 / p99 / max), those that repainted the node layer and
   * the others apart, and how many of the long frames had a node-layer draw in them; undefined
   * for a build whose hook does not time its draws.
   */
  draws?: { nodeLayer: ReturnType<typeof percentiles>; other: ReturnType<typeof percentiles>; longFramesWithNodeLayer: number };
  seqs: Array<[number, number]>;
  notLive: string[];
}

/** Stops recording and returns the figures. */
export async function stopFrameProbe(page: Page): Promise<FrameFigures> {
  const record = await page.evaluate(() => {
    const host = globalThis as unknown as ProbeHost;
    const probe = host.__frameProbe!;
    probe.running = false;
    probe.observer?.disconnect();
    probe.observer = undefined;
    probe.stoppedAt = host.performance.now();
    probe.rendersAtEnd = host.__peerscope!.renders();
    probe.nodeLayerAtEnd = host.__peerscope!.nodeLayerRenders?.() ?? -1;
    host.clearInterval(probe.sampler);
    const draws = host.__peerscope!.drawTimes?.().filter(([at]) => at >= probe.startedAt && at <= probe.stoppedAt);
    return { ...probe, draws };
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
    ...(record.draws && { draws: drawFigures(record.draws, record.frames, record.stoppedAt) }),
    longAnimationFrames: longFrameFigures(record.longFrames),
    seqs: record.seqs,
    notLive: record.notLive,
  };
}

/** Cytoscape's draw times in the window, node-layer repaints apart, and which long frames held one. */
function drawFigures(draws: Array<[number, number, 0 | 1]>, frames: number[], stoppedAt: number): NonNullable<FrameFigures['draws']> {
  const nodeLayer = draws.filter((d) => d[2] === 1);
  const ends = [...frames.slice(1), stoppedAt];
  let longFramesWithNodeLayer = 0;
  ends.forEach((end, i) => {
    const start = frames[i]!;
    if (end - start > 50 && nodeLayer.some(([at]) => at >= start && at < end)) longFramesWithNodeLayer += 1;
  });
  return {
    nodeLayer: percentiles(nodeLayer.map((d) => d[1])),
    other: percentiles(draws.filter((d) => d[2] === 0).map((d) => d[1])),
    longFramesWithNodeLayer,
  };
}

/** Where the long animation frames' time went: scripts by invoker (and function), and the rendering step. */
function longFrameFigures(frames: LongFrame[]): NonNullable<FrameFigures['longAnimationFrames']> {
  const byInvoker = new Map<string, { ms: number; count: number }>();
  let scriptMs = 0;
  let renderMs = 0;
  for (const frame of frames) {
    for (const script of frame.scripts) {
      const key = `${script.invoker}${script.fn ? ` ${script.fn}` : ''}${script.source ? ` (${script.source}:${script.at})` : ''}`;
      const entry = byInvoker.get(key) ?? { ms: 0, count: 0 };
      entry.ms += script.duration;
      entry.count += 1;
      byInvoker.set(key, entry);
      scriptMs += script.duration;
    }
    if (frame.renderStart > 0) renderMs += frame.duration - frame.renderStart;
  }
  const round = (x: number) => Math.round(x);
  return {
    count: frames.length,
    totalMs: round(frames.reduce((sum, f) => sum + f.duration, 0)),
    scriptMs: round(scriptMs),
    renderMs: round(renderMs),
    byInvoker: [...byInvoker.entries()]
      .map(([invoker, { ms, count }]) => ({ invoker, ms: round(ms), count }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 8),
  };
}
