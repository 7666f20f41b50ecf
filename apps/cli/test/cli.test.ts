import assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import {
  AdminNodesResponseSchema,
  BroadcastResultSchema,
  ErrorBodySchema,
  FaultStateSchema,
  GossipStartedSchema,
  OverlayStateSchema,
  PauseNodeResponseSchema,
  RestartNodeResponseSchema,
  StopNodeResponseSchema,
  BootstrapCrashAnswerSchema,
  BootstrapStatusSchema,
  SendResultSchema,
  StartNodesResponseSchema,
  TrafficStatusSchema,
} from '@peerscope/protocol';
import { SHIVIZ_PARSER_REGEX } from '@peerscope/trace';
import { call } from '../../../test/support/http.js';
import { freePort } from '../../../test/support/ports.js';
import { waitFor } from '../../../test/support/wait.js';
import { startLab, type Lab } from '../../../test/support/lab.js';
import { CLI_BIN, runCli, startCli } from './run-cli.js';

// The real `peerscope` binary against a real lab (launcher, bootstrap, 3 process nodes, dashboard):
// each command once, its effect checked through the admin API, its --json answer parsed.

let lab: Lab;
const peerscope = (...args: string[]) => runCli(args, lab.cliEnv);
const admin = (path: string) => call(`${lab.bootstrapUrl}/api${path}`, { token: lab.adminToken });

/** Runs a command that must succeed with --json, and parses its one line of answer with the API's schema. */
async function json<T>(schema: { parse: (value: unknown) => T }, ...args: string[]): Promise<T> {
  const run = await peerscope(...args, '--json');
  assert.equal(run.code, 0, `peerscope ${args.join(' ')}: ${run.stderr}`);
  assert.equal(run.stdout.trim().split('\n').length, 1, 'one JSON object');
  return schema.parse(JSON.parse(run.stdout));
}

before(async () => {
  lab = await startLab();
});

after(async () => {
  lab.child.kill('SIGINT');
  await lab.exited;
});

test('npm links the bin: node_modules/.bin/peerscope is this command line', () => {
  const linked = fileURLToPath(new URL('../../../node_modules/.bin/peerscope', import.meta.url));
  assert.ok(existsSync(linked), 'run npm install: it links the bin');
  assert.equal(realpathSync(linked), realpathSync(CLI_BIN));
});

test('nodes: a table for a person, the API answer with --json (the token found in the data folder)', async () => {
  const text = await peerscope('nodes');
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^ID +STATUS +KIND +MANAGED +URL +LAST SEEN$/m);
  assert.match(text.stdout, /^node1 +alive +peerscope +yes +http:\/\/127\.0\.0\.1:\d+/m);
  const answer = await json(AdminNodesResponseSchema, 'nodes');
  assert.deepEqual(answer.nodes.map((n) => n.id).sort(), ['node1', 'node2', 'node3']);
});

test('watch --json prints a node:registered line after add; add starts a node the API lists', async () => {
  const watch = startCli(['watch', '--json'], lab.cliEnv);
  try {
    await waitFor('the snapshot line', () => watch.stdout().includes('"snapshot"'), 30_000);
    const snapshot = JSON.parse(watch.stdout().split('\n')[0]!);
    assert.equal(snapshot.snapshot.nodes.length, 3);
    const added = await json(StartNodesResponseSchema, 'add');
    assert.deepEqual(
      added.nodes.map((n) => [n.id, n.status]),
      [['node4', 'alive']],
    );
    const line = await waitFor(
      'a node:registered line for node4',
      () =>
        watch
          .stdout()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l))
          .find((l) => l.event?.type === 'node:registered' && l.event.node.id === 'node4'),
      30_000,
    );
    assert.ok(Number.isInteger(line.seq));
    const listed = AdminNodesResponseSchema.parse((await admin('/nodes')).body);
    assert.equal(listed.nodes.find((n) => n.id === 'node4')?.status, 'alive');
  } finally {
    watch.process.kill('SIGINT');
  }
  const [code] = await new Promise<[number | null]>((resolve) => watch.process.once('exit', (c) => resolve([c])));
  assert.equal(code, 0, 'Ctrl-C ends watch cleanly');
});

