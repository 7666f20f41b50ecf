import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Delta, TelemetryEvent } from '@peerscope/protocol';
import { happenedBefore, shivizEntry, shivizPreamble, VectorClockDeriver, type ClockedEvent, type VectorClock } from '../src/index.js';
import { parseShiviz } from './shiviz-parser.js';

const T0 = 1_700_000_000_000;
type Step = { kind: 'local' | 'send'; host: number; to: number } | { kind: 'receive'; pick: number };

/** A true execution: each event's host, what it is, and its clock as the execution itself defines it. */
interface TrueEvent {
  host: string;
  event: TelemetryEvent;
  clock: VectorClock;
}

/** A clock's entry for a node, read as an own property (a node may be called `constructor`). */
const entry = (clock: VectorClock, node: string) => (Object.hasOwn(clock, node) ? clock[node]! : 0);

/** Plays the steps as a real execution: a receive takes one message in flight (any of them). */
function execute(steps: Step[], hosts: number, names: readonly string[] = []): TrueEvent[] {
  const clocks = Array.from({ length: hosts }, () => ({}) as VectorClock);
  const inFlight: Array<{ id: string; from: string; to: number; clock: VectorClock }> = [];
  const out: TrueEvent[] = [];
  let n = 0;
  const name = (i: number) => names[i] ?? `node${i + 1}`;
  const tick = (i: number) => (clocks[i]![name(i)] = entry(clocks[i]!, name(i)) + 1);
  for (const step of steps) {
    if (step.kind === 'receive') {
      if (inFlight.length === 0) continue;
      const [message] = inFlight.splice(step.pick % inFlight.length, 1);
      const { id, from, to, clock } = message!;
      for (const [node, count] of Object.entries(clock)) clocks[to]![node] = Math.max(entry(clocks[to]!, node), count);
      tick(to);
      const event: TelemetryEvent = { type: 'message:received', id, from, to: name(to), text: 'hi', at: T0, source: name(to) };
      out.push({ host: name(to), event, clock: { ...clocks[to] } });
      continue;
    }
    const host = step.host % hosts;
    tick(host);
    const id = `m${++n}`;
    const to = step.to % hosts === host ? (host + 1) % hosts : step.to % hosts;
    const event: TelemetryEvent =
      step.kind === 'send'
        ? { type: 'message:sent', id, from: name(host), to: name(to), text: 'hi', at: T0, source: name(host) }
        : { type: 'message:delivered', id, from: name(host), to: name(to), latencyMs: 1, at: T0, source: name(host) };
    out.push({ host: name(host), event, clock: { ...clocks[host] } });
    if (step.kind === 'send') inFlight.push({ id, from: name(host), to, clock: { ...clocks[host] } });
  }
  return out;
}

/** The order a hub could see them in: each host's events in its order, hosts interleaved by `picks`. */
function reportOrder(events: TrueEvent[], picks: number[]): TrueEvent[] {
  const queues = new Map<string, TrueEvent[]>();
  for (const e of events) queues.set(e.host, [...(queues.get(e.host) ?? []), e]);
  const out: TrueEvent[] = [];
  let p = 0;
  while (out.length < events.length) {
    const live = [...queues.values()].filter((q) => q.length > 0);
    out.push(live[(picks[p++ % Math.max(1, picks.length)] ?? 0) % live.length]!.shift()!);
  }
  return out;
}

function derive(order: TrueEvent[], nodes?: Set<string>): ClockedEvent[] {
  const deriver = new VectorClockDeriver(nodes);
  const out: ClockedEvent[] = [];
  order.forEach((e, i) => out.push(...deriver.push({ seq: i + 1, event: e.event } as Delta)));
  out.push(...deriver.finish());
  return out;
}

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constantFrom('local' as const, 'send' as const), host: fc.nat(10), to: fc.nat(10) }),
  fc.record({ kind: fc.constant('receive' as const), pick: fc.nat(50) }),
);
const executionArb = fc.record({
  hosts: fc.integer({ min: 2, max: 6 }),
  steps: fc.array(stepArb, { maxLength: 80 }),
  picks: fc.array(fc.nat(20), { maxLength: 200 }),
});

const keyOf = (event: TelemetryEvent) => `${event.type}:${'id' in event ? event.id : ''}`;

test('derived clocks equal the execution’s own, whatever order the hub heard the events in', () => {
  fc.assert(
    fc.property(executionArb, ({ hosts, steps, picks }) => {
      const truth = execute(steps, hosts);
      const derived = derive(reportOrder(truth, picks));
      assert.equal(derived.length, truth.length);
      const byKey = new Map(truth.map((e) => [keyOf(e.event), e.clock]));
      for (const d of derived) {
        const seqEvent = reportOrder(truth, picks)[d.seq - 1]!;
        assert.deepEqual(d.clock, byKey.get(keyOf(seqEvent.event)));
      }
    }),
    { numRuns: 300 },
  );
});

test('nodes named like an object’s own properties (`constructor`, `toString`) get clocks of numbers, as any other', () => {
  const names = ['constructor', 'toString', 'valueOf', 'hasOwnProperty'];
  fc.assert(
    fc.property(executionArb, ({ hosts, steps, picks }) => {
      const truth = execute(steps, hosts, names);
      const order = reportOrder(truth, picks);
      const byKey = new Map(truth.map((e) => [keyOf(e.event), e.clock]));
      for (const d of derive(order)) {
        for (const count of Object.values(d.clock)) assert.equal(typeof count, 'number');
        assert.deepEqual(d.clock, byKey.get(keyOf(order[d.seq - 1]!.event)));
      }
    }),
    { numRuns: 200 },
  );
});

