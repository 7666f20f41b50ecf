import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

const monorepoRoot = fileURLToPath(new URL('../..', import.meta.url));
const config: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  turbopack: { root: monorepoRoot },
  outputFileTracingRoot: monorepoRoot,
  async headers() {
    return [
      {
        // The pages' Content-Security-Policy carries a nonce per request: proxy.ts sets it.
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

export default config;
