import type { Core, EdgeSingular } from 'cytoscape';
import type { TelemetryEvent } from '@peerscope/protocol';
import { animationFrames, type FrameScheduler } from './frame-batcher';
import { HIGHLIGHT_COLOR, MESSAGE_COLORS } from './graph-style';
import type { MessageStroke } from './message-canvas';
import { intoMessageLayer } from './message-layer';

/**
 * Plain message animations running at once; past it a message shows as heat on its link (see
 * LinkLayer). Kept small so that a person can follow them, and each is a stroke per frame.
 */
const MAX_ANIMATIONS = 24;
/** Failed messages always stand out: they have a budget of their own, and past it their link is marked failing. */
const MAX_FAILED_ANIMATIONS = 40;
/** Broadcast copies and gossip hops may run this many at once: a wave is the point of them. */
const MAX_WAVE_ANIMATIONS = 250;
export const ANIMATION_MS = 1_500;
/** A message's line leaves the sender and reaches the receiver in TRAVEL_MS; it swells to SWELL_WIDTH in its first SWELL_MS, then thins and fades. */
export const TRAVEL_MS = 400;
const SWELL_MS = 250;
const SWELL_WIDTH = 8;
/** How a message's line starts: as Cytoscape drew its message edges. */
const START_LOOK = { width: 3, opacity: 1 };
/**
 * A message is first drawn this far into its journey (a frame): at 0 its line has not left the
 * sender, so the frame it starts in would show nothing of it.
 */
const FIRST_FRAME_MS = 16;
/** A gossip's hop h starts (h - 1) × this after the gossip is first seen, so the wave is seen spreading. */
export const HOP_MS = 400;
const WAVES_KEPT = 100;

export type Outcome = Extract<TelemetryEvent, { type: 'message:delivered' | 'message:failed' }>;

type Budget = 'plain' | 'failed' | 'wave';
const BUDGETS: Record<Budget, number> = { plain: MAX_ANIMATIONS, failed: MAX_FAILED_ANIMATIONS, wave: MAX_WAVE_ANIMATIONS };

/** Draws one frame's moving messages (MessageCanvas.draw); an empty list clears them. */
export type PaintMessages = (strokes: readonly MessageStroke[]) => void;

/**
 * Animates message outcomes as short-lived lines from sender to receiver, within a budget of
 * concurrent animations. Each is drawn by `paint` (message-canvas.ts) and is also an invisible
 * Cytoscape edge (`edge.message`, its classes say delivered or failed, gossip, duplicate) for as
 * long as it plays: what a pointer hovers and what the test hook lists. Gossip hops on localhost
 * all land within a few milliseconds; each one is held back by its hop number, so a person
 * watches the wave move.
 */
export class MessageAnimator {
  private readonly running: Record<Budget, number> = { plain: 0, failed: 0, wave: 0 };
  /** The animations on the graph now (not those waiting for their hop). */
  private playing: Playing[] = [];
  private frame = 0;
  /** When each gossip's first hop was shown. */
  private readonly waves = new Map<string, number>();
  /** Outcomes shown as heat instead of an animation, since the page loaded. */
  aggregated = 0;

  constructor(
    private readonly cy: Core,
    /** Told when a message is first drawn (the test hook's `animations`: what a person sees, when). */
    private readonly shown: (messageId: string) => void,
    private readonly isDuplicate: (messageId: string) => boolean,
    private readonly paint: PaintMessages,
    private readonly scheduler: FrameScheduler = animationFrames,
    private readonly now: () => number = () => performance.now(),
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
    const now = this.now();
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
    const classes = ['message', event.type === 'message:delivered' ? 'delivered' : 'failed'];
    if (event.gossip) classes.push('gossip');
    if (this.isDuplicate(event.id)) classes.push('duplicate');
    let edge!: EdgeSingular;
    // Placed in the message layer before the renderer hears of it (see message-layer.ts).
    cy.batch(() => {
      edge = cy.add({
        group: 'edges',
        data: { id: `m:${event.id}:${Math.random().toString(36).slice(2, 6)}`, source: event.from, target: event.to, messageId: event.id, label: '' },
        classes: classes.join(' '),
      });
      intoMessageLayer(edge);
    });
    this.playing.push({
      edge,
      messageId: event.id,
      shown: false,
      budget,
      startedAt: this.now() - FIRST_FRAME_MS,
      color: colorOf(classes),
      dashed: classes.includes('failed'),
    });
    if (!this.frame) this.frame = this.scheduler.request(this.step);
  }

