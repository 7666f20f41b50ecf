import type { Core, EdgeSingular } from 'cytoscape';
import { linkId } from '@peerscope/network-view';
import { setClass } from './graph-classes';
import { intoMessageLayer } from './message-layer';
import { HEAT_LEVELS } from './heat-layer';

export interface LinkLayerLimits {
  /** A drawn link no message crossed for this long is drawn faint. */
  fadeAfterMs: number;
  /** ... and for this long leaves the graph. */
  leaveAfterMs: number;
  /** The most links drawn at once; past it the least recently used one leaves (one still showing a failure last). */
  maxDrawn: number;
  /** How long a link stays marked after a message on it failed. */
  failureShownMs: number;
  /**
   * New links drawn per frame, at most: random traffic among 1,000 nodes finds a new pair for
   * almost every message, and adding (then removing) a thousand edges a second is what made the
   * page fall behind. Traffic on links not drawn still shows as its nodes' heat.
   */
  newPerFrame: number;
  /** The same for links on which a message failed: failures always stand out, within this bound. */
  newFailingPerFrame: number;
}

export const LINK_LIMITS: LinkLayerLimits = {
  fadeAfterMs: 4_000,
  leaveAfterMs: 10_000,
  maxDrawn: 200,
  failureShownMs: 5_000,
  newPerFrame: 1,
  newFailingPerFrame: 4,
};

/** Heat past this draws no wider; a cap keeps a burst of counted traffic from glowing for minutes. */
export const MAX_HEAT = 20;
/** Each sweep keeps this share of a link's and a node's heat. */
const HEAT_KEPT = 0.7;
/** A node's heat is drawn in this many steps (heat-layer.ts). */
const NODE_HEAT_LEVELS = HEAT_LEVELS;
/** A node whose (decayed) message count per sweep reaches this is drawn at the hottest step. */
const NODE_HEAT_FULL = 12;

interface DrawnLink {
  edge: EdgeSingular;
  facts: LinkFacts;
  lastAt: number;
  heat: number;
  failedAt: number | undefined;
  faded: boolean;
}

export interface LinkFacts {
  unverified: boolean;
  cut: boolean;
}

/**
 * The links the graph draws: only those that carried traffic lately, at most `maxDrawn`. A
 * network of n nodes has n² possible links and random traffic uses them all; drawing every link
 * ever used made the graph O(n²). Traffic shows as heat (width, colour) on the link and on both
 * its nodes; a link that falls idle fades, then leaves. Counters and the message log still count
 * every message: only the drawing is bounded.
 */
export class LinkLayer {
  /** Least recently used first. */
  private readonly drawn = new Map<string, DrawnLink>();
  private readonly dirty = new Set<DrawnLink>();
  /** Messages per node since the last sweep, and each node's decayed heat. */
  private readonly nodeMessages = new Map<string, number>();
  private readonly nodeHeat = new Map<string, number>();
  /** The heat step each node is drawn with (absent: 0), as of the last sweep: what heat-layer.ts shows. */
  readonly nodeLevels = new Map<string, number>();
  /** Links that left early because of the bound, since the page loaded. */
  evicted = 0;
  /** Messages on links not drawn (past the new-link budget), since the page loaded: shown as node heat only. */
  undrawn = 0;
  private newThisFrame = 0;
  private newFailingThisFrame = 0;

  constructor(
    private readonly cy: Core,
    private readonly now: () => number = () => performance.now(),
    private readonly limits: LinkLayerLimits = LINK_LIMITS,
  ) {}

  get size(): number {
    return this.drawn.size;
  }

  /**
   * A message used `from → to`: draw the link (if both ends are drawn), make it most recent, add
   * `messages` to its heat. Call inside `cy.batch()`, then `flush()` before the batch ends.
   */
  touch(from: string, to: string, facts: LinkFacts, messages = 0, failed = false): void {
    const id = linkId(from, to);
    const now = this.now();
    if (messages > 0) {
      this.nodeMessages.set(from, (this.nodeMessages.get(from) ?? 0) + messages);
      this.nodeMessages.set(to, (this.nodeMessages.get(to) ?? 0) + messages);
    }
    let link = this.drawn.get(id);
    // Its edge went with a node that left (the next sweep would forget it): draw it anew.
    if (link?.edge.removed()) {
      this.drawn.delete(id);
      link = undefined;
    }
    if (link) {
      this.drawn.delete(id);
    } else {
      link = this.draw(id, from, to, facts, failed, now);
      if (!link) {
        this.undrawn += messages;
        return;
      }
    }
    this.drawn.set(id, link);
    link.lastAt = now;
    link.heat = Math.min(MAX_HEAT, link.heat + messages);
    if (failed) link.failedAt = now;
    if (link.facts.unverified !== facts.unverified || link.facts.cut !== facts.cut) {
      link.facts = facts;
      setClass(link.edge, 'unverified', facts.unverified);
      setClass(link.edge, 'cut', facts.cut);
    }
    this.dirty.add(link);
  }

