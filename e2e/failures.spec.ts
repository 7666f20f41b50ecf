import { expect, test } from '@playwright/test';
import {
  activityLines,
  aliveSenders,
  clickNode,
  nodeClasses,
  nodeDetails,
  nodeStatus,
  openDashboard,
  sendWithSelects,
  logRow,
  toasts,
} from './support/dashboard.js';
import { removeNode, resetLab, startNodes, truthFaults, truthNode } from './support/truth.js';

test.afterEach(() => resetLab());

/** A node of this spec's own, alive on the page, so the launcher's nodes stay untouched. */
async function ownNode(page: Parameters<typeof clickNode>[0]): Promise<string> {
  const [id] = (await startNodes(1)) as [string];
  await expect.poll(() => nodeStatus(page, id)).toBe('alive');
  return id;
}

test('crash a node, then restart it: the same id comes back alive and takes messages @docker', async ({ page }) => {
  await openDashboard(page);
  const victim = await ownNode(page);
  try {
    await clickNode(page, victim);
    await page.getByRole('button', { name: 'Crash node' }).click();
    await expect(toasts(page)).toContainText(`Crashed ${victim}`);
    await expect.poll(() => nodeStatus(page, victim), { timeout: 6_000 }).toBe('dead');

    await page.getByRole('button', { name: 'Restart node' }).click();
    await expect(toasts(page)).toContainText(`Restarted ${victim}`);
    await expect.poll(() => nodeStatus(page, victim), { message: `${victim} is drawn alive again`, timeout: 10_000 }).toBe('alive');
    await expect(nodeDetails(page).locator('dd[data-field=status]')).toHaveText('alive');
    expect((await truthNode(victim))?.status).toBe('alive');
    expect(await activityLines(page)).toContain(`${victim} dead → alive`);

    const [from] = (await aliveSenders(page)).filter((id) => id !== victim) as [string];
    const id = await sendWithSelects(page, from, victim, 'welcome back');
    await expect(logRow(page, id).locator('td').nth(2)).toHaveText('delivered');
  } finally {
    await removeNode(victim).catch(() => undefined);
  }
});

test('pause a node: it goes suspect, then dead; resume it: alive again @docker', async ({ page }) => {
  await openDashboard(page);
  const victim = await ownNode(page);
  try {
    await clickNode(page, victim);
    await page.getByRole('button', { name: 'Pause node' }).click();
    await expect(toasts(page)).toContainText(`Paused ${victim}`);
    await expect.poll(async () => (await truthFaults()).paused).toContain(victim);
    // Drawn paused at once (a double border and an icon); the details say so.
    await expect.poll(() => nodeClasses(page, victim)).toContain('paused');
    await expect(nodeDetails(page).locator('dd[data-field=paused]')).toHaveText('yes');
    await expect(page.getByRole('button', { name: 'Pause node' })).toBeDisabled();

    // Silent: suspect after 2 s, dead after 3 s; each step drawn and logged.
    await expect.poll(() => nodeStatus(page, victim), { timeout: 5_000, intervals: [100] }).toBe('suspect');
    await expect.poll(() => nodeStatus(page, victim), { timeout: 5_000 }).toBe('dead');
    await expect(nodeDetails(page).locator('dd[data-field=status]')).toHaveText('dead');
    const lines = await activityLines(page);
    expect(lines).toEqual(expect.arrayContaining([`${victim} paused`, `${victim} alive → suspect`, `${victim} suspect → dead`]));
    await expect(page.getByRole('region', { name: 'Activity' })).toContainText(`${victim} suspect → dead`);

    await page.getByRole('button', { name: 'Resume node' }).click();
    await expect(toasts(page)).toContainText(`Resumed ${victim}`);
    await expect.poll(() => nodeStatus(page, victim), { message: `${victim} catches up and is alive again`, timeout: 10_000 }).toBe('alive');
    await expect.poll(() => nodeClasses(page, victim)).not.toContain('paused');
    expect(await activityLines(page)).toEqual(expect.arrayContaining([`${victim} resumed`, `${victim} dead → alive`]));
  } finally {
    await removeNode(victim).catch(() => undefined);
  }
});
