import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { SendResult } from '@peerscope/protocol';
import { call } from '../../../test/support/http.js';
import { startCourseNode, type CourseNode } from '../../../test/support/course.js';
import { promtool, promtoolAvailable, sample, scrape } from '../../../test/support/prometheus.js';
import { ADMIN_TOKEN, startBootstrap, type BootstrapProcess } from '../../../test/support/processes.js';
import { waitFor } from '../../../test/support/wait.js';

const METRICS_TOKEN = 'metrics-test-token-0123456789';
const promtoolHere = promtoolAvailable();
const needsPromtool = { skip: promtoolHere === true ? false : promtoolHere.skip };

describe("the bootstrap's GET /metrics", () => {
  let bootstrap: BootstrapProcess;
  let course: CourseNode;
  const metrics = async () => (await scrape(bootstrap.url)).text;

  before(async () => {
    bootstrap = await startBootstrap({ nodes: 2, env: { PEERSCOPE_CLASSIC_PROBE_MS: '300' } });
    course = await startCourseNode();
  });
  after(async () => {
    await course.close();
    await bootstrap.stop();
  });

  test('is the Prometheus text format, readable without a token on loopback, and promtool finds nothing wrong', needsPromtool, async () => {
    // Activity first, so that the labelled series and the histogram have samples to check.
    await bootstrap.admin('POST', '/messages', { from: 'node1', to: 'node2', text: 'for promtool' });
    const { status, text, contentType } = await scrape(bootstrap.url);
    assert.equal(status, 200);
    assert.match(contentType ?? '', /^text\/plain; version=0\.0\.4/);
    const checked = promtool(['check', 'metrics'], text);
    assert.equal(checked.status, 0, checked.output);
    for (const name of [
      'peerscope_nodes',
      'peerscope_heartbeats_total',
      'peerscope_message_latency_seconds_bucket',
      'process_cpu_seconds_total',
      'nodejs_eventloop_lag_seconds',
    ])
      assert.match(text, new RegExp(`^${name}`, 'm'), `${name} is there`);
  });

  test('a registration counts once, by kind, and the node shows by status', async () => {
    const before = await metrics();
    const registered = await call(`${bootstrap.url}/register`, { body: { peer: course.url } });
    assert.equal(registered.status, 200);
    const after = await metrics();
    assert.equal(sample(after, 'peerscope_registrations_total', { kind: 'classic' }), sample(before, 'peerscope_registrations_total', { kind: 'classic' }) + 1);
    assert.equal(sample(after, 'peerscope_registrations_total', { kind: 'peerscope' }), sample(before, 'peerscope_registrations_total', { kind: 'peerscope' }));
    assert.equal(sample(after, 'peerscope_nodes', { status: 'alive', kind: 'classic' }), 1);
    assert.equal(sample(after, 'peerscope_nodes', { status: 'alive', kind: 'peerscope' }), 2);
  });

  test('heartbeats are counted as they come; in a steady network they carry nothing of the peer list', async () => {
    const first = sample(await metrics(), 'peerscope_heartbeats_total');
    const current = { call: 'heartbeat', list: 'none' };
    const quiet = sample(await metrics(), 'peerscope_peer_list_answers_total', current);
    await waitFor('two more heartbeats', async () => sample(await metrics(), 'peerscope_heartbeats_total') >= first + 2);
    await waitFor('heartbeats answered with nothing to add', async () => sample(await metrics(), 'peerscope_peer_list_answers_total', current) >= quiet + 2);
    assert.equal(sample(await metrics(), 'peerscope_peer_list_answers_total', { call: 'register', list: 'none' }), 0);
  });

  test('a message the admin API sends: sent and delivered +1 and one latency sample; a failure by its reason', async () => {
    const before = await metrics();
    const sent = await bootstrap.admin<SendResult>('POST', '/messages', { from: 'node1', to: 'node2', text: 'counted' });
    assert.equal(sent.body.status, 'delivered', JSON.stringify(sent.body));
    const failed = await bootstrap.admin<SendResult>('POST', '/messages', { from: 'node1', to: 'nobody', text: 'lost' });
    assert.equal(failed.body.error?.code, 'peer_unknown', JSON.stringify(failed.body));
    const after = await metrics();
    const moved = (name: string, labels?: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    assert.equal(moved('peerscope_messages_sent_total'), 2);
    assert.equal(moved('peerscope_messages_delivered_total'), 1);
    assert.equal(moved('peerscope_messages_failed_total', { reason: 'peer_unknown' }), 1);
    assert.equal(moved('peerscope_message_latency_seconds_count', { outcome: 'delivered' }), 1);
  });

  test('a crash is a true death; a node nobody stopped that falls silent is a false one', async () => {
    const before = await metrics();
    await bootstrap.admin('DELETE', '/nodes/node2?mode=crash');
    await waitFor('node2 dead', async () => sample(await metrics(), 'peerscope_nodes', { status: 'dead', kind: 'peerscope' }) === 1, 15_000);
    let now = await metrics();
    assert.equal(sample(now, 'peerscope_node_deaths_total', { verdict: 'true' }), sample(before, 'peerscope_node_deaths_total', { verdict: 'true' }) + 1);
    assert.equal(sample(now, 'peerscope_node_deaths_total', { verdict: 'false' }), sample(before, 'peerscope_node_deaths_total', { verdict: 'false' }));

    // A peerscope node that registered and then hangs: it never heartbeats, and its probe gets no answer.
    const hung = createServer(() => undefined);
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(hung.address() as { port: number }).port}`;
      const joined = await call(`${bootstrap.url}/register`, { body: { url, id: 'hung', controlToken: 'hung-node-token-0123456789' } });
      assert.equal(joined.status, 200);
      await waitFor('the hung node dead', async () => sample(await metrics(), 'peerscope_node_deaths_total', { verdict: 'false' }) === 1, 20_000);
      now = await metrics();
      assert.equal(sample(now, 'peerscope_node_deaths_total', { verdict: 'true' }), sample(before, 'peerscope_node_deaths_total', { verdict: 'true' }) + 1);
    } finally {
      hung.closeAllConnections();
      hung.close();
    }
  });
});

describe('PEERSCOPE_METRICS_TOKEN', () => {
  let bootstrap: BootstrapProcess;

  before(async () => {
    bootstrap = await startBootstrap({ env: { PEERSCOPE_METRICS_TOKEN: METRICS_TOKEN } });
  });
  after(async () => {
    await bootstrap.stop();
  });

  test('makes /metrics answer only to its bearer token, with the usual error shape otherwise', async () => {
    // The admin token is no key to it either.
    for (const token of [undefined, 'not-the-metrics-token-0123', ADMIN_TOKEN]) {
      const refused = await call(`${bootstrap.url}/metrics`, token ? { token } : {});
      assert.equal(refused.status, 401, `token ${token}`);
      assert.equal(refused.body.error.code, 'unauthorized');
    }
    const allowed = await scrape(bootstrap.url, METRICS_TOKEN);
    assert.equal(allowed.status, 200);
    assert.match(allowed.text, /^peerscope_nodes\{/m);
  });
});

describe('prometheus.yml at the repository root', () => {
  const file = fileURLToPath(new URL('../../../prometheus.yml', import.meta.url));

  test('is a configuration promtool accepts', needsPromtool, () => {
    const checked = promtool(['check', 'config', file]);
    assert.equal(checked.status, 0, checked.output);
  });

  test('is one too with its authorization blocks uncommented, for PEERSCOPE_METRICS_TOKEN', needsPromtool, () => {
    const uncommented = readFileSync(file, 'utf8')
      .replace(/^( *)# (authorization:| {2}type: Bearer| {2}credentials: )/gm, '$1$2')
      .replaceAll('<PEERSCOPE_METRICS_TOKEN>', METRICS_TOKEN);
    assert.equal(uncommented.match(/^ *authorization:/gm)?.length, 4, 'one block per job');
    const dir = mkdtempSync(join(tmpdir(), 'peerscope-prometheus-'));
    try {
      writeFileSync(join(dir, 'prometheus.yml'), uncommented);
      const checked = promtool(['check', 'config', join(dir, 'prometheus.yml')]);
      assert.equal(checked.status, 0, checked.output);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
