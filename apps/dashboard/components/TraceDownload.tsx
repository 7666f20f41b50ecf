'use client';

/** Downloads the session's trace (NDJSON), or as a ShiViz log: plain links to `GET /api/trace`, streamed by the server. */
export function TraceDownload() {
  return (
    <span className="flex items-center gap-2 text-xs">
      <a href="/api/trace" download className="rounded bg-slate-700 px-2 py-1 hover:bg-slate-600">
        Download trace
      </a>
      <a href="/api/trace?format=shiviz" download className="text-slate-400 underline hover:text-slate-200">
        ShiViz
      </a>
    </span>
  );
}
