import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AdminNodesResponse, FaultState, OverlayState, SendResult, TrafficStatus } from '@peerscope/protocol';
import { call } from '../../../test/support/http.js';
import { isRunning, startBootstrap, startNode, stopProcess, type BootstrapProcess } from '../../../test/support/processes.js';
import { waitFor } from '../../../test/support/wait.js';

/** The node processes a bootstrap forked (its children running apps/node), as the system lists them. */
function nodeProcesses(parent: number): string[] {
  const lines = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(parent)], { encoding: 'utf8' }).split('\n');
  return lines.filter((line) => line.includes('apps/node/dist/main.js'));
}

describe('faults, restarts, overlays and background traffic on the process runtime', () => {
  let bootstrap: BootstrapProcess;
  const nodes = async () => (await bootstrap.admin<AdminNodesResponse>('GET', '/nodes')).body.nodes;
  const statusOf = async (id: string) => (await nodes()).find((n) => n.id === id)?.status;
  const urlOf = async (id: string) => (await nodes()).find((n) => n.id === id)!.url;

  before(async () => {
    bootstrap = await startBootstrap({ nodes: 4 });
  });
  after(async () => {
    await bootstrap.stop();
  });

  test('a paused node goes suspect, then dead, and comes back alive when resumed', async () => {
    const paused = await bootstrap.admin('POST', '/nodes/node2/pause');
    assert.deepEqual(paused.body, { id: 'node2', paused: true });
    assert.deepEqual((await bootstrap.admin<FaultState>('GET', '/faults')).body.paused, ['node2']);
    await waitFor('node2 suspect', async () => (await statusOf('node2')) === 'suspect', 4_000, 50);
    await waitFor('node2 dead', async () => (await statusOf('node2')) === 'dead', 4_000, 50);
    const frozen = await bootstrap.admin<SendResult>('POST', '/messages', { from: 'node1', to: 'node2', text: 'asleep?' });
    assert.equal(frozen.body.status, 'failed', 'a frozen node does not answer');

    const resumed = await bootstrap.admin('POST', '/nodes/node2/resume');
    assert.deepEqual(resumed.body, { id: 'node2', paused: false });
    await waitFor('node2 alive again', async () => (await statusOf('node2')) === 'alive', 4_000, 50);
    assert.deepEqual((await bootstrap.admin<FaultState>('GET', '/faults')).body.paused, []);
    const awake = await bootstrap.admin<SendResult>('POST', '/messages', { from: 'node1', to: 'node2', text: 'awake?' });
    assert.equal(awake.body.status, 'delivered');
  });

  test('a crashed node restarts under the same id, as a new process', async () => {
    const before = await urlOf('node3');
    const { pid } = (await call<{ pid: number }>(before)).body;
    await bootstrap.admin('DELETE', '/nodes/node3?mode=crash');
    assert.equal(isRunning(pid), false);
    const restarted = await bootstrap.admin('POST', '/nodes/node3/restart');
    assert.equal(restarted.status, 200, JSON.stringify(restarted.body));
    assert.equal(restarted.body.id, 'node3');
    assert.equal(restarted.body.status, 'alive');
    assert.notEqual(restarted.body.url, before);
    assert.equal(await statusOf('node3'), 'alive');
    const sent = await bootstrap.admin<SendResult>('POST', '/messages', { from: 'node3', to: 'node1', text: 'back' });
    assert.equal(sent.body.status, 'delivered');

    const running = await bootstrap.admin('POST', '/nodes/node4/restart');
    assert.equal(running.body.status, 'alive', 'a running node is stopped first, then started again');
    assert.equal((await nodes()).filter((n) => n.id === 'node4').length, 1);
  });

  test('an overlay gives each node its neighbours through its heartbeats', async () => {
    const ring = await bootstrap.admin<OverlayState>('PUT', '/overlay', { kind: 'ring' });
    assert.equal(ring.body.kind, 'ring');
    assert.deepEqual(ring.body.neighbours.node1, ['node2', 'node4']);
    const full = await bootstrap.admin<OverlayState>('PUT', '/overlay', { kind: 'full' });
    assert.deepEqual(full.body.neighbours, {});
  });

  test('background traffic accounts for every message and can be stopped', async () => {
    const started = await bootstrap.admin<TrafficStatus>('POST', '/traffic', { count: 30 });
    assert.equal(started.status, 202);
    assert.equal(started.body.running, true);
    await waitFor('the run to end', async () => !(await bootstrap.admin<TrafficStatus>('GET', '/traffic')).body.running, 20_000);
    const done = (await bootstrap.admin<TrafficStatus>('GET', '/traffic')).body;
    assert.deepEqual([done.sent, done.delivered, done.failed], [30, 30, 0]);

    await bootstrap.admin('POST', '/traffic', { rate: 20, durationS: 60 });
    await waitFor('some traffic', async () => (await bootstrap.admin<TrafficStatus>('GET', '/traffic')).body.sent >= 5);
    const stopped = await bootstrap.admin<TrafficStatus>('DELETE', '/traffic');
    assert.equal(stopped.body.running, false);
  });

  test('bad input to the new routes is a 4xx with a code', async () => {
    const cases: Array<[string, string, unknown, number, string]> = [
      ['POST', '/nodes/node99/pause', undefined, 404, 'node_unknown'],
      ['POST', '/nodes/bad%20id/restart', undefined, 400, 'invalid_query'],
      ['POST', '/faults/partition', { group: [] }, 400, 'invalid_body'],
      ['POST', '/faults/partition', { group: ['node1'], direction: 'sideways' }, 400, 'invalid_body'],
      ['POST', '/faults/partition', { group: ['node99'] }, 404, 'node_unknown'],
      ['PUT', '/faults/links', { from: 'node1', lossPct: 120 }, 400, 'invalid_body'],
      ['PUT', '/faults/links', { from: 'node1', to: 'node1', lossPct: 50 }, 400, 'invalid_body'],
      ['PUT', '/overlay', { kind: 'star' }, 400, 'invalid_body'],
      ['POST', '/gossip', { from: 'node1', text: 'x', ttl: 0 }, 400, 'invalid_body'],
      ['POST', '/traffic', { count: 5, rate: 3 }, 400, 'invalid_body'],
      ['POST', '/traffic', { rate: 5000, durationS: 1 }, 400, 'invalid_body'],
    ];
    for (const [method, path, body, status, code] of cases) {
      const answer = await bootstrap.admin(method, path, body);
      assert.equal(answer.status, status, `${method} ${path}: ${JSON.stringify(answer.body)}`);
      assert.equal(answer.body.error.code, code, `${method} ${path}`);
    }
  });

  test('two restarts of one node at once: one restarts it, the other gets 409 node_busy; one process runs, and a stop ends it', async () => {
    const children = () => nodeProcesses(bootstrap.child.pid!);
    const before = children().length;
    const answers = await Promise.all([bootstrap.admin('POST', '/nodes/node4/restart'), bootstrap.admin('POST', '/nodes/node4/restart')]);
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 409], JSON.stringify(answers.map((a) => a.body)));
    assert.equal(answers.find((a) => a.status === 409)!.body.error.code, 'node_busy');
    // Before, each restart started a process and the runtime kept only the second: the first ran on, unlisted.
    assert.equal(children().length, before, 'as many node processes as before');
    const stopped = await bootstrap.admin('DELETE', '/nodes/node4');
    assert.equal(stopped.status, 200, JSON.stringify(stopped.body));
    await waitFor('node4 stopped', () => children().length === before - 1);
  });

  test('a node this bootstrap did not start cannot be restarted while it runs (409 node_running)', async () => {
    const byHand = await startNode(bootstrap.url);
    try {
      let id: string | undefined;
      await waitFor('the node registered', async () => {
        id = (await call<{ id?: string | null }>(byHand.url)).body.id ?? undefined;
        return id !== undefined;
      });
      const refused = await bootstrap.admin('POST', `/nodes/${id}/restart`);
      assert.equal(refused.status, 409, JSON.stringify(refused.body));
      assert.equal(refused.body.error.code, 'node_running');
      assert.equal(isRunning(byHand.child.pid!), true, 'the node was left alone');
      assert.equal(await statusOf(id!), 'alive');
    } finally {
      await stopProcess(byHand);
    }
  });
});
