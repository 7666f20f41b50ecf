import { request, type Agent } from 'undici';

/** What a direct look at a suspect node found. */
export type ProbeOutcome = 'answered' | 'refused' | 'unanswered';

/** Looks at node `id` at `url` once, within `timeoutMs`. */
export type Probe = (id: string, url: string, timeoutMs: number) => Promise<ProbeOutcome>;

/** A socket the node's side closed or reset: maybe a kept-alive one it had just let go, so look again. */
const CLOSED = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/**
 * `GET /` on the node, through the bootstrap's guarded client. An answer naming this id (or none
 * yet) is life. A refused connection is certain death: nothing listens at the address any more
 * (a killed process, a crashed pooled node's closed server); the kernel refuses at once, so this
 * is fast. A paused node accepts the connection and never answers: that is `unanswered`.
 */
export function nodeProbe(agent: Agent): Probe {
  return async (id, url, timeoutMs) => {
    // AbortSignal.timeout takes whole milliseconds only (it throws on 152.17).
    const signal = AbortSignal.timeout(Math.max(1, Math.ceil(timeoutMs)));
    for (let attempt = 0; attempt < 2; attempt++) {
      const outcome = await lookOnce(agent, id, url, signal);
      if (outcome !== 'closed') return outcome;
    }
    return 'unanswered';
  };
}

async function lookOnce(agent: Agent, id: string, url: string, signal: AbortSignal): Promise<ProbeOutcome | 'closed'> {
  try {
    const response = await request(`${url}/`, { dispatcher: agent, signal, headers: { accept: 'application/json' } });
    const body = (await response.body.json().catch(() => undefined)) as { id?: unknown } | undefined;
    if (response.statusCode < 200 || response.statusCode >= 300) return 'unanswered';
    // Another node at this address (the port was reused): the one we look for is gone.
    return typeof body?.id === 'string' && body.id !== id ? 'refused' : 'answered';
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ECONNREFUSED') return 'refused';
    if (code !== undefined && CLOSED.has(code) && !signal.aborted) return 'closed';
    return 'unanswered';
  }
}
