import { NextResponse } from 'next/server';
import { TraceRecordingRequestSchema } from '@peerscope/protocol';
import { errorAnswer } from '../../../../lib/server/bootstrap-admin';
import { readBody, respond } from '../../../../lib/server/route-helpers';
import { testHookEnabled } from '../../../../lib/server/test-hook-setting';
import { currentTraceStore } from '../../../../lib/server/trace-store';

export const dynamic = 'force-dynamic';

/** Test hook only: stops or restarts the live trace in the same session (bench:hub's recording on/off). */
export async function POST(request: Request) {
  if (!testHookEnabled()) return respond(errorAnswer('not_found', 'no such route (it exists with PEERSCOPE_TEST_HOOK=1)'));
  const store = currentTraceStore();
  if (!store?.setRecording) return respond(errorAnswer('trace_unavailable', 'this dashboard records no live trace (PEERSCOPE_TRACE=off, or replay mode)'));
  const body = await readBody(request, TraceRecordingRequestSchema);
  if ('error' in body) return respond(body.error);
  return NextResponse.json({ recording: store.setRecording(body.data.recording) });
}
