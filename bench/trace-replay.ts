// Benchmark: a 1,000,000-event trace in the page, in headless Chromium, with nothing else running
// but `npm run replay`'s server (the dashboard alone, serving that trace). Measures:
//   served  the page opening the served trace (GET /api/trace*): first picture after the page is
//           loaded, then seeks to random points (the server reads from the nearest snapshot);
//   file    the same page opening the file with "Open trace" (File.slice().stream(), never read
//           whole): first picture, the byte scan that indexes it, then seeks to random points.
// A seek is timed in the page, from the slider's input event to the position shown.
// BENCH_TRACE: the trace (default bench/results/trace-1m.ndjson, made by bench/support/make-trace.ts if absent).
// See bench/README.md, "Recording the trace".
/// <reference lib="dom" />
import { fork } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { launchBrowser } from './support/browser.js';
import { load1, machine, machineLine } from './support/machine.js';
import { makeTrace } from './support/make-trace.js';
import { Cleanup, envInt, repo, sut, sutInfo, writeResults } from './support/system.js';

const SETTINGS = {
  trace: process.env.BENCH_TRACE ?? repo('bench/results/trace-1m.ndjson'),
  events: envInt('BENCH_TRACE_EVENTS', 1_000_000),
  seeks: envInt('BENCH_SEEKS', 10),
};
const GOALS = { firstPictureMs: 3_000, seekMs: 1_000 };

const position = (page: Page) => page.getByRole('status', { name: 'Trace position' });

/** Moves the slider to `target` in the page and returns the ms until the position shows it. */
function seekInPage(page: Page, target: number): Promise<number> {
  return page.evaluate(async (target) => {
    const slider = document.querySelector<HTMLInputElement>('input[aria-label="Trace slider"]')!;
    const status = document.querySelector<HTMLElement>('[aria-label="Trace position"]')!;
    const started = performance.now();
    const done = new Promise<void>((resolve) => {
      const observer = new MutationObserver(() => {
        if (status.dataset.position === String(target)) {
          observer.disconnect();
          resolve();
        }
      });
      observer.observe(status, { attributes: true });
    });
    // React listens for the input event; the value is set as a person's drag would.
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(slider, String(target));
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    await done;
    return performance.now() - started;
  }, target);
}

/** Whether the page's counters at its position equal those of the trace's own snapshot there (the targets fall on snapshots). */
async function checkPicture(page: Page, url: string): Promise<boolean> {
  const { seq, counters } = await page.evaluate(() => {
    const hook = (globalThis as unknown as { __peerscope: { seq(): number; counters(): unknown } }).__peerscope;
    return { seq: hook.seq(), counters: hook.counters() };
  });
  const lines = (await (await fetch(`${url}/api/trace?from=${seq}&to=${seq}`)).text()).trim().split('\n');
  const snapshot = JSON.parse(lines[1]!) as { seq: number; snapshot: { counters: unknown } };
  return snapshot.seq === seq && JSON.stringify(snapshot.snapshot.counters) === JSON.stringify(counters);
}

async function seeks(page: Page, lastSeq: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < SETTINGS.seeks; i++) {
    // Spread over the whole trace, in an order that jumps back and forth.
    const target = Math.max(1, Math.round((((i * 7) % SETTINGS.seeks) + 0.5) * (lastSeq / SETTINGS.seeks)));
    times.push(Math.round(await seekInPage(page, target)));
  }
  return times;
}

