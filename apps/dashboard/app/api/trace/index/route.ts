import { NextResponse } from 'next/server';
import { errorAnswer } from '../../../../lib/server/bootstrap-admin';
import { respond } from '../../../../lib/server/route-helpers';
import { traceIndex } from '../../../../lib/server/trace-export';
import { currentTraceStore } from '../../../../lib/server/trace-store';

export const dynamic = 'force-dynamic';

/** What the trace holds (range, and where its snapshots are), for a time-travel slider. */
export function GET() {
  const store = currentTraceStore();
  if (!store) return respond(errorAnswer('trace_unavailable', 'this dashboard records no trace (PEERSCOPE_TRACE=off)'));
  return NextResponse.json(traceIndex(store));
}