  /** Draws a link the picture used lately, outside the per-frame budget (the graph is drawn afresh). */
  restore(from: string, to: string, facts: LinkFacts): void {
    const id = linkId(from, to);
    if (this.drawn.has(id)) return;
    const link = this.draw(id, from, to, facts, false, this.now(), false);
    if (!link) return;
    this.drawn.set(id, link);
    this.dirty.add(link);
  }

  /** A new drawn link, within this frame's budget; undefined when an end is not drawn or the budget is spent. */
  private draw(id: string, from: string, to: string, facts: LinkFacts, failed: boolean, now: number, budgeted = true): DrawnLink | undefined {
    if (budgeted && (failed ? this.newFailingThisFrame >= this.limits.newFailingPerFrame : this.newThisFrame >= this.limits.newPerFrame)) return undefined;
    if (this.cy.getElementById(from).empty() || this.cy.getElementById(to).empty()) return undefined;
    if (failed) this.newFailingThisFrame += 1;
    else this.newThisFrame += 1;
    this.evictPast(this.limits.maxDrawn - 1, now);
    const classes = ['link', ...(facts.unverified ? ['unverified'] : []), ...(facts.cut ? ['cut'] : [])].join(' ');
    const existing = this.cy.getElementById(id);
    const edge = existing.nonempty()
      ? (existing as EdgeSingular)
      : (this.cy.add({ group: 'edges', data: { id, source: from, target: to, heat: 0, label: '' }, classes }) as unknown as EdgeSingular);
    // Drawn with the messages, above the nodes: its heat changes every sweep, and a change in the
    // node layer repaints all 1,000 nodes (message-layer.ts).
    intoMessageLayer(edge);
    return { edge, facts, lastAt: now, heat: 0, failedAt: undefined, faded: false };
  }

  /** Writes the touched links' heat and marks to the graph (inside the same `cy.batch()`). */
  flush(): void {
    for (const link of this.dirty) this.paint(link);
    this.dirty.clear();
    this.newThisFrame = 0;
    this.newFailingThisFrame = 0;
  }

  /** Every ~500 ms: heat cools, idle links fade and then leave, each node's heat step is worked out afresh (`nodeLevels`). */
  sweep(): void {
    const now = this.now();
    this.cy.batch(() => {
      for (const [id, link] of this.drawn) {
        const idleMs = now - link.lastAt;
        if (idleMs >= this.limits.leaveAfterMs || link.edge.removed()) {
          this.remove(id, link);
          continue;
        }
        const heat = link.heat * HEAT_KEPT;
        link.heat = heat < 0.2 ? 0 : heat;
        link.faded = idleMs >= this.limits.fadeAfterMs;
        this.paint(link);
      }
      this.sweepNodes();
    });
  }

  /** Forgets everything drawn (the graph was cleared for a fresh snapshot). */
  clear(): void {
    this.drawn.clear();
    this.dirty.clear();
    this.nodeMessages.clear();
    this.nodeHeat.clear();
    this.nodeLevels.clear();
  }

  private paint(link: DrawnLink): void {
    const { edge } = link;
    if (edge.removed()) return;
    const heat = Math.round(link.heat * 10) / 10;
    if (edge.data('heat') !== heat) edge.data('heat', heat);
    const failing = link.failedAt !== undefined && this.now() - link.failedAt < this.limits.failureShownMs;
    setClass(edge, 'failing', failing);
    setClass(edge, 'idle', link.faded && !failing);
  }

  /** Removes least recently used links until at most `keep` are drawn; a link showing a failure goes last. */
  private evictPast(keep: number, now: number): void {
    while (this.drawn.size > keep) {
      let victim: [string, DrawnLink] | undefined;
      for (const entry of this.drawn) {
        const showsFailure = entry[1].failedAt !== undefined && now - entry[1].failedAt < this.limits.failureShownMs;
        if (!showsFailure) {
          victim = entry;
          break;
        }
      }
      victim ??= this.drawn.entries().next().value!;
      this.remove(victim[0], victim[1]);
      this.evicted += 1;
    }
  }

  private remove(id: string, link: DrawnLink): void {
    this.drawn.delete(id);
    this.dirty.delete(link);
    if (!link.edge.removed()) link.edge.remove();
  }

  private sweepNodes(): void {
    for (const [id, messages] of this.nodeMessages) this.nodeHeat.set(id, (this.nodeHeat.get(id) ?? 0) + messages);
    this.nodeMessages.clear();
    this.nodeLevels.clear();
    for (const [id, heat] of this.nodeHeat) {
      const cooled = heat * HEAT_KEPT < 0.2 ? 0 : heat * HEAT_KEPT;
      const level = Math.min(NODE_HEAT_LEVELS, Math.ceil((cooled / NODE_HEAT_FULL) * NODE_HEAT_LEVELS));
      if (level > 0) this.nodeLevels.set(id, level);
      if (cooled === 0) this.nodeHeat.delete(id);
      else this.nodeHeat.set(id, cooled);
    }
  }
}
