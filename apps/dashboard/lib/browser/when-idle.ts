/**
 * Runs `work` once the page has nothing more urgent to do (at most `timeoutMs` later): for what a
 * person will not look at while the page loads. Returns a function that cancels it.
 */
export function whenIdle(work: () => void, timeoutMs = 2_000): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(work, { timeout: timeoutMs });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(work, 0);
  return () => clearTimeout(id);
}