test('watch for a person: the nodes as a table, then one line per change', async () => {
  const watch = startCli(['watch'], lab.cliEnv);
  try {
    await waitFor('the node table', () => /^NODE +STATUS +KIND +URL$/m.test(watch.stdout()), 30_000);
    assert.deepEqual(await json(PauseNodeResponseSchema, 'pause', 'node4'), { id: 'node4', paused: true });
    await waitFor('a faults:changed line', () => /faults:changed +node4 paused/.test(watch.stdout()), 30_000);
    await json(FaultStateSchema, 'reset');
    await waitFor('a line for the resume', () => /faults:changed +node4 resumed/.test(watch.stdout()), 30_000);
  } finally {
    watch.process.kill('SIGINT');
  }
});

test("send: delivered into the receiver's inbox; a failed send exits 1 with its code", async () => {
  const result = await json(SendResultSchema, 'send', 'node1', 'node2', 'hello', 'from', 'the', 'terminal');
  assert.equal(result.status, 'delivered');
  const node2 = AdminNodesResponseSchema.parse((await admin('/nodes')).body).nodes.find((n) => n.id === 'node2')!;
  const inbox = await call(`${node2.url}/messages`);
  assert.ok(inbox.body.messages.some((m: { id: string; msg: string }) => m.id === result.id && m.msg === 'hello from the terminal'));

  const failed = await peerscope('send', 'node1', 'node99', 'hi');
  assert.equal(failed.code, 1);
  assert.match(failed.stdout, /node1 → node99 +failed: peer_unknown/);
  assert.match(failed.stderr, /not delivered: peer_unknown/);
});

test("an unknown node: exit 1 with the API's code and message; with --json the error body on stdout", async () => {
  for (const command of ['remove', 'crash', 'pause', 'resume', 'restart']) {
    const run = await peerscope(command, 'nodeX');
    assert.equal(run.code, 1, `${command}: ${run.stderr}`);
    assert.match(run.stderr, /^peerscope: node_unknown: /m, command);
  }
  const run = await peerscope('remove', 'nodeX', '--json');
  assert.equal(run.code, 1);
  assert.equal(ErrorBodySchema.parse(JSON.parse(run.stdout)).error.code, 'node_unknown');
  const partition = await peerscope('partition', 'node1', 'nodeX');
  assert.deepEqual([partition.code, /node_unknown/.test(partition.stderr)], [1, true]);
});

test('partition and heal, link, pause, resume, faults and reset: each changes the fault picture the API shows', async () => {
  const cut = await json(FaultStateSchema, 'partition', 'node1', 'node2', '--direction', 'outbound');
  assert.deepEqual(cut.partition, { group: ['node1', 'node2'], direction: 'outbound' });
  assert.deepEqual(FaultStateSchema.parse((await admin('/faults')).body).partition, cut.partition);
  assert.equal((await json(FaultStateSchema, 'heal')).partition, null);
  assert.equal(FaultStateSchema.parse((await admin('/faults')).body).partition, null);

  await json(FaultStateSchema, 'link', 'node3', 'node1', '--latency', '50', '--jitter', '10', '--loss', '5');
  assert.deepEqual(FaultStateSchema.parse((await admin('/faults')).body).links, [{ from: 'node3', to: 'node1', latencyMs: 50, jitterMs: 10, lossPct: 5 }]);
  await json(FaultStateSchema, 'link', 'node2', '--latency', '20');
  assert.ok(FaultStateSchema.parse((await admin('/faults')).body).links.some((rule) => rule.from === 'node2' && rule.to === undefined));

  assert.deepEqual(await json(PauseNodeResponseSchema, 'pause', 'node3'), { id: 'node3', paused: true });
  assert.deepEqual(FaultStateSchema.parse((await admin('/faults')).body).paused, ['node3']);
  assert.deepEqual(await json(PauseNodeResponseSchema, 'resume', 'node3'), { id: 'node3', paused: false });
  assert.deepEqual(FaultStateSchema.parse((await admin('/faults')).body).paused, []);

  const shown = await peerscope('faults');
  assert.match(shown.stdout, /link fault on node3 → node1: 50±10 ms, 5% loss/);
  const cleared = await json(FaultStateSchema, 'reset');
  assert.deepEqual(cleared, { partition: null, links: [], paused: [] });
  assert.deepEqual(FaultStateSchema.parse((await admin('/faults')).body), cleared);
  assert.match((await peerscope('faults')).stdout, /^no faults/);
});

