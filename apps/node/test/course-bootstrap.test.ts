import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call } from '../../../test/support/http.js';
import { startCourseBootstrap, startCourseNode, type CourseNode } from '../../../test/support/course.js';
import { startNode, stopProcess, type Spawned } from '../../../test/support/processes.js';
import { sleep, waitFor } from '../../../test/support/wait.js';
import { startPoolHost, HOST_TOKEN, type TestHost } from './support/pool-host.js';
import { tokenOf } from './support/nodes.js';

const REFRESH_MS = '300';
const CONTROL_TOKEN = 'control-token-of-course-test-0123456789';
const FALLBACK_LOG = "the bootstrap speaks only the course's API";

const peersOf = async (url: string): Promise<string[]> => (await call(`${url}/peers`)).body.peers;
const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe("a peerscope node on the course's own bootstrap (three routes, no heartbeats, no ids)", () => {
  let bootstrap: Awaited<ReturnType<typeof startCourseBootstrap>>;
  let ours: Spawned & { url: string };
  let course: CourseNode;

  before(async () => {
    bootstrap = await startCourseBootstrap();
    ours = await startNode(bootstrap.url, { PEERSCOPE_COURSE_REFRESH_MS: REFRESH_MS, PEERSCOPE_CONTROL_TOKEN: CONTROL_TOKEN });
  });
  after(async () => {
    await stopProcess(ours);
    await course?.close();
    await bootstrap.close();
  });

  test('joins as a course node does, keeps its url as its identity, and says so once', async () => {
    await waitFor('the node in the course bootstrap', () => bootstrap.peers.includes(ours.url));
    const home = (await call(ours.url)).body;
    assert.equal(home.id, null, 'the course gives no id: the node is known by its url');
    assert.equal(home.url, ours.url);
    assert.equal(home.message, `Node ${ours.url} is running!`);

    const registers = () => bootstrap.requests.filter((r) => r === 'POST /register').length;
    await waitFor('three registrations (the first and two refreshes)', () => registers() >= 3);
    assert.equal(occurrences(ours.output(), FALLBACK_LOG), 1, ours.output());
    assert.doesNotMatch(ours.output(), /registration failed/, 'every registration was taken');
  });

  test('never asks for a heartbeat, so no 404 turns into a loop of registrations', async () => {
    const before = bootstrap.requests.filter((r) => r === 'POST /register').length;
    await sleep(1_500);
    const after = bootstrap.requests.filter((r) => r === 'POST /register').length;
    // One every 300 ms is 5 in 1.5 s; a heartbeat answered 404, then a registration, in a loop, would be hundreds.
    assert.ok(after - before <= 10, `${after - before} registrations in 1.5 s`);
    const others = bootstrap.requests.filter((r) => r !== 'POST /register' && r !== 'GET /peers');
    assert.deepEqual(others, [], 'only the course routes were asked for');
  });

  test('a course node and the peerscope node message each other both ways', async () => {
    course = await startCourseNode({ id: 'node9' });
    const coursePeers = await course.register(bootstrap.url);
    assert.deepEqual(coursePeers, [ours.url], 'the course node finds ours in the bootstrap list');
    await waitFor('ours to learn of the course node', async () => (await peersOf(ours.url)).includes(course.url));

    const sent = await call(`${ours.url}/control/send`, { body: { to: course.url, text: 'hello from peerscope' }, token: CONTROL_TOKEN });
    assert.equal(sent.body.status, 'delivered', JSON.stringify(sent.body));
    assert.deepEqual(course.received, [{ sender: ours.url, msg: 'hello from peerscope' }]);

    assert.deepEqual(await course.send(ours.url, 'hello from the course'), { status: 'received' });
    const inbox = (await call(`${ours.url}/messages`)).body.messages;
    assert.deepEqual([inbox.at(-1).sender, inbox.at(-1).msg], ['node9', 'hello from the course']);
  });
});

