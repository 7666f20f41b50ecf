import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Browser, cleanup, connectIngest, startHub } from './helpers.js';

const MAX_UNJOINED = 5;

/** An Engine.IO polling handshake that never joins a namespace; resolves with its session id. */
async function handshake(url: string): Promise<string> {
  const open = await (await fetch(`${url}/socket.io/?EIO=4&transport=polling`)).text();
  const sid = /"sid":"([^"]+)"/.exec(open)?.[1];
  assert.ok(sid, `no Engine.IO handshake: ${open}`);
  return sid;
}

/** Whether the server still has the session: a ping posted on it is taken (200) or refused as unknown (400). */
async function alive(url: string, sid: string): Promise<boolean> {
  const answer = await fetch(`${url}/socket.io/?EIO=4&transport=polling&sid=${sid}`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8' },
    body: '3',
  });
  await answer.text();
  return answer.status === 200;
}

describe('hub: handshakes that never join a namespace', () => {
  const open = cleanup();

  test('past the bound the oldest is closed; joined browsers and reporters are never counted, and new ones still get in', async () => {
    const server = open(await startHub({ maxUnjoined: MAX_UNJOINED }), (s) => s.close());
    const browser = open(await Browser.open(server.url), (b) => b.close());
    const reporter = open(await connectIngest(server.url), (s) => s.close());

    const sids: string[] = [];
    for (let i = 0; i < 4 * MAX_UNJOINED; i += 1) sids.push(await handshake(server.url));

    // Without the bound, every one of them is held (until Socket.IO's 45 s connect timeout).
    assert.equal(server.io.engine.clientsCount, MAX_UNJOINED + 2, 'the newest unjoined, the browser and the reporter');
    const kept = await Promise.all(sids.map((sid) => alive(server.url, sid)));
    assert.deepEqual(kept, [...Array<boolean>(3 * MAX_UNJOINED).fill(false), ...Array<boolean>(MAX_UNJOINED).fill(true)]);

    assert.equal(browser.socket.connected && reporter.connected, true, 'joined connections are kept');
    assert.equal((await browser.subscribe()).ok, true);
    const late = open(await Browser.open(server.url), (b) => b.close());
    assert.equal((await late.subscribe()).ok, true, 'a browser arriving after the flood joins');
  });
});
