import { writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type { HookHost } from './support/hook.js';
import { openDashboard, readCounters } from './support/dashboard.js';
import { crashNode, removeNode, resetLab, startNodes } from './support/truth.js';
import { DASHBOARD_URL } from './support/system.js';

test.afterEach(() => resetLab());

/** What the page shows that a replay must show alike: the counters, every node's status, the seq. */
async function picture(page: Page) {
  return page.evaluate(() => {
    const hook = (globalThis as unknown as HookHost).__peerscope!;
    const nodes = hook
      .nodes()
      .map((n) => `${n.id}:${n.status}`)
      .sort();
    return { counters: hook.counters() as { sent: number; delivered: number; failed: number; received: number }, nodes, seq: hook.seq() };
  });
}

const seqOf = (page: Page) => page.evaluate(() => (globalThis as unknown as HookHost).__peerscope!.seq());

/** Waits until the page has taken no event for `quietMs`. */
async function quiet(page: Page, quietMs = 1_500): Promise<void> {
  let last = -1;
  let since = Date.now();
  await expect
    .poll(
      async () => {
        const seq = await seqOf(page);
        if (seq !== last) [last, since] = [seq, Date.now()];
        return Date.now() - since >= quietMs;
      },
      { timeout: 30_000, intervals: [250] },
    )
    .toBe(true);
}

async function api(path: string, init: RequestInit = {}): Promise<Response> {
  const answer = await fetch(`${DASHBOARD_URL}${path}`, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
  expect(answer.ok, `${path}: ${answer.status}`).toBe(true);
  return answer;
}

test('a crash mid-traffic, exported and replayed in a fresh page: the end equals what the live page showed', async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  await openDashboard(page);
  const [victim, other] = (await startNodes(2)) as [string, string];
  try {
    await expect.poll(async () => (await picture(page)).nodes).toEqual(expect.arrayContaining([`${victim}:alive`, `${other}:alive`]));
    await api('/api/traffic/generator', { method: 'POST', body: JSON.stringify({ rate: 30, durationS: 3 }) });
    await page.waitForTimeout(1_000);
    await crashNode(victim);
    await expect.poll(async () => (await picture(page)).nodes, { timeout: 15_000 }).toContain(`${victim}:dead`);
    await expect.poll(async () => ((await (await api('/api/traffic/generator')).json()) as { running: boolean }).running, { timeout: 15_000 }).toBe(false);

    // The live picture once quiet, and the trace exported at that moment (the same seq before and after).
    let live = await picture(page);
    let trace = '';
    await expect
      .poll(async () => {
        await quiet(page);
        live = await picture(page);
        trace = await (await api('/api/trace')).text();
        return (await seqOf(page)) === live.seq && trace.trimEnd().split('\n').at(-1)!.includes(`"seq":${live.seq},`);
      })
      .toBe(true);
    expect(live.counters!.failed).toBeGreaterThan(0);
    const file = testInfo.outputPath('session.ndjson');
    writeFileSync(file, trace);

    // A fresh page opens the file and plays it to the end, fast.
    const context = await browser.newContext();
    const replay = await context.newPage();
    await replay.goto('/');
    await replay.getByLabel('Open trace').setInputFiles(file);
    await expect(replay.getByRole('status', { name: 'Connection' })).toHaveText('Trace');
    await expect(replay.getByRole('slider', { name: 'Trace slider' })).toBeEnabled({ timeout: 20_000 });
    await replay.getByRole('combobox', { name: 'Speed' }).selectOption('200');
    await replay.getByRole('button', { name: 'Play' }).click();
    await expect(replay.getByRole('status', { name: 'Trace position' })).toHaveAttribute('data-position', String(live.seq), { timeout: 60_000 });
    await expect.poll(() => picture(replay)).toEqual(live);
    // While it shows a trace, nothing on the page acts on the live network.
    await expect(replay.getByRole('button', { name: 'Add node' })).toHaveCount(0);
    await context.close();
  } finally {
    await removeNode(victim).catch(() => undefined);
    await removeNode(other).catch(() => undefined);
  }
});

test('time travel: the slider back shows fewer messages, Back to live restores the live picture', async ({ page }) => {
  await openDashboard(page);
  await quiet(page, 500);
  const before = await picture(page);
  await api('/api/traffic', { method: 'POST', body: JSON.stringify({ count: 10 }) });
  await expect.poll(async () => (await readCounters(page)).sent).toBe(before.counters!.sent + 10);
  await quiet(page, 1_000);
  const live = await picture(page);

  await page.getByRole('button', { name: 'Time travel' }).click();
  await expect(page.getByRole('status', { name: 'Connection' })).toHaveText('Trace');
  const slider = page.getByRole('slider', { name: 'Trace slider' });
  await expect(slider).toBeEnabled();
  await expect(page.getByRole('status', { name: 'Trace position' })).toHaveAttribute('data-position', String(live.seq));
  await expect(page.getByRole('button', { name: 'Add node' })).toHaveCount(0);

  await slider.fill(String(before.seq));
  await expect(page.getByRole('status', { name: 'Trace position' })).toHaveAttribute('data-position', String(before.seq));
  await expect.poll(async () => (await picture(page)).counters).toEqual(before.counters);
  // The counters bar follows the picture within a render (panels re-render at most every 200 ms).
  await expect.poll(async () => (await readCounters(page)).sent).toBe(live.counters!.sent - 10);

  await page.getByRole('button', { name: 'Back to live' }).click();
  await expect(page.getByRole('status', { name: 'Connection' })).toHaveText('Live');
  await expect.poll(async () => (await picture(page)).counters).toEqual(live.counters);
  await expect(page.getByRole('button', { name: 'Add node' })).toBeVisible();
});

test('time travel: the keys that act (a, t, Ctrl K) act on nothing while the trace is shown', async ({ page }) => {
  await openDashboard(page);
  const actions: string[] = [];
  page.on('request', (request) => {
    if (request.method() !== 'GET' && new URL(request.url()).pathname.startsWith('/api/')) actions.push(`${request.method()} ${request.url()}`);
  });
  await page.getByRole('button', { name: 'Time travel' }).click();
  await expect(page.getByRole('status', { name: 'Connection' })).toHaveText('Trace');

  // Out of the slider (a text field keeps its keys): on the page, where its shortcuts listen.
  await page.getByRole('heading', { name: /peerscope/ }).click();
  await page.keyboard.press('a');
  await page.keyboard.press('t');
  await page.keyboard.press('Control+k');
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help.getByText('Add a node')).toHaveCount(0);
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toHaveCount(0);
  expect(actions).toEqual([]);
  await expect(page.getByRole('button', { name: 'Commands' })).toHaveCount(0);

  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Back to live' }).click();
  await expect(page.getByRole('button', { name: 'Commands' })).toBeVisible();
});