describe("peer lists merged the course's way: from the bootstrap and from the peers' own GET /peers", () => {
  let bootstrap: Awaited<ReturnType<typeof startCourseBootstrap>>;
  let elsewhere: Awaited<ReturnType<typeof startCourseBootstrap>>;
  let ours: Spawned & { url: string };
  let sharing: CourseNode;
  let far: CourseNode;
  /** What `sharing` serves at its GET /peers. */
  const shared: string[] = [];

  before(async () => {
    bootstrap = await startCourseBootstrap();
    elsewhere = await startCourseBootstrap();
    // `far` joined another bootstrap; only `sharing`, which lists it at GET /peers, knows of it.
    far = await startCourseNode({ id: 'far' });
    await far.register(elsewhere.url);
    shared.push(far.url, 'not a url');
    sharing = await startCourseNode({ id: 'sharing', sharedPeers: shared });
    await sharing.register(bootstrap.url);
    ours = await startNode(bootstrap.url, { PEERSCOPE_COURSE_REFRESH_MS: REFRESH_MS, PEERSCOPE_CONTROL_TOKEN: CONTROL_TOKEN });
  });
  after(async () => {
    await stopProcess(ours);
    await Promise.all([sharing.close(), far.close(), bootstrap.close(), elsewhere.close()]);
  });

  test('learns a peer only another peer names, skips what is not a url, and reaches it', async () => {
    await waitFor('ours to learn of far through sharing', async () => (await peersOf(ours.url)).includes(far.url));
    assert.deepEqual((await peersOf(ours.url)).sort(), [far.url, sharing.url].sort());
    const sent = await call(`${ours.url}/control/send`, { body: { to: far.url, text: 'found you' }, token: CONTROL_TOKEN });
    assert.equal(sent.body.status, 'delivered', JSON.stringify(sent.body));
    assert.deepEqual(far.received, [{ sender: ours.url, msg: 'found you' }]);
  });

  test('forgets it once no peer names it any more, and keeps what the bootstrap lists', async () => {
    shared.splice(0);
    await waitFor('ours to forget far', async () => !(await peersOf(ours.url)).includes(far.url));
    assert.deepEqual(await peersOf(ours.url), [sharing.url]);
  });
});

describe("a pool host's nodes on the course's own bootstrap", () => {
  let bootstrap: Awaited<ReturnType<typeof startCourseBootstrap>>;
  let host: TestHost;
  let course: CourseNode;

  before(async () => {
    bootstrap = await startCourseBootstrap();
    course = await startCourseNode({ id: 'node9' });
    await course.register(bootstrap.url);
    host = await startPoolHost(bootstrap.url, { PEERSCOPE_COURSE_REFRESH_MS: REFRESH_MS });
  });
  after(async () => {
    await stopProcess(host);
    await Promise.all([course.close(), bootstrap.close()]);
  });

  test('join it and message course nodes, both ways', async () => {
    const started = await call(`${host.url}/nodes`, { body: { id: 'p1', controlToken: tokenOf('p1') }, token: HOST_TOKEN });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const pooled: { url: string } = started.body;
    await waitFor('p1 in the course bootstrap', () => bootstrap.peers.includes(pooled.url));
    await waitFor('p1 to know the course node', async () => (await peersOf(pooled.url)).includes(course.url));

    const sent = await call(`${pooled.url}/control/send`, { body: { to: course.url, text: 'from the pool' }, token: tokenOf('p1') });
    assert.equal(sent.body.status, 'delivered', JSON.stringify(sent.body));
    // A pooled node has the id its host gave it, and signs with it, as a course node signs with NODE_ID.
    assert.deepEqual(course.received, [{ sender: 'p1', msg: 'from the pool' }]);
    assert.deepEqual(await course.send(pooled.url, 'to the pool'), { status: 'received' });
    assert.equal((await call(`${pooled.url}/messages`)).body.messages.at(-1).msg, 'to the pool');
    assert.deepEqual(
      bootstrap.requests.filter((r) => r !== 'POST /register' && r !== 'GET /peers'),
      [],
    );
  });
});
