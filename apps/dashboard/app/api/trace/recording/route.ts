import { NextResponse } from 'next/server';
import { TraceRecordingRequestSchema } from '@peerscope/protocol';
import { errorAnswer } from '../../../../lib/server/bootstrap-admin';
import { readBody, respond } from '../../../../lib/server/route-helpers';
import { testHookEnabled } from '../../../../lib/server/test-hook-setting';
import { currentTraceStore, type TraceStore } from '../../../../lib/server/trace-store';

export const dynamic = 'force-dynamic';

// Test hook only: bench:hub measures the hub with and without recording in one process.

/** The live recorder, or the answer saying why there is none to switch. */
function liveRecorder(): Required<Pick<TraceStore, 'setRecording' | 'recording'>> | { refusal: Response } {
  if (!testHookEnabled()) return { refusal: respond(errorAnswer('not_found', 'no such route (it exists with PEERSCOPE_TEST_HOOK=1)')) };
  const store = currentTraceStore();
  if (!store?.setRecording || !store.recording)
    return { refusal: respond(errorAnswer('trace_unavailable', 'this dashboard records no live trace (PEERSCOPE_TRACE=off, or replay mode)')) };
  return { setRecording: store.setRecording.bind(store), recording: store.recording.bind(store) };
}

/** Whether the trace is being recorded, and the CPU ms recording has taken so far. */
export function GET() {
  const recorder = liveRecorder();
  return 'refusal' in recorder ? recorder.refusal : NextResponse.json(recorder.recording());
}

/** Stops or restarts the live trace in the same session. */
export async function POST(request: Request) {
  const recorder = liveRecorder();
  if ('refusal' in recorder) return recorder.refusal;
  const body = await readBody(request, TraceRecordingRequestSchema);
  if ('error' in body) return respond(body.error);
  recorder.setRecording(body.data.recording);
  return NextResponse.json(recorder.recording());
}