  /**
   * Draws the running messages now, for a caller inside an animation frame that just played some:
   * they show in this frame, not the next one (a frame asked for from within a frame runs in the
   * next, 16 ms later).
   */
  drawNow(): void {
    if (!this.playing.some((playing) => !playing.shown)) return;
    if (this.frame) this.scheduler.cancel(this.frame);
    this.step();
  }

  /**
   * Draws every running animation at this frame's look, and removes the finished ones. Stepped
   * here, once a frame, rather than by Cytoscape's own animations (its render loop steps those and
   * then forgets the redraw they asked for) or by restyling each message's edge every frame (a
   * style bypass per edge per frame, and a redraw of every drawn link with them).
   */
  private readonly step = (): void => {
    this.frame = 0;
    const { cy } = this;
    if (cy.destroyed()) return;
    const now = this.now();
    const strokes: MessageStroke[] = [];
    const finished: EdgeSingular[] = [];
    this.playing = this.playing.filter((playing) => {
      const look = messageLook(START_LOOK, now - playing.startedAt);
      // A redraw (a fresh snapshot) may have removed the edge mid-animation.
      if (look && !playing.edge.removed()) {
        strokes.push(strokeOf(playing, look));
        return true;
      }
      this.running[playing.budget] -= 1;
      if (!playing.edge.removed()) finished.push(playing.edge);
      return false;
    });
    if (finished.length > 0) cy.batch(() => finished.forEach((edge) => edge.remove()));
    this.paint(strokes);
    for (const playing of this.playing) {
      if (playing.shown) continue;
      playing.shown = true;
      this.shown(playing.messageId);
    }
    if (this.playing.length > 0) this.frame = this.scheduler.request(this.step);
  };
}

/** An animation on the graph: its edge, when it started, and how it is drawn. */
interface Playing {
  edge: EdgeSingular;
  messageId: string;
  /** Drawn at least once. */
  shown: boolean;
  budget: Budget;
  startedAt: number;
  color: string;
  dashed: boolean;
}

/** A message's colour, as its edge's classes say (failed over duplicate over gossip, as the stylesheet's order had it). */
function colorOf(classes: readonly string[]): string {
  if (classes.includes('failed')) return MESSAGE_COLORS.failed;
  if (classes.includes('duplicate')) return MESSAGE_COLORS.duplicate;
  if (classes.includes('gossip')) return MESSAGE_COLORS.gossip;
  return MESSAGE_COLORS.delivered;
}

/** This frame's stroke for a message, from its nodes' positions now (they may be dragged); the message pointed at elsewhere is lit. */
function strokeOf(playing: Playing, look: MessageLook): MessageStroke {
  const { edge } = playing;
  const color = edge.hasClass('highlight') ? HIGHLIGHT_COLOR : playing.color;
  return { from: edge.source().position(), to: edge.target().position(), ...look, color, dashed: playing.dashed };
}

export interface MessageLook {
  width: number;
  opacity: number;
  /** How far from the sender towards the receiver the line has reached, 0-1. */
  reach: number;
}

/**
 * A message's line `elapsed` ms into its animation: it runs from the sender to the receiver in
 * TRAVEL_MS; it swells to 8 px in 250 ms, then thins to 1 px and fades out by ANIMATION_MS;
 * undefined once it is over.
 */
export function messageLook(start: { width: number; opacity: number }, elapsed: number): MessageLook | undefined {
  if (elapsed >= ANIMATION_MS) return undefined;
  const t = Math.max(0, elapsed);
  const reach = Math.min(1, t / TRAVEL_MS);
  if (t < SWELL_MS) return { width: between(start.width, SWELL_WIDTH, t / SWELL_MS), opacity: start.opacity, reach };
  const fade = (t - SWELL_MS) / (ANIMATION_MS - SWELL_MS);
  return { width: between(SWELL_WIDTH, 1, fade), opacity: between(start.opacity, 0, fade), reach };
}

const between = (from: number, to: number, fraction: number) => from + (to - from) * fraction;
