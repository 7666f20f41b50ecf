// A real Chromium on the dashboard, read through its test hook (apps/dashboard/lib/browser/test-hook.ts).
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import type { Cleanup } from './system.js';

/** The page's `window.__peerscope`, as `page.evaluate` callbacks see it (no DOM types here). */
export interface HookHost {
  __peerscope?: {
    nodes(): Array<{ id: string; status: string; kind: string }>;
    animations: Record<string, number>;
    seq(): number;
  };
  performance: { timeOrigin: number; now(): number };
  requestAnimationFrame(callback: (time: number) => void): number;
  [key: string]: unknown;
}

export interface LaunchOptions {
  /**
   * Runs Chromium (and every process it starts) at the lowest CPU priority (`nice 19`): for a
   * test whose pages only watch, so that on a small machine the watcher does not starve the
   * network it watches. Benchmarks of the page itself keep the normal priority.
   */
  lowPriority?: boolean;
  /**
   * Gives the page WebGL through SwiftShader (software), as a machine without a GPU has it, instead
   * of `--disable-gpu` (no WebGL at all).
   */
  webgl?: boolean;
}

/** Chromium's flags: the suite's, or SwiftShader's WebGL in place of `--disable-gpu`. */
export const chromiumArgs = (webgl = false): string[] =>
  webgl
    ? ['--no-sandbox', '--disable-background-networking', '--use-angle=swiftshader', '--enable-unsafe-swiftshader']
    : ['--no-sandbox', '--disable-gpu', '--disable-background-networking'];

export async function launchBrowser(cleanup: Cleanup, options: LaunchOptions = {}): Promise<Browser> {
  const chromiumPath = process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium';
  const browser = await chromium.launch({
    executablePath: options.lowPriority ? lowPriorityLauncher(chromiumPath) : chromiumPath,
    args: chromiumArgs(options.webgl),
  });
  cleanup.add('close Chromium', () => browser.close());
  return browser;
}

/** A new page (in its own context, like a separate browser) on the dashboard, once it draws `nodes` alive nodes. */
export async function openDashboard(browser: Browser, url: string, nodes: number, setup?: (page: Page) => void): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  setup?.(page);
  await page.goto(url);
  await page.waitForFunction((n) => ((globalThis as unknown as HookHost).__peerscope?.nodes().filter((x) => x.status === 'alive').length ?? 0) >= n, nodes, {
    timeout: 60_000,
    polling: 100,
  });
  return page;
}

export function hookNodes(page: Page): Promise<Array<{ id: string; status: string; kind: string }>> {
  return page.evaluate(() => (globalThis as unknown as HookHost).__peerscope?.nodes() ?? []);
}

/**
 * How far the page's animation clock (timeOrigin + now, what the hook stamps) is from its wall
 * clock (Date.now), in ms; near 0 means the hook's stamps compare with this process's Date.now().
 */
export function pageClockSkewMs(page: Page): Promise<number> {
  return page.evaluate(() => {
    const host = globalThis as unknown as HookHost;
    return Date.now() - (host.performance.timeOrigin + host.performance.now());
  });
}

/** A one-line script that starts Chromium under `nice -n 19`; Playwright runs it as the browser. */
function lowPriorityLauncher(chromiumPath: string): string {
  const script = join(mkdtempSync(join(tmpdir(), 'peerscope-chromium-')), 'chromium');
  writeFileSync(script, `#!/bin/sh\nexec nice -n 19 ${JSON.stringify(chromiumPath)} "$@"\n`);
  chmodSync(script, 0o755);
  return script;
}
