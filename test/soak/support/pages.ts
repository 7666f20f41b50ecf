// The two browser pages of the soak: real Chromium pages on the dashboard, read through the
// test hook (apps/dashboard/lib/browser/test-hook.ts) and the counters bar a person reads.
import { CountersSchema, type Counters } from '@peerscope/protocol';
import type { Browser, Page, WebSocket } from '@playwright/test';
import { openDashboard, type HookHost } from '../../../bench/support/browser.js';

const LIVE_TIMEOUT_MS = 60_000;
const CUT_TIMEOUT_MS = 15_000;

export interface PageCounters extends Counters {
  /** The last sequence number the page applied. */
  seq: number;
}

/** One dashboard page, with what happened to its Socket.IO WebSocket. */
export class SoakPage {
  /** WebSockets the page opened and saw closed (each reconnection attempt opens one). */
  readonly sockets = { opened: 0, closed: 0 };
  private open = new Set<WebSocket>();

  private constructor(
    readonly name: string,
    readonly page: Page,
  ) {}

  static async open(browser: Browser, name: string, url: string, nodes: number): Promise<SoakPage> {
    let made: SoakPage | undefined;
    await openDashboard(browser, url, nodes, (p) => {
      made = new SoakPage(name, p);
      p.on('websocket', (ws) => made!.track(ws));
    });
    return made!;
  }

  private track(ws: WebSocket): void {
    if (!ws.url().includes('/socket.io/')) return;
    this.sockets.opened += 1;
    this.open.add(ws);
    ws.on('close', () => {
      this.sockets.closed += 1;
      this.open.delete(ws);
    });
  }

  /** The counters as the page's picture holds them, read through the test hook. */
  async counters(): Promise<PageCounters> {
    const raw = await this.page.evaluate(() => {
      const hook = (globalThis as unknown as HookHost).__peerscope as (HookHost['__peerscope'] & { counters(): unknown }) | undefined;
      return hook ? { counters: hook.counters(), seq: hook.seq() } : undefined;
    });
    if (!raw) throw new Error(`${this.name}: the test hook is not installed`);
    return { ...CountersSchema.parse(raw.counters), seq: raw.seq };
  }

  /** Sent, Delivered and Failed as the counters bar shows them. */
  async shownCounters(): Promise<Pick<Counters, 'sent' | 'delivered' | 'failed'>> {
    const read = async (label: string) => Number(await this.page.locator(`dl[aria-label="Counters"] dd[data-counter="${label}"]`).textContent());
    return { sent: await read('Sent'), delivered: await read('Delivered'), failed: await read('Failed') };
  }

  /** Reloads the page; resolves with the ms until it was live again. */
  async reload(): Promise<number> {
    const started = Date.now();
    await this.page.reload();
    await this.waitLive();
    return Date.now() - started;
  }

  /**
   * Takes the page offline (CDP network emulation) and checks that this really dropped its
   * connection to the hub: the page's Socket.IO client saw its WebSocket close (it shows
   * "Reconnecting…"). Resolves with whether Playwright also saw the WebSocket close by then.
   */
  async cut(): Promise<{ closedSeen: boolean }> {
    await this.page.context().setOffline(true);
    try {
      await this.page
        .getByRole('status', { name: 'Connection' })
        .filter({ hasText: /^Reconnecting/ })
        .waitFor({ timeout: CUT_TIMEOUT_MS });
    } catch {
      throw new Error(`${this.name}: ${CUT_TIMEOUT_MS} ms offline and the page still shows "${await this.connection()}"; ${this.open.size} WebSockets open`);
    }
    return { closedSeen: this.open.size === 0 };
  }

  /** Back online; resolves with the ms until the page was live again. */
  async restore(): Promise<number> {
    const started = Date.now();
    await this.page.context().setOffline(false);
    await this.waitLive();
    return Date.now() - started;
  }

  /**
   * After the dashboard's server was killed at `killedAt`: waits for the page to notice (it shows
   * "Reconnecting…"; a page that reconnected before this looked is let through) and to be live
   * again by itself, without a reload. Resolves with the ms from the kill.
   */
  async liveAgainAfter(killedAt: number): Promise<number> {
    await this.page
      .getByRole('status', { name: 'Connection' })
      .filter({ hasText: /^Reconnecting/ })
      .waitFor({ timeout: CUT_TIMEOUT_MS })
      .catch(() => undefined);
    await this.waitLive();
    return Date.now() - killedAt;
  }

  connection(): Promise<string | null> {
    return this.page.getByRole('status', { name: 'Connection' }).textContent();
  }

  private async waitLive(): Promise<void> {
    await this.page
      .getByRole('status', { name: 'Connection' })
      .filter({ hasText: /^Live$/ })
      .waitFor({ timeout: LIVE_TIMEOUT_MS });
  }
}
