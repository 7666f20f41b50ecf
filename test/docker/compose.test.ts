import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { UI_NAMESPACE, type AdminNodesResponse, type NetworkSnapshot, type SendResult, type TrafficStatus } from '@peerscope/protocol';
import type Docker from 'dockerode';
import { io } from 'socket.io-client';
import { compose, dockerEngine } from '../support/docker.js';
import { call } from '../support/http.js';
import { freePort } from '../support/ports.js';
import { waitFor } from '../support/wait.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const ADMIN_TOKEN = 'docker-test-admin-token-0123456789';
const CLUSTER_TOKEN = 'docker-test-cluster-token-0123456789';
const MANAGED = 'peerscope.managed=true';
const run = promisify(execFile);

const engine = await dockerEngine();
const skip = 'skip' in engine ? engine.skip : false;

describe('the system on Docker, with docker compose and the Docker runtime', { skip, timeout: 900_000 }, () => {
  const docker = (engine as { docker: Docker }).docker;
  let env: Record<string, string>;
  let bootstrapUrl: string;
  let dashboardUrl: string;
  let bystander: Docker.Container;
  const admin = <T = any>(method: string, path: string, body?: unknown) => call<T>(`${bootstrapUrl}/api${path}`, { method, body, token: ADMIN_TOKEN });
  const nodes = async () => (await admin<AdminNodesResponse>('GET', '/nodes')).body.nodes;
  const statusOf = async (id: string) => (await nodes()).find((n) => n.id === id)?.status;
  const managedContainers = (extra: string[] = []) => docker.listContainers({ all: true, filters: { label: [MANAGED, ...extra] } });

  before(async () => {
    const [bootstrapPort, dashboardPort] = [await freePort(), await freePort()];
    bootstrapUrl = `http://127.0.0.1:${bootstrapPort}`;
    dashboardUrl = `http://127.0.0.1:${dashboardPort}`;
    env = {
      PEERSCOPE_BOOTSTRAP_PORT: String(bootstrapPort),
      PEERSCOPE_DASHBOARD_PORT: String(dashboardPort),
      PEERSCOPE_ADMIN_TOKEN: ADMIN_TOKEN,
      PEERSCOPE_CLUSTER_TOKEN: CLUSTER_TOKEN,
    };
    // The images first: on an engine that never built them, the bystander needs the node image.
    await compose(['-f', `${root}docker-compose.yml`, '-p', 'peerscope-test', 'build'], env);
    // A container of someone else's, named like ours but without our labels: it must survive.
    bystander = await docker.createContainer({
      name: `peerscope-node-999-${Date.now()}`,
      Image: 'peerscope-node',
      Entrypoint: ['node', '-e', 'setInterval(() => {}, 1e6)'],
    });
    await bystander.start();
    await compose(['-f', `${root}docker-compose.yml`, '-p', 'peerscope-test', 'up', '-d', '--build'], env);
    await waitFor('the bootstrap', async () => (await call(bootstrapUrl)).status === 200, 120_000, 500);
  });

  after(async () => {
    await compose(['-f', `${root}docker-compose.yml`, '-p', 'peerscope-test', 'down', '--timeout', '30'], env).catch((err) => console.error(err));
    await bystander?.remove({ force: true }).catch(() => undefined);
  });

  test('compose up: 5 node containers register, and the dashboard draws them', async () => {
    await waitFor('5 nodes alive', async () => (await nodes()).filter((n) => n.status === 'alive').length === 5, 60_000, 250);
    const containers = await managedContainers(['peerscope.cluster=compose']);
    assert.deepEqual(containers.map((c) => c.Names[0]).sort(), [1, 2, 3, 4, 5].map((i) => `/peerscope-node-${i}`).sort());
    assert.ok((await nodes()).every((n) => n.managed && /^http:\/\/peerscope-node-\d+:5000$/.test(n.url)));

    const snapshot = await uiSnapshot(dashboardUrl, (s) => s.nodes.filter((n) => n.status === 'alive').length === 5);
    assert.equal(snapshot.runtime, 'docker');
  });

  test('two containers message each other over the Docker network', async () => {
    const sent = await admin<SendResult>('POST', '/messages', { from: 'node1', to: 'node2', text: 'across containers' });
    assert.equal(sent.body.status, 'delivered', JSON.stringify(sent.body));
  });

  test('admin add starts a labelled, limited container that registers', async () => {
    const added = await admin('POST', '/nodes', { count: 1 });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const [node] = added.body.nodes;
    assert.equal(node.status, 'alive');
    const [info] = await managedContainers([`peerscope.node-id=${node.id}`]);
    assert.ok(info, "a container carries the new node's labels");
    assert.equal(info.Names[0], `/peerscope-node-${node.id.replace('node', '')}`);
    const inspected = await docker.getContainer(info.Id).inspect();
    assert.equal(inspected.Config.Image, 'peerscope-node');
    assert.equal(inspected.HostConfig.Privileged, false);
    assert.deepEqual(inspected.HostConfig.Binds ?? [], []);
    assert.ok((inspected.HostConfig.Memory ?? 0) > 0 && (inspected.HostConfig.PidsLimit ?? 0) > 0 && (inspected.HostConfig.NanoCpus ?? 0) > 0);
    assert.equal(inspected.Config.User, 'node', "the image's non-root user");
  });

  test('crash kills the container without warning; the node is dead within 3 s', async () => {
    const crashedAt = Date.now();
    const crashed = await admin('DELETE', '/nodes/node2?mode=crash');
    assert.deepEqual(crashed.body, { id: 'node2', mode: 'crash', stopped: true });
    assert.equal((await managedContainers(['peerscope.node-id=node2'])).length, 0, 'killed and removed');
    await waitFor('node2 dead', async () => (await statusOf('node2')) === 'dead', 6_000, 25);
    const elapsed = Date.now() - crashedAt;
    assert.ok(elapsed <= 3_300, `dead after ${elapsed} ms`);
    const failed = await admin<SendResult>('POST', '/messages', { from: 'node1', to: 'node2', text: 'gone?' });
    assert.equal(failed.body.status, 'failed');
  });

  test('a partition cuts containers apart in their own networking layer; heal restores', async () => {
    const cut = await admin('POST', '/faults/partition', { group: ['node1'], direction: 'both' });
    assert.equal(cut.status, 200, JSON.stringify(cut.body));
    const across = await admin<SendResult>('POST', '/messages', { from: 'node1', to: 'node4', text: 'across the cut' });
    assert.equal(across.body.status, 'failed');
    assert.equal(across.body.error?.code, 'partitioned');
    await admin('DELETE', '/faults/partition');
    const healed = await admin<SendResult>('POST', '/messages', { from: 'node1', to: 'node4', text: 'healed' });
    assert.equal(healed.body.status, 'delivered');
  });

  test('pause freezes the container (docker pause): suspect, dead, then alive again on resume', async () => {
    const paused = await admin('POST', '/nodes/node4/pause');
    assert.deepEqual(paused.body, { id: 'node4', paused: true });
    const [info] = await managedContainers(['peerscope.node-id=node4']);
    assert.equal(info?.State, 'paused');
    await waitFor('node4 suspect', async () => (await statusOf('node4')) === 'suspect', 5_000, 50);
    await waitFor('node4 dead', async () => (await statusOf('node4')) === 'dead', 5_000, 50);
    await admin('POST', '/nodes/node4/resume');
    await waitFor('node4 alive again', async () => (await statusOf('node4')) === 'alive', 5_000, 50);
  });

  test('a crashed container restarts under the same id', async () => {
    const restarted = await admin('POST', '/nodes/node2/restart');
    assert.equal(restarted.status, 200, JSON.stringify(restarted.body));
    assert.deepEqual([restarted.body.id, restarted.body.status, restarted.body.url], ['node2', 'alive', 'http://peerscope-node-2:5000']);
    assert.equal((await managedContainers(['peerscope.node-id=node2'])).length, 1);
  });

  test('remove stops the container gracefully: it leaves the registry and the container is gone', async () => {
    const removed = await admin('DELETE', '/nodes/node3?mode=graceful');
    assert.equal(removed.status, 200, JSON.stringify(removed.body));
    assert.equal(await statusOf('node3'), undefined);
    assert.equal((await managedContainers(['peerscope.node-id=node3'])).length, 0);
  });

  test('a node started by hand with docker run joins and shows on the dashboard', async () => {
    const manual = await docker.createContainer({
      Image: 'peerscope-node',
      Env: ['BOOTSTRAP_URL=http://bootstrap:5000'],
      HostConfig: { NetworkMode: 'peerscope', Init: true },
    });
    try {
      await manual.start();
      const joined = await waitFor('the manual node', async () => (await nodes()).find((n) => !n.managed && n.status === 'alive'), 30_000, 250);
      await uiSnapshot(dashboardUrl, (s) => s.nodes.some((n) => n.id === joined.id));
      const sent = await admin<SendResult>('POST', '/messages', { from: 'node1', to: joined.id, text: 'welcome' });
      assert.equal(sent.body.status, 'delivered');
    } finally {
      // It is the user's container, on the compose network: remove it before compose down.
      await manual.remove({ force: true });
    }
  });

  test('the network outlives its parts: the bootstrap and the dashboard die and come back; the node containers never notice', async () => {
    const running = async () =>
      Object.fromEntries((await managedContainers()).filter((c) => c.State === 'running').map((c) => [c.Labels['peerscope.node-id'], c.Id]));
    // Run alone (a name pattern), this test may begin while compose's nodes are still joining.
    const alive = await waitFor(
      'two alive nodes to talk',
      async () => {
        const ids = (await nodes()).filter((n) => n.status === 'alive' && n.managed).map((n) => n.id);
        return ids.length >= 2 ? ids : undefined;
      },
      60_000,
      250,
    );
    const before = await running();
    const [from, to] = alive as [string, string];
    const toUrl = (await nodes()).find((n) => n.id === to)!.url;

    // Traffic runs across both deaths; the generator must come back as it was.
    const started = await admin<TrafficStatus>('POST', '/traffic', { rate: 5, durationS: 120 });
    assert.equal(started.body.running, true, JSON.stringify(started.body));

    // Crash bootstrap, as the page's button does: it kills itself, Docker's restart policy brings it back.
    const bootstrapCrashedAt = Date.now();
    const crashed = await admin('POST', '/bootstrap/crash');
    assert.equal(crashed.status, 202, JSON.stringify(crashed.body));
    await waitFor('the bootstrap down', async () => (await call(bootstrapUrl).catch(() => ({ status: 0 }))).status === 0, 10_000, 50);
    // Meanwhile the nodes keep talking with the peer lists they hold.
    const sent = await sendFromContainer(docker, from, { to, toUrl, text: 'while the bootstrap is down' });
    assert.equal(sent.status, 'delivered', JSON.stringify(sent));
    await waitFor(
      'the bootstrap back, every node alive under its id',
      async () => {
        const back = await nodes().catch(() => []);
        return alive.every((id) => back.find((n) => n.id === id)?.status === 'alive') || undefined;
      },
      60_000,
      250,
    );
    const nodesBackMs = Date.now() - bootstrapCrashedAt;
    assert.deepEqual(await running(), before, 'the same node containers, adopted by the new bootstrap');
    const resumed = (await admin<TrafficStatus>('GET', '/traffic')).body;
    assert.deepEqual([resumed.running, resumed.startedAt], [true, started.body.startedAt], 'the same traffic run, going on');

    // kill -9 of the dashboard's server (tini, its container's init, then exits): Docker restarts it with its picture.
    const counted = (await uiSnapshot(dashboardUrl, () => true)).counters.delivered;
    const dashboard = (
      await docker.listContainers({ filters: { label: ['com.docker.compose.project=peerscope-test', 'com.docker.compose.service=dashboard'] } })
    )[0]!;
    const server = await serverPid(docker.getContainer(dashboard.Id));
    const dashboardKilledAt = Date.now();
    process.kill(server, 'SIGKILL');
    await waitFor('the dashboard down', async () => (await call(dashboardUrl).catch(() => ({ status: 0 }))).status === 0, 10_000, 50);
    // Back means every node alive and the counters going on from where they were (the reporters
    // send again what the killed hub had not saved): a picture that restarted from zero never matches.
    const back = await uiSnapshot(
      dashboardUrl,
      (s) => s.counters.delivered >= counted && alive.every((id) => s.nodes.some((n) => n.id === id && n.status === 'alive')),
    );
    const dashboardBackMs = Date.now() - dashboardKilledAt;
    assert.ok(back.counters.delivered >= counted, `counters continue: ${back.counters.delivered} after, ${counted} before`);
    console.log(`# on Docker: nodes alive again ${nodesBackMs} ms after Crash bootstrap; the dashboard's picture back ${dashboardBackMs} ms after kill -9`);
    await admin('DELETE', '/traffic');
    assert.deepEqual(await running(), before, 'no node container was touched');
    const after = await admin<SendResult>('POST', '/messages', { from, to, text: 'all back' });
    assert.equal(after.body.status, 'delivered');
  });

  test('compose down leaves no peerscope container or network, and never touches an unlabelled one', async () => {
    await compose(['-f', `${root}docker-compose.yml`, '-p', 'peerscope-test', 'down', '--timeout', '30'], env);
    assert.deepEqual(await managedContainers(), []);
    const leftovers = (await docker.listContainers({ all: true })).filter((c) => c.Labels['com.docker.compose.project'] === 'peerscope-test');
    assert.deepEqual(leftovers, []);
    const networks = await docker.listNetworks({ filters: { name: ['peerscope'] } });
    assert.deepEqual(
      networks.filter((n) => n.Name === 'peerscope'),
      [],
    );
    assert.equal((await bystander.inspect()).State.Running, true, 'the unlabelled container still runs');
  });
});

