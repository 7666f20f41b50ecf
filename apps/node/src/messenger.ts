import { randomUUID } from 'node:crypto';
import type { ControlSendRequest, SendFailureCode, SendResult } from '@peerscope/protocol';
import type { EventInput } from '@peerscope/telemetry';
import { Agent, errors, request } from 'undici';
import { displayId, type Identity } from './identity.js';
import type { PeerBook } from './peer-book.js';

export interface MessengerOptions {
  identity: Identity;
  peers: PeerBook;
  report: (event: EventInput) => void;
  timeoutMs: number;
}

/** Sends messages to peers over kept-alive connections and reports each outcome. */
export class Messenger {
  // One pool per peer origin, reused across messages; redirects are never followed.
  private readonly agent = new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000 });

  constructor(private readonly options: MessengerOptions) {}

  async send(command: ControlSendRequest): Promise<SendResult> {
    const { identity, peers, report, timeoutMs } = this.options;
    const id = command.id ?? randomUUID();
    const from = displayId(identity);
    const peer = peers.find(command.to);
    const to = peer?.id ?? command.to;
    const url = command.toUrl ?? peer?.url;
    const started = performance.now();
    const result = (status: 'delivered' | 'failed', failure?: { code: SendFailureCode; message: string }): SendResult => ({
      id,
      from,
      to,
      status,
      ...(failure && { error: failure }),
      latencyMs: Math.round((performance.now() - started) * 100) / 100,
    });

    if (url === undefined) {
      const failed = result('failed', { code: 'peer_unknown', message: `${command.to} is not a known peer` });
      report({ type: 'message:failed', id, from, to, latencyMs: failed.latencyMs, error: failed.error! });
      return failed;
    }

    report({ type: 'message:sent', id, from, to, text: command.text });
    const failure = await this.post(url, {
      sender: from,
      msg: command.text,
      id,
      ...(identity.id && { from: identity.id }),
      ...(peer && { to: peer.id }),
      sentAt: Date.now(),
    }, timeoutMs);
    const outcome = result(failure ? 'failed' : 'delivered', failure);
    if (failure) report({ type: 'message:failed', id, from, to, latencyMs: outcome.latencyMs, error: failure });
    else report({ type: 'message:delivered', id, from, to, latencyMs: outcome.latencyMs });
    return outcome;
  }

  /** POSTs one message; resolves with why it failed, or undefined when the peer acknowledged it. */
  private async post(url: string, body: object, timeoutMs: number): Promise<{ code: SendFailureCode; message: string } | undefined> {
    try {
      const response = await request(new URL('message', withSlash(url)), {
        method: 'POST',
        dispatcher: this.agent,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      });
      // Read the acknowledgement fully so the connection goes back to the pool.
      const text = await response.body.text();
      if (response.statusCode >= 200 && response.statusCode < 300) return undefined;
      return { code: 'peer_error', message: `peer answered ${response.statusCode}: ${text.slice(0, 200)}` };
    } catch (err) {
      return classify(err, timeoutMs);
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

function classify(err: unknown, timeoutMs: number): { code: SendFailureCode; message: string } {
  const isTimeout =
    err instanceof errors.HeadersTimeoutError ||
    err instanceof errors.BodyTimeoutError ||
    err instanceof errors.ConnectTimeoutError ||
    (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'));
  if (isTimeout) return { code: 'timeout', message: `no answer within ${timeoutMs} ms` };
  const code = (err as NodeJS.ErrnoException)?.code;
  return { code: 'peer_unreachable', message: code ? `${code}: ${(err as Error).message}` : String(err) };
}