test('overlay: partial with k, ring, back to full; alone it shows the overlay in force', async () => {
  const partial = await json(OverlayStateSchema, 'overlay', 'partial', '--k', '1');
  assert.deepEqual([partial.kind, partial.k], ['partial', 1]);
  assert.equal(OverlayStateSchema.parse((await admin('/overlay')).body).kind, 'partial');
  assert.equal((await json(OverlayStateSchema, 'overlay', 'ring')).kind, 'ring');
  assert.match((await peerscope('overlay')).stdout, /^overlay: ring/);
  assert.equal((await json(OverlayStateSchema, 'overlay', 'full')).kind, 'full');
  assert.equal(OverlayStateSchema.parse((await admin('/overlay')).body).kind, 'full');
});

test('broadcast and gossip reach the other nodes', async () => {
  // The overlay test just put the full mesh back; a node takes its neighbours up with its next
  // heartbeat (its peer list may already be whole while its neighbours are still the ring's).
  await waitFor(
    'node1 broadcasting to the full mesh again',
    async () =>
      BroadcastResultSchema.parse((await call(`${lab.bootstrapUrl}/api/broadcast`, { body: { from: 'node1', text: 'ready?' }, token: lab.adminToken })).body)
        .results.length === 3,
    15_000,
    250,
  );
  const broadcast = await json(BroadcastResultSchema, 'broadcast', 'node1', 'hi', 'all');
  assert.equal(broadcast.results.length, 3, 'node2, node3 and node4 in a full mesh');
  assert.ok(broadcast.results.every((r) => r.status === 'delivered'));
  const gossip = await json(GossipStartedSchema, 'gossip', 'node2', 'a', 'rumour', '--ttl', '2', '--fanout', '2');
  assert.deepEqual([gossip.from, gossip.ttl, gossip.fanout], ['node2', 2, 2]);
  const node3 = AdminNodesResponseSchema.parse((await admin('/nodes')).body).nodes.find((n) => n.id === 'node3')!;
  await waitFor(
    'the gossip at node3',
    async () => (await call(`${node3.url}/messages`)).body.messages.some((m: { msg: string }) => m.msg === 'a rumour'),
    15_000,
  );
});

test('traffic: a count, then a rate stopped with `traffic stop`; alone it shows the status', async () => {
  const started = await json(TrafficStatusSchema, 'traffic', '--count', '5');
  assert.deepEqual(started.request, { count: 5 });
  await waitFor('5 messages sent', async () => TrafficStatusSchema.parse((await admin('/traffic')).body).sent === 5, 30_000);
  const byRate = await json(TrafficStatusSchema, 'traffic', '--rate', '1', '--duration', '600');
  assert.deepEqual([byRate.running, byRate.request], [true, { rate: 1, durationS: 600 }]);
  assert.match((await peerscope('traffic')).stdout, /^traffic running: 1 msg\/s for 600 s/);
  assert.match((await peerscope('traffic', 'stop')).stdout, /^traffic stopped: 1 msg\/s for 600 s/);
  assert.equal(TrafficStatusSchema.parse((await admin('/traffic')).body).running, false);
  assert.match((await peerscope('traffic')).stdout, /^traffic finished: 1 msg\/s for 600 s/, 'alone, the status does not know why it ended');
});

test('crash, restart and remove a node', async () => {
  const crashed = await json(StopNodeResponseSchema, 'crash', 'node4');
  assert.deepEqual(crashed, { id: 'node4', mode: 'crash', stopped: true });
  const statusOf = async (id: string) => AdminNodesResponseSchema.parse((await admin('/nodes')).body).nodes.find((n) => n.id === id)?.status;
  await waitFor('node4 no longer alive', async () => (await statusOf('node4')) !== 'alive', 15_000);
  const restarted = await json(RestartNodeResponseSchema, 'restart', 'node4');
  assert.deepEqual([restarted.id, restarted.status], ['node4', 'alive']);
  assert.equal(await statusOf('node4'), 'alive');
  assert.deepEqual(await json(StopNodeResponseSchema, 'remove', 'node4'), { id: 'node4', mode: 'graceful', stopped: true });
  assert.equal(await statusOf('node4'), undefined);
});