/** Subscribes to the dashboard's hub like a browser and waits for a snapshot that satisfies `until`. */
async function uiSnapshot(dashboardUrl: string, until: (snapshot: NetworkSnapshot) => boolean): Promise<NetworkSnapshot> {
  return waitFor(
    "the dashboard's picture",
    async () => {
      const socket = io(`${dashboardUrl}${UI_NAMESPACE}`, { transports: ['websocket'], reconnection: false });
      try {
        const snapshot = await new Promise<NetworkSnapshot>((resolve, reject) => {
          socket.on('network:snapshot', resolve);
          socket.on('connect_error', reject);
          socket.on('connect', () => socket.emit('network:subscribe', {}, () => undefined));
        });
        return until(snapshot) ? snapshot : undefined;
      } finally {
        socket.close();
      }
    },
    30_000,
    100,
  );
}

/** The dashboard's server process on the host: the child of the container's init (tini). */
async function serverPid(container: Docker.Container): Promise<number> {
  const init = (await container.inspect()).State.Pid;
  const children = readFileSync(`/proc/${init}/task/${init}/children`, 'utf8').trim().split(/\s+/).map(Number);
  assert.equal(children.length, 1, `tini runs one child: ${children.join(', ')}`);
  return children[0]!;
}

/** Node `from` sends to `to` through its own control API, from inside its container (the bootstrap is not asked). */
async function sendFromContainer(docker: Docker, from: string, body: { to: string; toUrl: string; text: string }): Promise<{ status?: string }> {
  const [info] = await docker.listContainers({ filters: { label: [`peerscope.node-id=${from}`] } });
  const script = `fetch('http://127.0.0.1:5000/control/send', { method: 'POST', headers: { authorization: 'Bearer ' + process.env.PEERSCOPE_CONTROL_TOKEN, 'content-type': 'application/json' }, body: process.argv[1] }).then((r) => r.text()).then((t) => process.stdout.write(t))`;
  const { stdout } = await run('docker', ['exec', info!.Id, 'node', '-e', script, JSON.stringify(body)], { timeout: 30_000 });
  return JSON.parse(stdout) as { status?: string };
}
