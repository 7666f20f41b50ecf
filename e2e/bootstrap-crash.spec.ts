import { expect, test } from '@playwright/test';
import { aliveSenders, logRow, openDashboard, sendWithSelects, toasts, showControls } from './support/dashboard.js';
import { truthNodes } from './support/truth.js';

// A lesson anyone can run: crash the bootstrap from the page; the peers keep their lives and come back.
test('Crash bootstrap: the page shows it down, then up again, and every node is alive under its id', async ({ page }) => {
  await openDashboard(page);
  const before = (await truthNodes())
    .filter((n) => n.status === 'alive')
    .map((n) => n.id)
    .sort();
  await showControls(page, 'Faults');
  const bootstrap = page.getByRole('status', { name: 'Bootstrap' });
  await expect(bootstrap).toHaveAttribute('data-state', 'up');

  await page.getByRole('button', { name: 'Crash bootstrap' }).click();
  await expect(toasts(page)).toContainText('Bootstrap crashed');
  await expect(bootstrap).toHaveAttribute('data-state', 'down', { timeout: 5_000 });
  // The hub saw it go: the live picture says so, in the badge and the activity log, on every page.
  await expect(page.getByRole('region', { name: 'Activity' }).locator('[data-kind="bootstrap"]').first()).toContainText('bootstrap down');
  await expect(bootstrap).toHaveAttribute('data-state', 'up', { timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Crash bootstrap' })).toBeEnabled();
  await expect
    .poll(
      async () =>
        (await truthNodes())
          .filter((n) => n.status === 'alive')
          .map((n) => n.id)
          .sort(),
      { message: 'every node alive again under its id', timeout: 20_000 },
    )
    .toEqual(before);
  // The page never reloaded: it is still live, and a send goes through the restarted bootstrap.
  await expect(page.getByRole('status', { name: 'Connection' })).toHaveText('Live');
  const [from, to] = (await aliveSenders(page)) as [string, string];
  const id = await sendWithSelects(page, from, to, 'after the crash');
  await expect(logRow(page, id).locator('td').nth(2)).toHaveText('delivered');
});