test('bootstrap status, then bootstrap crash: the launcher brings it back', async () => {
  const before = await json(BootstrapStatusSchema, 'bootstrap', 'status');
  assert.equal(before.supervised, true);
  assert.deepEqual(await json(BootstrapCrashAnswerSchema, 'bootstrap', 'crash'), { status: 'crashing' });
  const back = await waitFor(
    'a new bootstrap',
    async () => {
      const answer = await admin('/bootstrap');
      return answer.status === 200 && answer.body.startedAt !== before.startedAt && answer.body;
    },
    60_000,
    200,
  );
  assert.equal(BootstrapStatusSchema.parse(back).status, 'up');
  assert.equal((await peerscope('nodes')).code, 0);
});

test('trace export: the recorded NDJSON (header first) into a file, and a ShiViz log; replay serves that trace with nothing else running', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'peerscope-cli-trace-')), 'session.ndjson');
  const exported = await peerscope('trace', 'export', '--output', file);
  assert.equal(exported.code, 0, exported.stderr);
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  assert.equal(JSON.parse(lines[0]!).type, 'header');
  assert.ok(
    lines.some((line) => JSON.parse(line).type === 'event'),
    'the session so far, event by event',
  );
  const shiviz = await peerscope('trace', 'export', '--format', 'shiviz');
  assert.equal(shiviz.code, 0, shiviz.stderr);
  assert.equal(shiviz.stdout.split('\n')[0], SHIVIZ_PARSER_REGEX, "ShiViz's parser regex first");
  // A mistyped id gave an empty log and exit 0.
  const ghost = await peerscope('trace', 'export', '--format', 'shiviz', '--nodes', 'node1,ghost');
  assert.deepEqual([ghost.code, ghost.stdout], [1, ''], ghost.stderr);
  assert.match(ghost.stderr, /node_unknown.*no event of ghost in this trace/);

  const port = await freePort();
  const server = startCli(['replay', file, '--port', String(port)], {});
  try {
    const url = `http://127.0.0.1:${port}`;
    await waitFor('the replay server', async () => (await fetch(`${url}/api/trace/index`).catch(() => undefined))?.status === 200, 90_000, 250);
    assert.equal(await (await fetch(`${url}/api/trace`)).text(), readFileSync(file, 'utf8'), 'it serves the trace it was given');
  } finally {
    server.process.kill('SIGTERM');
    const [code] = (await once(server.process, 'exit')) as [number | null];
    assert.equal(code, 0, server.stderr());
  }
  const missing = await peerscope('replay', join(tmpdir(), 'no-such-trace.ndjson'));
  assert.deepEqual([missing.code, /no trace at/.test(missing.stderr)], [2, true]);
});

test('usage errors exit 2; --help for every command exits 0', async () => {
  for (const args of [
    ['add', 'abc'],
    ['bogus'],
    [],
    ['overlay', 'star'],
    ['traffic', '--count', '3', '--rate', '2'],
    ['traffic', 'stop', '--count', '1'],
    ['send', 'node1'],
  ]) {
    const run = await peerscope(...args);
    assert.equal(run.code, 2, `peerscope ${args.join(' ')}: ${run.stderr}`);
  }
  const help = await peerscope('--help');
  assert.equal(help.code, 0);
  const commands = [...help.stdout.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]!).filter((name) => name !== 'help');
  assert.ok(commands.length >= 19, commands.join(' '));
  for (const command of [...commands, 'bootstrap status', 'bootstrap crash']) {
    const run = await peerscope(...command.split(' '), '--help');
    assert.equal(run.code, 0, command);
    assert.match(run.stdout, new RegExp(`^Usage: peerscope ${command} `, 'm'));
  }
});

test('no bootstrap: exit 3; no dashboard for watch: exit 3; no token anywhere: exit 2', async () => {
  const nothing = `http://127.0.0.1:${await freePort()}`;
  const bootstrap = await peerscope('nodes', '--bootstrap', nothing);
  assert.equal(bootstrap.code, 3);
  assert.match(bootstrap.stderr, /cannot reach the bootstrap at .* \(ECONNREFUSED\)/);
  const watch = await peerscope('watch', '--dashboard', nothing);
  assert.equal(watch.code, 3);
  assert.match(watch.stderr, /cannot reach the dashboard/);
  const noToken = await runCli(['nodes'], { ...lab.cliEnv, PEERSCOPE_DATA_DIR: mkdtempSync(join(tmpdir(), 'peerscope-cli-empty-')) });
  assert.equal(noToken.code, 2);
  assert.match(noToken.stderr, /PEERSCOPE_ADMIN_TOKEN is not set/);
});