async function main(): Promise<void> {
  const m = machine();
  console.log(`trace-replay: ${machineLine(m)}; measuring ${JSON.stringify(sutInfo())}`);
  if (!existsSync(SETTINGS.trace)) {
    console.log(`making a ${SETTINGS.events}-event trace at ${SETTINGS.trace}`);
    await makeTrace(SETTINGS.trace, SETTINGS.events);
  }
  const bytes = statSync(SETTINGS.trace).size;
  const cleanup = new Cleanup();
  try {
    const browser = await launchBrowser(cleanup);
    // The browser first: what is timed from the server's start is the server and the page, not Chromium's launch.
    const server = fork(sut('apps/dashboard/dist/server/replay.js'), [SETTINGS.trace, '--port', '0'], {
      env: { ...process.env, PEERSCOPE_TEST_HOOK: '1', LOG_LEVEL: 'warn', NODE_ENV: 'production' },
    });
    cleanup.add('stop the replay server', async () => void server.kill('SIGTERM'));
    const serverStarted = performance.now();
    const url = await new Promise<string>((resolve, reject) => {
      server.once('message', (m: { url: string }) => resolve(m.url));
      server.once('exit', (code) => reject(new Error(`the replay server exited (${code})`)));
    });
    const serverReadyMs = Math.round(performance.now() - serverStarted);
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();

    // Served: the page opens the trace itself.
    const loadStarted = Date.now();
    await page.goto(url);
    await position(page).waitFor();
    const loadedAt = await page.evaluate(() => performance.timing.domContentLoadedEventEnd);
    await page.waitForFunction(
      () => document.querySelector('[aria-label="Trace position"]')?.getAttribute('data-position') === '0' && document.querySelector('[aria-label="Counters"]'),
    );
    const servedFirstPicture = {
      fromServerStartMs: Math.round(performance.now() - serverStarted),
      fromNavigationMs: Date.now() - loadStarted,
      fromDomContentLoadedMs: Math.round(Date.now() - loadedAt),
    };
    await page.waitForFunction(() => !(document.querySelector('input[aria-label="Trace slider"]') as HTMLInputElement | null)?.disabled, undefined, {
      timeout: 120_000,
    });
    const servedIndexedMs = Math.round(performance.now() - serverStarted);
    const lastSeq = Number(await page.locator('input[aria-label="Trace slider"]').getAttribute('max'));
    const servedSeeks = await seeks(page, lastSeq);
    const servedPictureRight = await checkPicture(page, url);
    console.log(
      `served: server ready in ${serverReadyMs} ms, first picture ${JSON.stringify(servedFirstPicture)}, slider usable (indexed) ${servedIndexedMs} ms from the server's start, seeks ${servedSeeks.join(', ')} ms`,
    );

    // File: leave the position elsewhere, then Open trace; its first picture is position 0 again.
    await seekInPage(page, lastSeq);
    const opened = Date.now();
    await page.getByLabel('Open trace').setInputFiles(SETTINGS.trace);
    await page.waitForFunction(() => document.querySelector('[aria-label="Trace position"]')?.getAttribute('data-position') === '0', undefined, {
      timeout: 60_000,
    });
    const fileFirstPictureMs = Date.now() - opened;
    await page.waitForFunction(() => !(document.querySelector('input[aria-label="Trace slider"]') as HTMLInputElement | null)?.disabled, undefined, {
      timeout: 120_000,
    });
    const fileIndexedMs = Date.now() - opened;
    const fileSeeks = await seeks(page, lastSeq);
    const filePictureRight = await checkPicture(page, url);
    // Next's route announcer is an alert too: only the trace's own counts.
    const alert = page.getByRole('alert').filter({ hasText: 'Trace error' });
    const error = (await alert.count()) > 0 ? await alert.first().textContent() : '';
    console.log(
      `file: first picture ${fileFirstPictureMs} ms, indexed ${fileIndexedMs} ms, seeks ${fileSeeks.join(', ')} ms; counters right: ${filePictureRight}${error ? ` (the page shows an error: ${error})` : ''}`,
    );

    const results = {
      benchmark: 'trace-replay',
      machine: m,
      measured: sutInfo(),
      load1: load1(),
      trace: { path: SETTINGS.trace, bytes, lastSeq },
      goals: GOALS,
      served: {
        serverReadyMs,
        firstPicture: servedFirstPicture,
        indexedMs: servedIndexedMs,
        seeksMs: servedSeeks,
        maxSeekMs: Math.max(...servedSeeks),
        pictureRight: servedPictureRight,
      },
      pageError: error || undefined,
      file: {
        firstPictureMs: fileFirstPictureMs,
        indexedMs: fileIndexedMs,
        seeksMs: fileSeeks,
        maxSeekMs: Math.max(...fileSeeks),
        pictureRight: filePictureRight,
      },
    };
    const path = await writeResults('trace-replay', results);
    console.log(`load ${results.load1}; ${lastSeq} events, ${(bytes / 1024 / 1024).toFixed(0)} MB; details: ${path}`);
  } finally {
    await cleanup.run();
  }
}

await main();
