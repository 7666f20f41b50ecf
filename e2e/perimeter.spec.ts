import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { expect, test } from '@playwright/test';
import { INGEST_NAMESPACE, UI_NAMESPACE } from '@peerscope/protocol';
import { io, type Socket } from 'socket.io-client';
import { pushHugeBody } from '../test/support/http.js';
import { CLUSTER_TOKEN, DASHBOARD_PORT, DASHBOARD_URL } from './support/system.js';
import { startViewerDashboard } from './support/viewer-dashboard.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request, so that Host can be anything (fetch does not let a caller set it). */
function send(url: string, method: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const code = (answer: Answer) => (JSON.parse(answer.body) as { error: { code: string } }).error.code;

/** Connects to a namespace; resolves with the snapshot's seq, or with the refusal's message. */
function connect(url: string, namespace: string, options: Parameters<typeof io>[1] = {}): Promise<{ ok: boolean; detail: string }> {
  return new Promise((resolve) => {
    // forceNew: socket.io-client would otherwise reuse an earlier connection to the same server, headers and all.
    const socket: Socket = io(`${url}${namespace}`, { forceNew: true, reconnection: false, timeout: 5_000, ...options });
    const finish = (result: { ok: boolean; detail: string }) => {
      socket.close();
      resolve(result);
    };
    socket.on('connect_error', (err) => finish({ ok: false, detail: err.message }));
    socket.on('connect', () => {
      if (namespace === INGEST_NAMESPACE) return finish({ ok: true, detail: 'connected' });
      socket.on('network:snapshot', (snapshot: { seq: number }) => finish({ ok: true, detail: `snapshot at ${snapshot.seq}` }));
      socket.emit('network:subscribe', {}, () => undefined);
    });
  });
}

const REBIND = `rebind.example:${DASHBOARD_PORT}`;

test.describe('a page on another site or a rebinding domain cannot use the dashboard', () => {
  test('a DNS-rebinding Host gets 421 on pages and actions, even with a matching Origin', async () => {
    const page = await send(`${DASHBOARD_URL}/`, 'GET', { host: REBIND });
    expect([page.status, code(page)]).toEqual([421, 'host_not_allowed']);
    const action = await send(`${DASHBOARD_URL}/api/faults`, 'DELETE', { host: REBIND, origin: `http://${REBIND}` });
    expect([action.status, code(action)]).toEqual([421, 'host_not_allowed']);
    const read = await send(`${DASHBOARD_URL}/api/faults`, 'GET', { host: REBIND });
    expect(read.status).toBe(421);
  });

  test('the live feed refuses a rebinding Host (WebSocket with Origin, and polling without) and another site', async () => {
    const ws = await connect(DASHBOARD_URL, UI_NAMESPACE, { transports: ['websocket'], extraHeaders: { host: REBIND, origin: `http://${REBIND}` } });
    expect(ws.ok).toBe(false);
    // A same-origin XHR from the rebound page sends no Origin: the Host alone must refuse it.
    // (Engine.IO's long-polling by hand: Node's XHR will not set Host.)
    const poll = `${DASHBOARD_URL}/socket.io/?EIO=4&transport=polling`;
    const open = await send(poll, 'GET', { host: REBIND });
    const sid = (JSON.parse(open.body.slice(1)) as { sid: string }).sid;
    await send(`${poll}&sid=${sid}`, 'POST', { host: REBIND, 'content-type': 'text/plain;charset=UTF-8' }, `40${UI_NAMESPACE},`);
    const answer = await send(`${poll}&sid=${sid}`, 'GET', { host: REBIND });
    expect(answer.body).toMatch(new RegExp(`^44${UI_NAMESPACE},.*host_not_allowed`));
    const foreign = await connect(DASHBOARD_URL, UI_NAMESPACE, { transports: ['websocket'], extraHeaders: { origin: 'http://evil.example' } });
    expect(foreign.ok).toBe(false);
    // The dashboard's own page still gets its snapshot.
    const own = await connect(DASHBOARD_URL, UI_NAMESPACE, { transports: ['websocket'], extraHeaders: { origin: DASHBOARD_URL } });
    expect(own).toEqual({ ok: true, detail: expect.stringMatching(/^snapshot/) });
  });

  test('an Origin must match in scheme too: https for the plain-http dashboard is another site', async () => {
    const answer = await send(`${DASHBOARD_URL}/api/faults`, 'DELETE', { origin: `https://127.0.0.1:${DASHBOARD_PORT}` });
    expect([answer.status, code(answer)]).toEqual([403, 'cross_origin']);
  });

  test('reporters still reach /ingest with the cluster token, by whatever name they use', async () => {
    const reporter = await connect(DASHBOARD_URL, INGEST_NAMESPACE, {
      transports: ['websocket'],
      extraHeaders: { host: `dashboard:${DASHBOARD_PORT}` },
      auth: { token: CLUSTER_TOKEN, source: 'e2e-reporter' },
    });
    expect(reporter).toEqual({ ok: true, detail: 'connected' });
    const intruder = await connect(DASHBOARD_URL, INGEST_NAMESPACE, { transports: ['websocket'], auth: { token: 'x'.repeat(32), source: 'x' } });
    expect(intruder.ok).toBe(false);
  });
});

test('a 50 MB upload to an action is refused near 64 KB, not read whole', async () => {
  const { status, written } = await pushHugeBody(`${DASHBOARD_URL}/api/messages`, 50 * 1024 * 1024);
  expect([413, 0]).toContain(status);
  expect(written).toBeLessThan(20 * 1024 * 1024);
});

test("the page's scripts run by nonce only, and its live feed is to itself", async ({ page }) => {
  const first = await send(`${DASHBOARD_URL}/`, 'GET', {});
  const second = await send(`${DASHBOARD_URL}/`, 'GET', {});
  const policy = String(first.headers['content-security-policy']);
  const directive = (name: string) =>
    policy
      .split(';')
      .map((d) => d.trim())
      .find((d) => d.startsWith(`${name} `));
  expect(directive('script-src')).toMatch(/^script-src 'self' 'nonce-[\w+/=]+' 'strict-dynamic'$/);
  expect(directive('connect-src')).toBe("connect-src 'self'");
  expect(second.headers['content-security-policy']).not.toBe(policy);

  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  await page.goto('/');
  await expect(page.getByRole('status', { name: 'Connection' })).toHaveText('Live');
  await expect(page.getByRole('button', { name: /send/i }).first()).toBeVisible();
  expect(violations).toEqual([]);
  // On loopback (the default) nobody signs in: no viewer badge.
  await expect(page.getByRole('status', { name: 'Access' })).toHaveCount(0);
});

test('TRACE on any path is refused with 405 in the error shape (Next answered 500: its proxy cannot build such a request)', async () => {
  for (const path of ['/', '/API/nodes', '/api/nodes']) {
    const answer = await send(`${DASHBOARD_URL}${path}`, 'TRACE', {});
    expect([path, answer.status, code(answer)]).toEqual([path, 405, 'method_not_allowed']);
  }
});

test.describe('viewer mode: a dashboard shown to a room', () => {
  const PASSWORD = 'correct horse battery staple';
  let child: ChildProcess;
  let url: string;
  let signInUrl: string;

  test.beforeAll(async () => {
    // A second dashboard with sign-in forced on, as it would be when listening beyond loopback.
    ({ child, url, signInUrl } = await startViewerDashboard(PASSWORD));
  });
  test.afterAll(() => {
    child?.kill('SIGTERM');
  });

  test('without a sign-in, actions answer 401 sign_in_required while reads and the live feed work', async () => {
    const action = await send(`${url}/api/faults`, 'DELETE', { origin: url });
    expect([action.status, code(action)]).toEqual([401, 'sign_in_required']);
    const sendMessage = await send(`${url}/api/messages`, 'POST', { 'content-type': 'application/json' }, '{"from":"node1","to":"node2","text":"x"}');
    expect([sendMessage.status, code(sendMessage)]).toEqual([401, 'sign_in_required']);
    expect((await send(`${url}/api/faults`, 'GET', {})).status).toBe(200);
    const feed = await connect(url, UI_NAMESPACE, { transports: ['websocket'], extraHeaders: { origin: url } });
    expect(feed).toEqual({ ok: true, detail: expect.stringMatching(/^snapshot/) });
    // A forged role header is replaced by the server's own.
    const forged = await send(`${url}/api/faults`, 'DELETE', { 'x-peerscope-role': 'signed-in' });
    expect(forged.status).toBe(401);
  });

  test('a viewer cannot act through a path that only resolves to /api (dot segments)', async () => {
    for (const path of ['/x/../api/faults', '/./api/faults', '/%2e/api/faults']) {
      const answer = await send(`${url}${path}`, 'DELETE', { origin: url });
      expect([path, answer.status]).toEqual([path, 401]);
    }
  });

  test('the sign-in link sets an HttpOnly, SameSite=Strict cookie and replaces itself with a 303 to /', async () => {
    expect(signInUrl).toMatch(/\/signin\?token=[\w-]{40,}$/);
    const wrong = await send(`${signInUrl.slice(0, -4)}abcd`, 'GET', {});
    expect(wrong.status).toBe(401);
    const right = await send(signInUrl, 'GET', {});
    expect(right.status).toBe(303);
    expect(right.headers.location).toBe('/');
    expect(right.headers['referrer-policy']).toBe('no-referrer');
    const cookie = String(right.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const session = cookie.split(';')[0]!;
    const acted = await send(`${url}/api/faults`, 'DELETE', { cookie: session, origin: url });
    expect(acted.status).toBe(200);
  });

  test('the password form signs in; a wrong password does not', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded', origin: url };
    const wrong = await send(`${url}/signin`, 'POST', form, 'password=guess');
    expect(wrong.status).toBe(401);
    const right = await send(`${url}/signin`, 'POST', form, `password=${encodeURIComponent(PASSWORD)}`);
    expect(right.status).toBe(303);
    const session = String(right.headers['set-cookie']).split(';')[0]!;
    expect((await send(`${url}/api/faults`, 'DELETE', { cookie: session })).status).toBe(200);
  });

  test('guessing the password is slowed: past a burst of attempts, 429 with Retry-After, even for the right one', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded', origin: url };
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await send(`${url}/signin`, 'POST', form, `password=guess${i}`)).status);
    expect(statuses.slice(-2)).toEqual([429, 429]);
    const right = await send(`${url}/signin`, 'POST', form, `password=${encodeURIComponent(PASSWORD)}`);
    expect(right.status).toBe(429);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
  });

  test('a viewer sees the picture without controls; the sign-in link leaves no token in the address', async ({ page }) => {
    await page.goto(url);
    await expect(page.getByRole('status', { name: 'Connection' })).toHaveText('Live');
    await expect(page.getByRole('status', { name: 'Access' })).toHaveText('Viewer');
    await expect(page.getByRole('button', { name: /send/i })).toHaveCount(0);

    await page.goto(signInUrl.replace('localhost', '127.0.0.1'));
    expect(page.url()).toBe(`${url}/`);
    await expect(page.getByRole('status', { name: 'Access' })).toHaveText('Signed in');
    await expect(page.getByRole('button', { name: /send/i }).first()).toBeVisible();
    // Signing out makes this browser a viewer again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('status', { name: 'Access' })).toHaveText('Viewer');
  });
});
