import type { ChildProcess } from 'node:child_process';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { aliveSenders, contextMenu, openDashboard, rightClickNode, showControls } from './support/dashboard.js';
import { startViewerDashboard } from './support/viewer-dashboard.js';

test.use({ viewport: { width: 1280, height: 720 } });

/** axe-core's WCAG 2.1 A and AA rules on the page as it is; only what it calls serious or critical. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('no serious or critical axe-core violation on the page, the Faults tab, a context menu, the palette and the shortcuts help', async ({ page }) => {
  // Five full axe-core runs: on a loaded machine each can take many seconds.
  test.setTimeout(240_000);
  await openDashboard(page);
  await expect(page.getByRole('region', { name: 'First minute' })).toBeVisible();
  expect(await seriousViolations(page), 'the main page').toEqual([]);

  await showControls(page, 'Faults');
  expect(await seriousViolations(page), 'the Faults tab').toEqual([]);

  const [a] = (await aliveSenders(page)) as [string];
  await rightClickNode(page, a);
  await expect(contextMenu(page, `Actions for ${a}`)).toBeVisible();
  expect(await seriousViolations(page), 'a node’s context menu').toEqual([]);
  await page.keyboard.press('Escape');

  await page.keyboard.press('Control+k');
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeVisible();
  await page.getByRole('dialog', { name: 'Command palette' }).getByRole('combobox').fill('crash ');
  expect(await seriousViolations(page), 'the command palette').toEqual([]);
  await page.keyboard.press('Escape');

  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  expect(await seriousViolations(page), 'the shortcuts help').toEqual([]);
});

test('the main regions are landmarks; the guide is dismissed for good', async ({ page }) => {
  await openDashboard(page);
  await expect(page.getByRole('banner')).toBeVisible();
  await expect(page.getByRole('main', { name: 'Network' })).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'Controls' })).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'Details' })).toBeVisible();
  // Tab reaches the graph before any form field.
  const graph = page.getByRole('application', { name: /Network graph/ });
  for (
    let i = 0;
    i < 12 && !(await graph.evaluate((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement));
    i++
  )
    await page.keyboard.press('Tab');
  await expect(graph).toBeFocused();

  const guide = page.getByRole('region', { name: 'First minute' });
  await expect(guide).toBeVisible();
  await guide.getByRole('button', { name: 'Got it' }).click();
  await expect(guide).toBeHidden();
  await page.reload();
  await expect(page.getByRole('status', { name: 'Connection' })).toHaveText('Live');
  await expect(guide).toBeHidden();
});

test.describe('viewer mode', () => {
  let child: ChildProcess;
  let url: string;

  test.beforeAll(async () => {
    // A second dashboard with sign-in required, so this browser is a viewer (as in perimeter.spec.ts).
    ({ child, url } = await startViewerDashboard('a viewer watches'));
  });
  test.afterAll(() => {
    child?.kill('SIGTERM');
  });

  test('a viewer’s page has no serious or critical violation, and no palette or menu to act with', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(url);
    await expect(page.getByRole('status', { name: 'Connection' })).toHaveText('Live', { timeout: 15_000 });
    await expect(page.getByRole('status', { name: 'Access' })).toHaveText('Viewer');
    expect(await seriousViolations(page), 'viewer mode').toEqual([]);
    await page.keyboard.press('Control+k');
    await expect(page.getByRole('dialog', { name: 'Command palette' })).toHaveCount(0);
    await page.keyboard.press('?');
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    expect(await seriousViolations(page), 'viewer mode, shortcuts help').toEqual([]);
  });
});
