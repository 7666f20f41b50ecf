import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AdminNodesResponse, SendResult } from '@peerscope/protocol';
import { call } from '../../../test/support/http.js';
import { startCourseNode, type CourseNode } from '../../../test/support/course.js';
import { startBootstrap, type BootstrapProcess } from '../../../test/support/processes.js';
import { waitFor } from '../../../test/support/wait.js';

describe('a classic (course-style) node', () => {
  let bootstrap: BootstrapProcess;
  let classic: CourseNode;
  let classicId: string;

  before(async () => {
    bootstrap = await startBootstrap({ nodes: 2, env: { PEERSCOPE_CLASSIC_PROBE_MS: '300' } });
    classic = await startCourseNode();
  });
  after(async () => {
    await classic.close().catch(() => undefined);
    await bootstrap.stop();
  });

  test('registers with {"peer"} and gets the exact classic answer', async () => {
    const registered = await call(`${bootstrap.url}/register`, { body: { peer: classic.url } });
    assert.equal(registered.status, 200);
    assert.equal(registered.body.status, 'registered');
    assert.equal(registered.body.peers.length, 2);
    assert.ok(!registered.body.peers.includes(classic.url));
    classicId = registered.body.id;
    assert.equal(classicId, 'node3');

    const again = await call(`${bootstrap.url}/register`, { body: { peer: classic.url } });
    assert.equal(again.status, 200, 'registering twice is not an error');
    assert.equal(again.body.id, classicId);

    const home = await call(bootstrap.url);
    assert.equal(home.body.message, 'Bootstrap node is running!');
    const peers = await call(`${bootstrap.url}/peers`);
    assert.equal(peers.body.peers.length, 3);
    assert.ok(peers.body.peers.includes(classic.url));
  });

  test('receives a message from one of ours, by id and by url', async () => {
    const byId = await bootstrap.admin<SendResult>('POST', '/messages', { from: 'node1', to: classicId, text: 'hello classic' });
    assert.equal(byId.body.status, 'delivered', JSON.stringify(byId.body));
    const byUrl = await bootstrap.admin<SendResult>('POST', '/messages', { from: 'node2', to: classic.url, text: 'hello again' });
    assert.equal(byUrl.body.status, 'delivered', JSON.stringify(byUrl.body));
    assert.deepEqual(classic.received, [
      { sender: 'node1', msg: 'hello classic' },
      { sender: 'node2', msg: 'hello again' },
    ]);
  });

  test('sends a message to one of ours with only {"sender","msg"}', async () => {
    const nodes = (await bootstrap.admin<AdminNodesResponse>('GET', '/nodes')).body.nodes;
    const ours = nodes.find((n) => n.id === 'node1')!;
    const answer = await call(`${ours.url}/message`, { body: { sender: 'node3', msg: 'greetings from Flask' } });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, { status: 'received' });
    const inbox = await call(`${ours.url}/messages`);
    const last = inbox.body.messages.at(-1);
    assert.equal(last.sender, 'node3');
    assert.equal(last.msg, 'greetings from Flask');
    assert.ok(last.id, 'a message without an id gets one');
  });

  test('removed through the admin API while alive: forgotten at once, not crashed; registering again brings it back', async () => {
    const ids = async () => (await bootstrap.admin<AdminNodesResponse>('GET', '/nodes')).body.nodes.map((n) => n.id);
    const crash = await bootstrap.admin('DELETE', `/nodes/${classicId}?mode=crash`);
    assert.deepEqual([crash.status, crash.body.error.code], [409, 'node_not_managed'], 'its process is not ours to kill');
    const removed = await bootstrap.admin('DELETE', `/nodes/${classicId}`);
    assert.deepEqual([removed.status, removed.body], [200, { id: classicId, mode: 'graceful', stopped: false }]);
    assert.ok(!(await ids()).includes(classicId));
    assert.ok(!(await call(`${bootstrap.url}/peers`)).body.peers.includes(classic.url), 'gone from the course peer list');

    const back = await call(`${bootstrap.url}/register`, { body: { peer: classic.url } });
    assert.equal(back.status, 200);
    classicId = back.body.id;
    assert.ok((await ids()).includes(classicId));
  });

  test('cannot be driven through the admin API, and is probed for liveness', async () => {
    const refused = await bootstrap.admin('POST', '/messages', { from: classicId, to: 'node1', text: 'x' });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'node_not_controllable');

    const status = async () => (await bootstrap.admin<AdminNodesResponse>('GET', '/nodes')).body.nodes.find((n) => n.id === classicId)?.status;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.equal(await status(), 'alive', 'probes keep a silent classic node alive');
    await classic.close();
    await waitFor('classic node dead', async () => (await status()) === 'dead', 10_000);
  });
});
