import { TraceQuerySchema } from '@peerscope/protocol';
import { errorAnswer } from '../../../lib/server/bootstrap-admin';
import { respond } from '../../../lib/server/route-helpers';
import { bodyOf, shivizLog, shivizNodes, traceRange, wholeTrace } from '../../../lib/server/trace-export';
import { currentTraceStore } from '../../../lib/server/trace-store';

export const dynamic = 'force-dynamic';

/**
 * The session's trace, streamed: NDJSON (whole, or `from`/`to` for a reader seeking), or
 * `format=shiviz` with vector clocks over `nodes` (default all, at most 100).
 */
export async function GET(request: Request) {
  const query = TraceQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) {
    const issue = query.error.issues[0];
    return respond(errorAnswer('invalid_query', `${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}`));
  }
  const store = currentTraceStore();
  if (!store) return respond(errorAnswer('trace_unavailable', 'this dashboard records no trace (PEERSCOPE_TRACE=off)'));
  const { format, nodes, from, to } = query.data;
  const name = `peerscope-${store.header().session}`;
  if (format === 'shiviz') {
    const chosen = await shivizNodes(store, nodes);
    if ('error' in chosen) return respond(chosen.error);
    return new Response(bodyOf(shivizLog(store, chosen.nodes)), {
      headers: { 'content-type': 'text/plain; charset=utf-8', 'content-disposition': `attachment; filename="${name}.shiviz.log"` },
    });
  }
  const body = from === undefined && to === undefined ? wholeTrace(store) : traceRange(store, from ?? 0, to ?? Number.MAX_SAFE_INTEGER);
  return new Response(bodyOf(body), {
    headers: { 'content-type': 'application/x-ndjson', 'content-disposition': `attachment; filename="${name}.ndjson"` },
  });
}
