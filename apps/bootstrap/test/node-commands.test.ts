import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, test } from 'node:test';
import { ApiError } from '@peerscope/server-kit';
import { Agent } from 'undici';
import { NodeCommands } from '../src/node-commands.js';
import { Registry } from '../src/registry.js';

const timings = { suspectAfterMs: 2_000, deadAfterMs: 3_000, forgetAfterMs: 60_000, classicProbeMs: 2_000 };
const agent = new Agent();
const servers: Server[] = [];
after(async () => {
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await agent.close();
});

/** A real server on a loopback port; `answer` false: it reads the command and never answers. */
async function node(answer: boolean): Promise<string> {
  const server = createServer((req, res) => {
    req.resume();
    if (answer) req.on('end', () => res.end('not json'));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

async function sendFrom(url: string): Promise<ApiError> {
  const registry = new Registry(timings);
  registry.register({ url, id: 'node1', controlToken: 'node-commands-test-token' });
  registry.register({ url: 'http://127.0.0.1:9', id: 'node2', controlToken: 'node-commands-test-token' });
  const commands = new NodeCommands(registry, agent, 300);
  const error = await commands.send('node1', 'node2', 'hello').then(
    () => undefined,
    (err: unknown) => err,
  );
  assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
  return error;
}

test('a node that took the command and stays silent is node_unanswered (504): what it did is unknown', async () => {
  const error = await sendFrom(await node(false));
  assert.equal(error.code, 'node_unanswered');
  assert.equal(error.status, 504);
});

test('a node that refuses the connection or answers nonsense is node_unreachable (502)', async () => {
  assert.equal((await sendFrom(await refusedUrl())).code, 'node_unreachable');
  assert.equal((await sendFrom(await node(true))).code, 'node_unreachable');
});
