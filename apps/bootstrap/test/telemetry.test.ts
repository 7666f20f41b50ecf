import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SendResult, TelemetryEvent } from '@peerscope/protocol';
import { startRecordingHub } from '../../../test/support/hub.js';
import { freePort } from '../../../test/support/ports.js';
import { CLUSTER_TOKEN, startBootstrap } from '../../../test/support/processes.js';
import { waitFor } from '../../../test/support/wait.js';

test('the bootstrap and its nodes report registrations and every step of a message, with one id', async () => {
  const hub = await startRecordingHub(CLUSTER_TOKEN);
  const bootstrap = await startBootstrap({ nodes: 2, env: { PEERSCOPE_HUB_URL: hub.url } });
  try {
    await waitFor('node registrations reported', () => hub.events.filter((e) => e.type === 'node:registered').length === 2);
    await waitFor('both nodes connected', () => hub.sources.has('node1') && hub.sources.has('node2'));
    assert.ok(hub.sources.has('bootstrap'));

    const sent = await bootstrap.admin<SendResult>('POST', '/messages', { from: 'node1', to: 'node2', text: 'observed' });
    const about = (e: TelemetryEvent) => 'id' in e && e.id === sent.body.id;
    await waitFor('message events', () => hub.events.filter(about).length === 3);
    const steps = hub.events.filter(about);
    assert.deepEqual(steps.map((e) => [e.type, e.source]).sort(), [
      ['message:delivered', 'node1'],
      ['message:received', 'node2'],
      ['message:sent', 'node1'],
    ]);
    for (const e of steps) assert.ok(e.type.startsWith('message:') && 'from' in e && e.from === 'node1' && e.to === 'node2');
    assert.equal(hub.invalidReports(), 0);
  } finally {
    await bootstrap.stop();
    await hub.close();
  }
});

test('nodes take the telemetry budget from their bootstrap: past it, messages arrive as counts per link, none lost', async () => {
  const hub = await startRecordingHub(CLUSTER_TOKEN);
  const bootstrap = await startBootstrap({ nodes: 2, env: { PEERSCOPE_HUB_URL: hub.url, PEERSCOPE_TELEMETRY_MESSAGE_EVENTS_PER_S: '4' } });
  try {
    await waitFor('both nodes connected', () => hub.sources.has('node1') && hub.sources.has('node2'));
    for (let i = 0; i < 20; i++) {
      const sent = await bootstrap.admin<SendResult>('POST', '/messages', { from: 'node1', to: 'node2', text: `burst ${i}` });
      assert.equal(sent.body.status, 'delivered');
    }
    const total = (source: string, type: 'message:sent' | 'message:received', counter: 'sent' | 'received') =>
      hub.events.reduce((sum, e) => sum + (e.source !== source ? 0 : e.type === type ? 1 : e.type === 'messages:summarised' ? e[counter] : 0), 0);
    await waitFor(
      'every message accounted for at both ends',
      () => total('node1', 'message:sent', 'sent') === 20 && total('node2', 'message:received', 'received') === 20,
    );
    for (const source of ['node1', 'node2']) {
      assert.ok(
        hub.events.some((e) => e.type === 'messages:summarised' && e.source === source && e.from === 'node1' && e.to === 'node2'),
        `${source} counted some`,
      );
    }
    assert.equal(hub.invalidReports(), 0);
  } finally {
    await bootstrap.stop();
    await hub.close();
  }
});

test('events wait in a bounded buffer while the hub is away and arrive when it comes', async () => {
  const hubPort = await freePort();
  const bootstrap = await startBootstrap({ nodes: 2, env: { PEERSCOPE_HUB_URL: `http://127.0.0.1:${hubPort}` } });
  try {
    // Messaging works with no hub at all: telemetry is never in the way.
    const sent = await bootstrap.admin<SendResult>('POST', '/messages', { from: 'node2', to: 'node1', text: 'before the hub' });
    assert.equal(sent.body.status, 'delivered');

    const hub = await startRecordingHub(CLUSTER_TOKEN, hubPort);
    try {
      await waitFor("the node's buffered events", () => hub.events.some((e) => e.type === 'message:delivered' && e.id === sent.body.id), 10_000);
      // Each reporter reconnects on its own schedule (backoff up to 2 s).
      await waitFor("the bootstrap's buffered events", () => hub.events.some((e) => e.type === 'node:registered' && e.node.id === 'node1'), 10_000);
    } finally {
      await hub.close();
    }
  } finally {
    await bootstrap.stop();
  }
});

test('a reporter with the wrong cluster token is refused by the hub', async () => {
  const hub = await startRecordingHub('a-different-cluster-token');
  const bootstrap = await startBootstrap({ nodes: 1, env: { PEERSCOPE_HUB_URL: hub.url } });
  try {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.equal(hub.sources.size, 0);
    assert.equal(hub.events.length, 0);
  } finally {
    await bootstrap.stop();
    await hub.close();
  }
});
