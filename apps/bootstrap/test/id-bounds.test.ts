import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { StartNodesResponse } from '@peerscope/protocol';
import { call, type JsonResponse } from '../../../test/support/http.js';
import { startBootstrap, type BootstrapProcess } from '../../../test/support/processes.js';

const COURSE_ID = /^node[1-9]\d{0,6}$/;
const SIXTY_NINES = `node${'9'.repeat(60)}`;

/** A request that must be answered in time: a bootstrap spinning in a loop answers nothing. */
async function answered<R extends Pick<JsonResponse, 'status'>>(request: Promise<R>, what: string, timeoutMs = 5_000): Promise<R> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([request, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('ids from the network cannot move the id counter out of bounds', () => {
  let bootstrap: BootstrapProcess | undefined;
  // A bootstrap stuck in a loop cannot run its SIGTERM handler.
  afterEach(async () => {
    await bootstrap?.stop('SIGKILL');
    bootstrap = undefined;
  });

  const register = (url: string, id?: string) => call(`${bootstrap!.url}/register`, { body: { url, ...(id && { id }) } });

  test('an id of 60 nines, then two plain registrations: the bootstrap keeps answering with course ids', async () => {
    bootstrap = await startBootstrap();
    const huge = await answered(register('http://127.0.0.1:7001', SIXTY_NINES), 'the huge id');
    assert.equal(huge.status, 200);
    const ids: string[] = [];
    for (const port of [7002, 7003]) {
      const plain = await answered(register(`http://127.0.0.1:${port}`), `a plain registration on port ${port}`);
      assert.equal(plain.status, 200, JSON.stringify(plain.body));
      ids.push(plain.body.id);
    }
    assert.ok(
      ids.every((id) => COURSE_ID.test(id)),
      ids.join(', '),
    );
    assert.notEqual(ids[0], ids[1]);
    assert.equal((await answered(call(bootstrap.url), 'GET /')).status, 200);
  });

  for (const id of [SIXTY_NINES, 'node9007199254740993', 'node00001', 'node1000001']) {
    test(`after a registration as ${id.slice(0, 24)}, added nodes get distinct course ids and start`, async () => {
      bootstrap = await startBootstrap();
      assert.equal((await register('http://127.0.0.1:7001', id)).status, 200);
      const added = await answered(bootstrap.admin<StartNodesResponse>('POST', '/nodes', { count: 2 }), 'Add node', 20_000);
      assert.equal(added.status, 201, JSON.stringify(added.body));
      const [a, b] = added.body.nodes;
      assert.ok(a && b);
      assert.ok(COURSE_ID.test(a.id) && COURSE_ID.test(b.id), `${a.id}, ${b.id}`);
      assert.notEqual(a.id, b.id);
      assert.deepEqual([a.status, b.status], ['alive', 'alive']);
    });
  }
});
