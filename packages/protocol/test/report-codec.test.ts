import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeHostReport, decodeReport, encodeReports, MAX_EVENTS_PER_REPORT, MAX_REPORT_BYTES, MAX_TEXT_LENGTH, type ReportedEvent } from '../src/index.js';

const received = (i: number, text = `hello ${i}`): ReportedEvent => ({
  type: 'message:received',
  id: `m${i}`,
  from: 'node1',
  to: 'node2',
  text,
  at: 1_700_000_000_000 + i,
});

test('a round trip keeps every event in order and stamps the connection source on each', () => {
  const events = Array.from({ length: 1_234 }, (_, i) => received(i));
  const reports = encodeReports(events);
  assert.equal(reports.length, Math.ceil(1_234 / MAX_EVENTS_PER_REPORT));
  const decoded = reports.flatMap((report) => {
    const result = decodeReport(report, 'node2');
    assert.ok(result.ok, result.ok ? '' : result.reason);
    return result.events;
  });
  assert.deepEqual(
    decoded,
    events.map((event) => ({ ...event, source: 'node2' })),
  );
});

test('a source claimed inside an event is replaced by the connection source', () => {
  const [report] = encodeReports([{ ...received(1), source: 'bootstrap' } as unknown as ReportedEvent]);
  const result = decodeReport(report, 'node7');
  assert.ok(result.ok);
  assert.equal(result.events[0]!.source, 'node7');
});

test('long texts split a batch until every report is within MAX_REPORT_BYTES, in order', () => {
  const longText = 'é'.repeat(MAX_TEXT_LENGTH); // two bytes each in UTF-8
  const events = Array.from({ length: 100 }, (_, i) => received(i, longText));
  const reports = encodeReports(events);
  assert.ok(reports.length > 1);
  assert.ok(reports.every((report) => report.byteLength <= MAX_REPORT_BYTES));
  const ids = reports.flatMap((report) => {
    const result = decodeReport(report, 'node2');
    assert.ok(result.ok);
    return result.events.map((event) => 'id' in event && event.id);
  });
  assert.deepEqual(
    ids,
    events.map((event) => 'id' in event && event.id),
  );
});

test('nothing to report encodes as no report', () => {
  assert.deepEqual(encodeReports([]), []);
});

test('what is not a report is refused with a reason, never thrown', () => {
  const utf8 = (text: string) => new TextEncoder().encode(text);
  const refused: Array<[unknown, RegExp]> = [
    [[received(1)], /binary/],
    ['[]', /binary/],
    [undefined, /binary/],
    [new Uint8Array([0xc3, 0x28]), /UTF-8 JSON/],
    [utf8('[{"type":'), /UTF-8 JSON/],
    [new Uint8Array(MAX_REPORT_BYTES + 1).fill(0x20), /exceed/],
    [utf8('{"type":"node:stopping"}'), /./],
    [utf8(JSON.stringify([{ type: 'node:stopping', nodeId: 'node1' }])), /./],
    [utf8(JSON.stringify(Array.from({ length: MAX_EVENTS_PER_REPORT + 1 }, (_, i) => received(i)))), /./],
  ];
  for (const [report, reason] of refused) {
    const result = decodeReport(report, 'node1');
    assert.equal(result.ok, false, String(report));
    assert.match(result.ok ? '' : result.reason, reason);
  }
});

test("a host's report keeps each event's own source when that node is claimed, in order", () => {
  const events = [
    { ...received(1), source: 'node1' },
    { ...received(2), source: 'node2' },
    { ...received(3), source: 'node1' },
  ];
  const result = decodeHostReport(encodeReports(events)[0], new Set(['node1', 'node2']));
  assert.ok(result.ok);
  assert.deepEqual(result.events, events);
  assert.deepEqual(result.unclaimed, []);
});

test("a host's events for unclaimed ids, or with no source, are dropped one by one; the rest still count", () => {
  const events = [
    { ...received(1), source: 'node1' },
    { ...received(2), source: 'node9' },
    received(3),
    { ...received(4), source: { toString: 1 } },
    { ...received(5), source: 'x'.repeat(200) },
    { ...received(6), source: 'node1' },
  ];
  const result = decodeHostReport(new TextEncoder().encode(JSON.stringify(events)), new Set(['node1']));
  assert.ok(result.ok);
  assert.deepEqual(
    result.events.map((event) => 'id' in event && event.id),
    ['m1', 'm6'],
  );
  assert.deepEqual(result.unclaimed, ['node9', '(undefined)', '(object)', 'x'.repeat(64)]);
});

test("a host's events that no node reports of itself are dropped one by one, by type: registry and lab events, another node's start or stop", () => {
  const at = 1_700_000_000_000;
  const events = [
    { ...received(1), source: 'node1' },
    {
      type: 'node:registered',
      node: { id: 'node7', url: 'http://127.0.0.1:7007', kind: 'peerscope', status: 'alive', registeredAt: at, lastSeen: at },
      at,
      source: 'node1',
    },
    { type: 'node:deregistered', nodeId: 'node2', reason: 'left', at, source: 'node1' },
    { type: 'traffic:changed', traffic: { running: false, request: null, startedAt: null, sent: 0, delivered: 0, failed: 0 }, at, source: 'node1' },
    { type: 'node:started', nodeId: 'node2', url: 'http://127.0.0.1:7002', at, source: 'node1' },
    { type: 'node:started', nodeId: 'node1', url: 'http://127.0.0.1:7001', at, source: 'node1' },
    { type: 'node:stopping', nodeId: 'node2', at, source: 'node1' },
  ];
  const result = decodeHostReport(new TextEncoder().encode(JSON.stringify(events)), new Set(['node1']));
  assert.ok(result.ok);
  assert.deepEqual(
    result.events.map((event) => event.type),
    ['message:received', 'node:started'],
  );
  assert.deepEqual(result.foreign, ['node:registered', 'node:deregistered', 'traffic:changed', 'node:started', 'node:stopping']);
  assert.deepEqual(result.unclaimed, []);
});

test("a host's report that is not a report is refused whole, with a reason", () => {
  const utf8 = (text: string) => new TextEncoder().encode(text);
  const claimed = new Set(['node1']);
  const refused: Array<[unknown, RegExp]> = [
    [[received(1)], /binary/],
    [utf8('[{"type":'), /UTF-8 JSON/],
    [utf8('{"source":"node1"}'), /array/],
    // Not an object: the schema refuses the report as it would from any connection.
    [utf8(JSON.stringify([{ ...received(1), source: 'node1' }, 7])), /./],
    [utf8(JSON.stringify([{ type: 'node:stopping', source: 'node1' }])), /./],
  ];
  for (const [report, reason] of refused) {
    const result = decodeHostReport(report, claimed);
    assert.equal(result.ok, false, String(report));
    assert.match(result.ok ? '' : result.reason, reason);
  }
});
