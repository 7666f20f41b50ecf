import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, test } from 'node:test';
import { createGuardedAgent, UrlPolicy } from '@peerscope/server-kit';
import { nodeProbe } from '../src/node-probe.js';

const agent = createGuardedAgent(new UrlPolicy(['127.0.0.0/8']));
const probe = nodeProbe(agent);
const servers: Server[] = [];
after(async () => {
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  await agent.close();
});

/** A node-like server on a free port; `answer` undefined: it accepts and never answers (paused). */
async function serve(answer?: { id: string | null }): Promise<string> {
  const server = createServer((_req, res) => answer && res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer)));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

test('a node that answers as itself is alive; a closed port is refused at once; a silent one is unanswered', async () => {
  assert.equal(await probe('node1', await serve({ id: 'node1' }), 500.5), 'answered', 'a fractional timeout (a stretched one) is fine');
  assert.equal(await probe('node1', await serve({ id: null }), 500), 'answered', 'a node still registering');
  assert.equal(await probe('node1', await serve({ id: 'node2' }), 500), 'refused', 'another node took the address');
  const closed = await serve({ id: 'node1' });
  const server = servers.pop()!;
  await new Promise((resolve) => server.close(resolve));
  const started = Date.now();
  assert.equal(await probe('node1', closed, 1_000), 'refused');
  assert.ok(Date.now() - started < 500, 'a refusal needs no timeout');
  assert.equal(await probe('node1', await serve(), 300), 'unanswered');
});
