/**
 * A latency as the log's narrow column can hold it: milliseconds as reported up to a second
 * ("12.34 ms"), seconds past it ("2.00 s"). A send that timed out after 2 s read "2000.21 m", cut off.
 */
export function formatLatency(ms: number): string {
  return ms < 1_000 ? `${ms} ms` : `${(ms / 1_000).toFixed(2)} s`;
}
