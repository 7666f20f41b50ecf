export interface JsonResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** One JSON request; `raw` sends the body as given (for malformed input), otherwise it is JSON-encoded. */
export async function call<T = any>(
  url: string,
  options: { method?: string; body?: unknown; raw?: string; token?: string; headers?: Record<string, string> } = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.raw;
  if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && !('content-type' in headers)) headers['content-type'] = 'application/json';
  const response = await fetch(url, { method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, redirect: 'manual' });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

/**
 * An attacker's endless upload: POSTs `totalBytes` of JSON-typed body in 1 MB chunks (chunked
 * encoding) and reports the answer's status and how much the server took before it answered and
 * closed (a server that reads every byte takes all of it); status 0 when the connection closed
 * before the answer could be read.
 */
export async function pushHugeBody(url: string, totalBytes: number, headers: Record<string, string> = {}): Promise<{ status: number; written: number }> {
  const { request } = await import('node:http');
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  return new Promise((resolve, reject) => {
    let written = 0;
    let status = 0;
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...headers } });
    const done = () => resolve({ status, written });
    req.on('response', (res) => {
      status = res.statusCode ?? 0;
      res.resume();
      res.on('end', () => setTimeout(done, 200));
    });
    // The server may close before the client has read its answer (EPIPE, ECONNRESET): status 0.
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? done() : reject(err)));
    req.on('close', () => status && done());
    const pump = () => {
      while (written < totalBytes) {
        written += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}
