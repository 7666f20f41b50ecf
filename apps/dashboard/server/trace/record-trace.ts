import type { NetworkSnapshot } from '@peerscope/protocol';
import type { Logger } from '@peerscope/server-kit';
import { registerTraceStore } from '../../lib/server/trace-store.js';
import { TraceRecorder, type TraceSink } from './trace-recorder.js';
import type { TraceSettings } from './trace-settings.js';

/** Starts the session's trace and makes it the one `GET /api/trace` serves. */
export function recordTrace(session: string, picture: () => NetworkSnapshot, settings: TraceSettings, logger: Logger): TraceSink {
  const recorder = new TraceRecorder(session, picture, settings, logger);
  registerTraceStore(recorder);
  logger.info({ dir: settings.dir, texts: settings.texts, segmentMb: settings.segmentBytes / 1024 / 1024, keep: settings.keepSegments }, 'recording the trace');
  return recorder;
}
