import type { Core, EdgeSingular } from 'cytoscape';
import type { TelemetryEvent } from '@peerscope/protocol';

/**
 * Plain message animations running at once; past it a message shows as heat on its link (see
 * LinkLayer). Each running animation makes every frame a full redraw, so the budget is small.
 */
const MAX_ANIMATIONS = 24;
/** Failed messages always stand out: they have a budget of their own, and past it their link is marked failing. */
const MAX_FAILED_ANIMATIONS = 40;
/** Broadcast copies and gossip hops may run this many at once: a wave is the point of them. */
const MAX_WAVE_ANIMATIONS = 250;
const ANIMATION_MS = 1_500;
/** A gossip's hop h starts (h - 1) × this after the gossip is first seen, so the wave is seen spreading. */
export const HOP_MS = 400;
const WAVES_KEPT = 100;

export type Outcome = Extract<TelemetryEvent, { type: 'message:delivered' | 'message:failed' }>;

type Budget = 'plain' | 'failed' | 'wave';
const BUDGETS: Record<Budget, number> = { plain: MAX_ANIMATIONS, failed: MAX_FAILED_ANIMATIONS, wave: MAX_WAVE_ANIMATIONS };

/**
 * Animates message outcomes as short-lived edges, within a budget of concurrent animations.
 * Gossip hops on localhost all land within a few milliseconds; each one is held back by its hop
 * number, so a person watches the wave move.
 */
export class MessageAnimator {
  private readonly running: Record<Budget, number> = { plain: 0, failed: 0, wave: 0 };
  /** When each gossip's first hop was shown. */
  private readonly waves = new Map<string, number>();
  /** Outcomes shown as heat instead of an animation, since the page loaded. */
  aggregated = 0;

  constructor(
    private readonly cy: Core,
    private readonly started: (messageId: string) => void,
    private readonly isDuplicate: (messageId: string) => boolean,
  ) {}

  get active(): number {
    return this.running.plain + this.running.failed + this.running.wave;
  }

  /** Plays the outcome, or returns false when the budget is spent (the caller's link heat shows it). */
  play(event: Outcome): boolean {
    const { cy } = this;
    if (cy.getElementById(event.from).empty() || cy.getElementById(event.to).empty()) return false;
    const budget: Budget = event.gossip !== undefined || event.broadcastId !== undefined ? 'wave' : event.type === 'message:failed' ? 'failed' : 'plain';
    if (this.running[budget] >= BUDGETS[budget]) {
      this.aggregated += 1;
      return false;
    }
    this.running[budget] += 1;
    const delay = event.gossip ? this.hopDelay(event.gossip.id, event.gossip.hop) : 0;
    if (delay > 0) setTimeout(() => this.start(event, budget), delay);
    else this.start(event, budget);
    return true;
  }

  /**
   * Hop h is shown (h - 1) hops after the gossip was first seen here. Hop 2 may be reported
   * before hop 1 (a node forwards before its sender hears back), so the first event seen, whatever
   * its hop, starts the wave's clock as if it were hop 1.
   */
  private hopDelay(gossipId: string, hop: number): number {
    const now = performance.now();
    let first = this.waves.get(gossipId);
    if (first === undefined) {
      first = now;
      this.waves.set(gossipId, first);
      if (this.waves.size > WAVES_KEPT) this.waves.delete(this.waves.keys().next().value!);
    }
    return Math.max(0, first + (hop - 1) * HOP_MS - now);
  }

  private start(event: Outcome, budget: Budget): void {
    const { cy } = this;
    if (cy.destroyed() || cy.getElementById(event.from).empty() || cy.getElementById(event.to).empty()) {
      this.running[budget] -= 1;
      return;
    }
    this.started(event.id);
    const classes = ['message', event.type === 'message:delivered' ? 'delivered' : 'failed'];
    if (event.gossip) classes.push('gossip');
    if (this.isDuplicate(event.id)) classes.push('duplicate');
    const edge: EdgeSingular = cy.add({
      group: 'edges',
      data: { id: `m:${event.id}:${Math.random().toString(36).slice(2, 6)}`, source: event.from, target: event.to, messageId: event.id, label: '' },
      classes: classes.join(' '),
    });
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      this.running[budget] -= 1;
      if (!cy.destroyed()) edge.remove();
    };
    styleAnimation(edge, { width: 8 }, 250)
      .then(() => styleAnimation(edge, { width: 1, opacity: 0 }, ANIMATION_MS - 250))
      .finally(finish);
    // A redraw (a fresh snapshot) removes the edge mid-animation, and its promise never settles.
    setTimeout(finish, ANIMATION_MS + 1_000);
  }
}

/** Plays a style animation; Cytoscape's published types demand a position even when only style moves. */
function styleAnimation(edge: EdgeSingular, style: Record<string, number>, duration: number): Promise<unknown> {
  const options = { style, duration } as unknown as Parameters<EdgeSingular['animation']>[0];
  return edge.animation(options).play().promise('complete');
}
