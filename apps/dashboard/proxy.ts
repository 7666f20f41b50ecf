import { NextResponse, type NextRequest } from 'next/server';

/**
 * A fresh nonce per page: Next puts it on its own scripts (it reads the policy from the request),
 * and 'strict-dynamic' lets those load the rest, so no inline script without it runs. The live
 * feed is a WebSocket to this same host and port, which 'self' covers.
 */
export function proxy(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  // Dev mode's refresh and error overlay need eval; production never does.
  const dev = process.env.NODE_ENV === 'development';
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // React and Cytoscape set element styles; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  // Pages only: the API answers JSON and static files carry no script to allow.
  matcher: [
    {
      source: '/((?!api|_next/static|_next/image|icon.svg|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