test('happens-before holds for every send/receive pair, and concurrent events stay concurrent', () => {
  fc.assert(
    fc.property(executionArb, ({ hosts, steps, picks }) => {
      const truth = execute(steps, hosts);
      const order = reportOrder(truth, picks);
      const clockOf = new Map(derive(order).map((d) => [keyOf(order[d.seq - 1]!.event), d.clock]));
      for (const e of truth) {
        if (e.event.type !== 'message:received') continue;
        const sent = clockOf.get(`message:sent:${e.event.id}`)!;
        assert.ok(happenedBefore(sent, clockOf.get(keyOf(e.event))!), `send ${e.event.id} before its receipt`);
      }
      for (const a of truth)
        for (const b of truth) {
          const truly = happenedBefore(a.clock, b.clock);
          assert.equal(happenedBefore(clockOf.get(keyOf(a.event))!, clockOf.get(keyOf(b.event))!), truly);
        }
    }),
    { numRuns: 150 },
  );
});

test('a receipt posted under a send’s id, at another node, never takes that send’s clock: each send still happens before its own receipt', () => {
  fc.assert(
    fc.property(executionArb, fc.nat(1_000), ({ hosts, steps, picks }, pick) => {
      const truth = execute(steps, hosts);
      const order = reportOrder(truth, picks).map((e) => e.event);
      const sends = order.flatMap((event, at) => (event.type === 'message:sent' ? [{ event, at }] : []));
      if (sends.length === 0) return;
      const { event: copied, at } = sends[pick % sends.length]! as { event: Extract<TelemetryEvent, { type: 'message:sent' }>; at: number };
      // Posted to a node with nothing else to do: its receipt, whose send never comes, holds no other event back.
      const elsewhere = 'node9';
      const forged: TelemetryEvent = { type: 'message:received', id: copied.id, from: copied.from, to: elsewhere, text: 'copied', at: T0, source: elsewhere };
      const heard = [...order.slice(0, at + 1), forged, ...order.slice(at + 1)];
      const deriver = new VectorClockDeriver();
      const clocked: ClockedEvent[] = [];
      heard.forEach((event, i) => clocked.push(...deriver.push({ seq: i + 1, event } as Delta)));
      clocked.push(...deriver.finish());
      const clockOf = new Map(clocked.map((c) => [heard[c.seq - 1]!, c.clock]));
      for (const event of heard) {
        if (event.type !== 'message:received' || event === forged) continue;
        const sent = heard.find((e) => e.type === 'message:sent' && e.id === event.id)!;
        assert.ok(happenedBefore(clockOf.get(sent)!, clockOf.get(event)!), `send ${event.id} before its receipt`);
      }
    }),
    { numRuns: 200 },
  );
});

test('only the chosen nodes are clocked, and a receipt from outside them is a local step', () => {
  const truth = execute(
    [
      { kind: 'send', host: 2, to: 0 },
      { kind: 'receive', pick: 0 },
      { kind: 'send', host: 0, to: 1 },
      { kind: 'receive', pick: 0 },
    ],
    3,
  );
  const derived = derive(truth, new Set(['node1', 'node2']));
  assert.deepEqual(
    derived.map((d) => [d.host, d.clock]),
    [
      ['node1', { node1: 1 }],
      ['node1', { node1: 2 }],
      ['node2', { node1: 2, node2: 1 }],
    ],
  );
});

test('a receipt whose send never comes is placed after holdLimit events', () => {
  const deriver = new VectorClockDeriver(undefined, 3);
  const receipt: TelemetryEvent = { type: 'message:received', id: 'lost', from: 'node1', to: 'node2', text: '', at: T0, source: 'node2' };
  assert.deepEqual(deriver.push({ seq: 1, event: receipt }), []);
  const local = (seq: number): Delta => ({ seq, event: { type: 'node:stopping', nodeId: 'node3', at: T0, source: 'node3' } });
  let placed: ClockedEvent[] = [];
  for (let seq = 2; seq <= 6; seq++) placed = placed.concat(deriver.push(local(seq)));
  assert.deepEqual(
    placed.filter((p) => p.host === 'node2').map((p) => p.clock),
    [{ node2: 1 }],
  );
});

test('the ShiViz log round-trips through a parser written from ShiViz’s format', () => {
  fc.assert(
    fc.property(executionArb, ({ hosts, steps, picks }) => {
      const derived = derive(reportOrder(execute(steps, hosts), picks));
      const file = shivizPreamble() + derived.map(shivizEntry).join('');
      const parsed = parseShiviz(file);
      assert.deepEqual(
        parsed.map((p) => [p.event, p.host, p.clock]),
        derived.map((d) => [d.text, d.host, d.clock]),
      );
    }),
    { numRuns: 200 },
  );
});

test('an event text with a newline stays one line in ShiViz', () => {
  const entry = shivizEntry({ seq: 1, host: 'node1', text: 'a\nb\r\nc', clock: { node1: 1 } });
  assert.deepEqual(parseShiviz(shivizPreamble() + entry)[0], { event: 'a b c', host: 'node1', clock: { node1: 1 } });
});
