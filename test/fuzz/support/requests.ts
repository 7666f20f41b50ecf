import fc from 'fast-check';
import { anyPayload } from './bodies.js';
import { tame } from './endpoints.js';
import { anyHeaders, type HeaderContext } from './headers.js';
import { idInPath } from './ids.js';
import { printable, type FuzzRequest } from './request.js';
import { wellFormed } from './unicode.js';

/** One route of a surface: its method, its path (`:id` is filled with a generated id), and the fields of its body. */
export interface Endpoint {
  method: string;
  path: string;
  body?: fc.Arbitrary<unknown>;
}

const ODD_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'get', 'post', 'PROPFIND', 'FOO'];
const ODD_QUERIES = [
  '',
  '',
  '',
  '?mode=crash',
  '?mode=graceful&mode=crash',
  '?mode=',
  '?mode[]=crash',
  '?__proto__[mode]=crash',
  '?constructor[prototype][x]=1',
  '?a=%zz',
  '?' + 'q=1&'.repeat(500),
  '#frag',
];
const ODD_PATHS = [
  '/',
  '//',
  '/%',
  '/%zz',
  '/..',
  '/../../etc/passwd',
  '/%2e%2e/%2e%2e/',
  '/api',
  '/api/',
  '/api/../register',
  '/API/nodes',
  '/api//nodes',
  '/api/nodes/',
  '/index.html',
  '/favicon.ico',
  '/_next/static/../../package.json',
  '/_next/image?url=http://192.0.2.1/x.png&w=64&q=75',
  '/_next/data/x/y.json',
  '/socket.io/',
  '/metrics',
  '/;',
  '/%00',
  '/\u00e9'.normalize('NFC'),
  '/*',
];

export interface RequestContext extends HeaderContext {
  /** Real node ids, so some requests name a node that exists. */
  ids: () => readonly string[];
}

/** Requests aimed at the given endpoints, with generated ids, queries, headers and bodies, and sometimes the wrong method. */
export function requestsTo(endpoints: readonly Endpoint[], context: RequestContext): fc.Arbitrary<FuzzRequest> {
  return fc
    .tuple(
      fc.constantFrom(...endpoints),
      fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...ODD_METHODS) }),
      idInPath(context.ids),
      fc.constantFrom(...ODD_QUERIES),
      anyHeaders(context),
    )
    .chain(([endpoint, method, id, query, headers]) =>
      anyPayload(endpoint.body?.map(tame)).map((payload) =>
        printable({ method: method ?? endpoint.method, path: endpoint.path.replace(':id', id) + query, headers, payload }),
      ),
    );
}

/** Requests to paths no route serves, the odd spellings of real ones among them. */
export function requestsAnywhere(context: RequestContext): fc.Arbitrary<FuzzRequest> {
  const path = fc.oneof(
    fc.constantFrom(...ODD_PATHS.map(encodeOdd)),
    fc.webPath().map((p) => encodeOdd(p.startsWith('/') ? p : `/${p}`)),
    fc.nat({ max: 9_000 }).map((n) => `/${'p'.repeat(n)}`),
  );
  return fc
    .tuple(fc.constantFrom(...ODD_METHODS), path, fc.constantFrom(...ODD_QUERIES), anyHeaders(context), anyPayload())
    .map(([method, p, query, headers, payload]) => printable({ method, path: p + query, headers, payload }));
}

/** Escapes what may not stand raw in a request line (the server still sees odd, but legal, bytes). */
function encodeOdd(path: string): string {
  return path.replace(/[^\x21-\x7e]/g, (c) => encodeURIComponent(wellFormed(c)));
}
