'use client';

import { useEffect, useRef, useState } from 'react';
import type { NetworkClient } from '../lib/browser/network-client';
import { openTracePlayer } from '../lib/browser/open-trace';
import type { TracePlayer } from '../lib/browser/trace-player';
import { usePlayerState } from '../lib/browser/use-trace-player';
import { TraceDownload } from './TraceDownload';

type Mode = 'live' | 'file' | 'travel';
const SPEEDS = [0.5, 1, 2, 5, 10, 50, 200];

// 24-hour, as the activity log and the space-time diagram write times (not the browser's "4:48:46 PM").
const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const clockOf = (at: number | undefined) => (at === undefined ? '' : timeFormat.format(at));

/**
 * Record, replay, time travel: open a trace file and play it, or travel back in the live session's
 * trace; either way the picture is fed through the client like the hub's (TracePlayer), and
 * "Back to live" returns. `replay`: the server serves one trace and no hub (`npm run replay`).
 */
export function TraceControls({ client, replay }: { client: NetworkClient; replay: boolean }) {
  const [player, setPlayer] = useState<TracePlayer>();
  const [mode, setMode] = useState<Mode>(replay ? 'file' : 'live');
  const state = usePlayerState(player);
  const input = useRef<HTMLInputElement>(null);

  const start = async (trace: File | 'hub', nextMode: Mode, at: 'start' | 'end') => {
    const next = await openTracePlayer(client, trace);
    player?.pause();
    setPlayer(next);
    setMode(nextMode);
    void next.open({ at });
  };

  // In replay mode the page plays the served trace (through the same routes as time travel), opened at once.
  useEffect(() => {
    if (!replay) return;
    let served: TracePlayer | undefined;
    let closed = false;
    void openTracePlayer(client, 'hub').then((next) => {
      if (closed) return;
      served = next;
      setPlayer(next);
      void next.open({ at: 'start' });
    });
    return () => {
      closed = true;
      served?.pause();
    };
  }, [client, replay]);

  const backToLive = () => {
    player?.pause();
    setPlayer(undefined);
    setMode('live');
    client.backToLive();
  };

  const range = state.range;
  const label = mode === 'travel' ? 'Time travel' : 'Replay';
  return (
    <section aria-label="Trace" className="flex flex-wrap items-center gap-2 rounded bg-slate-900 px-3 py-1.5 text-xs text-slate-300">
      <label className="cursor-pointer rounded bg-slate-700 px-2 py-1 hover:bg-slate-600">
        Open trace
        <input
          ref={input}
          type="file"
          aria-label="Open trace"
          accept=".ndjson,.jsonl,application/x-ndjson"
          className="sr-only"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void start(file, 'file', 'start');
            e.target.value = '';
          }}
        />
      </label>
      {!replay && mode === 'live' && (
        <>
          <button type="button" className="rounded bg-slate-700 px-2 py-1 hover:bg-slate-600" onClick={() => void start('hub', 'travel', 'end')}>
            Time travel
          </button>
          <TraceDownload />
        </>
      )}
      {mode !== 'live' && (
        <>
          <span role="status" aria-label="Trace position" className="rounded bg-violet-900 px-2 py-0.5 text-violet-100" data-position={state.position}>
            {label}: event {state.position.toLocaleString()}
            {range ? ` of ${range.lastSeq.toLocaleString()}` : ''} {clockOf(state.positionAt)}
            {state.indexed < 1 && mode === 'file' ? ` · indexing ${Math.round(state.indexed * 100)}%` : ''}
            {state.busy ? ' · seeking…' : ''}
          </span>
          <button
            type="button"
            className="rounded bg-slate-700 px-2 py-1 hover:bg-slate-600 disabled:opacity-50"
            disabled={!range}
            onClick={() => (state.playing ? player?.pause() : void player?.play())}
          >
            {state.playing ? 'Pause' : 'Play'}
          </button>
          <label className="flex items-center gap-1">
            Speed
            <select
              aria-label="Speed"
              value={state.speed}
              onChange={(e) => player?.setSpeed(Number(e.target.value))}
              className="rounded bg-slate-800 px-1 py-0.5"
            >
              {SPEEDS.map((s) => (
                <option key={s} value={s}>
                  {s}×
                </option>
              ))}
            </select>
          </label>
          <input
            type="range"
            aria-label="Trace slider"
            className="min-w-40 flex-1"
            min={range?.firstSeq ?? 0}
            max={range?.lastSeq ?? 0}
            value={state.position}
            disabled={!range || (mode === 'file' && state.indexed < 1)}
            onChange={(e) => void player?.seek(Number(e.target.value))}
          />
          {mode === 'travel' && (
            <button type="button" className="rounded bg-slate-700 px-2 py-1 hover:bg-slate-600" onClick={() => void player?.refresh()}>
              Refresh
            </button>
          )}
          {!replay && (
            <button type="button" className="rounded bg-emerald-800 px-2 py-1 text-emerald-100 hover:bg-emerald-700" onClick={backToLive}>
              Back to live
            </button>
          )}
          {state.error && (
            <span role="alert" className="text-red-300">
              Trace error: {state.error}
            </span>
          )}
        </>
      )}
    </section>
  );
}

/** What stands in for the controls while the picture is a trace's: nothing here would act on it. */
export function TraceModeNotice({ replay }: { replay: boolean }) {
  return (
    <p role="note" className="rounded border border-violet-800 bg-violet-950 p-3 text-sm text-violet-100">
      {replay ? (
        <>This dashboard replays a recorded trace (npm run replay): there is no live network to act on.</>
      ) : (
        <>
          You are looking at a recorded trace, not the live network: the actions are off. <b>Back to live</b> brings them back.
        </>
      )}
    </p>
  );
}