test('the test hook stops and restarts recording: events meanwhile are left out, and the restart begins with a snapshot', async ({ page }) => {
  const recording = (body: unknown) =>
    fetch(`${DASHBOARD_URL}/api/trace/recording`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const refused = await recording({ recording: 'no' });
  expect(refused.status).toBe(400);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('invalid_body');

  await openDashboard(page);
  await quiet(page, 500);
  expect(((await (await recording({ recording: false })).json()) as { recording: boolean }).recording).toBe(false);
  const stoppedAt = await seqOf(page);
  await api('/api/traffic', { method: 'POST', body: JSON.stringify({ count: 5 }) });
  await quiet(page, 1_000);
  const restartedAt = await seqOf(page);
  expect(restartedAt).toBeGreaterThan(stoppedAt);
  expect(((await (await recording({ recording: true })).json()) as { recording: boolean }).recording).toBe(true);
  await api('/api/traffic', { method: 'POST', body: JSON.stringify({ count: 5 }) });
  await quiet(page, 1_000);
  const end = await seqOf(page);

  const lines = (await (await api(`/api/trace?from=${stoppedAt}`)).text())
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { type: string; seq?: number });
  const events = lines.filter((l) => l.type === 'event').map((l) => l.seq!);
  expect(events.filter((seq) => seq > stoppedAt && seq <= restartedAt)).toEqual([]);
  expect(events.filter((seq) => seq > restartedAt)).toEqual(Array.from({ length: end - restartedAt }, (_, i) => restartedAt + 1 + i));
  expect(lines.some((l) => l.type === 'snapshot' && l.seq === restartedAt)).toBe(true);
});
