import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call } from '../../../test/support/http.js';
import { flaskAvailable, runCourseScript } from '../../../test/support/flask.js';
import { freePort } from '../../../test/support/ports.js';
import { startNode, stopProcess, type Spawned } from '../../../test/support/processes.js';
import { waitFor } from '../../../test/support/wait.js';

const CONTROL_TOKEN = 'control-token-of-flask-test-0123456789';
const flask = flaskAvailable();

/** The course's real apps (test/support/course/*.py) on Flask, with a peerscope node among them. */
describe("a peerscope node among the course's Flask bootstrap and Flask nodes", { skip: flask === true ? false : flask.skip }, () => {
  let bootstrap: Spawned & { url: string };
  let ours: Spawned & { url: string };
  let flaskNode: Spawned & { url: string };

  const started = async (script: string, args: string[], port: number) => {
    const spawned = runCourseScript(script, args);
    const url = `http://127.0.0.1:${port}`;
    // Flask answers its own 404 page (HTML) where the app has no route: any answer means it listens.
    await waitFor(`${script} listening`, () => fetch(url).then((r) => r.status > 0), 20_000).catch(async (err: Error) => {
      await stopProcess(spawned);
      throw new Error(`${err.message}\n${spawned.output()}`);
    });
    return { ...spawned, url };
  };

  before(async () => {
    const port = await freePort();
    bootstrap = await started('bootstrap.py', [String(port)], port);
    ours = await startNode(bootstrap.url, { PEERSCOPE_COURSE_REFRESH_MS: '300', PEERSCOPE_CONTROL_TOKEN: CONTROL_TOKEN });
    await waitFor('our node in the Flask bootstrap', async () => (await call(`${bootstrap.url}/peers`)).body.peers.includes(ours.url));
    const nodePort = await freePort();
    flaskNode = await started('node.py', ['node9', String(nodePort), bootstrap.url], nodePort);
  });
  after(async () => {
    for (const spawned of [ours, flaskNode, bootstrap]) if (spawned) await stopProcess(spawned);
  });

  test('the Flask node finds ours in the bootstrap list, and ours finds the Flask node', async () => {
    assert.match(flaskNode.output(), new RegExp(`Registered with the bootstrap, peers: \\['${ours.url}'\\]`), flaskNode.output());
    await waitFor('ours to learn of the Flask node', async () => (await call(`${ours.url}/peers`)).body.peers.includes(flaskNode.url));
    assert.equal((await call(ours.url)).body.id, null, 'known by its url, as course nodes are');
  });

  test('peerscope -> Flask node: {"status":"received"}, and the Flask node prints it', async () => {
    const sent = await call(`${ours.url}/control/send`, { body: { to: flaskNode.url, text: 'hello Flask' }, token: CONTROL_TOKEN });
    assert.equal(sent.body.status, 'delivered', JSON.stringify(sent.body));
    await waitFor('the Flask node to print it', () => flaskNode.output().includes(`Received message from ${ours.url}: hello Flask`));
  });

  test('Flask node -> peerscope, with the course\'s own send script: {"status":"received"}', async () => {
    const send = runCourseScript('send.py', ['node9', ours.url, 'hello peerscope']);
    assert.equal(await send.exited, 0, send.output());
    assert.match(send.output(), /sending from node9 to .*\n\{"status": "received"\}/, send.output());
    const inbox = (await call(`${ours.url}/messages`)).body.messages;
    assert.deepEqual([inbox.at(-1).sender, inbox.at(-1).msg], ['node9', 'hello peerscope']);
  });
});
