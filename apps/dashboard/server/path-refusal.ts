import { ApiError } from '@peerscope/server-kit';

/**
 * An `/api/*` path with a malformed escape (`/api/nodes/%E0%A4%A/restart`, `%ZZ`): Next cannot
 * decode it and answers a bare-text 500. Refused before Next sees it, as Express refuses it on the
 * bootstrap and the nodes: 400 `invalid_query`. Pages keep Next's own 404 page.
 */
export function pathRefusal(path: string): ApiError | undefined {
  if (!path.startsWith('/api/')) return undefined;
  try {
    decodeURIComponent(path);
    return undefined;
  } catch {
    return new ApiError('invalid_query', 'the request line is malformed');
  }
}
