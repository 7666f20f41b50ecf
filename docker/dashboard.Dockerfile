# The dashboard: Next.js pages and the Socket.IO hub on one port.
# Same base-image rule as docker/node.Dockerfile.
#   docker build -t peerscope-dashboard -f docker/dashboard.Dockerfile .
ARG NODE_IMAGE=node:20-bookworm-slim

# Workspace manifests only, so dependency layers are reused until a package.json changes.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY package.json package-lock.json tsconfig.base.json ./
COPY packages/protocol/package.json packages/protocol/
COPY packages/network-view/package.json packages/network-view/
COPY packages/server-kit/package.json packages/server-kit/
COPY packages/telemetry/package.json packages/telemetry/
COPY packages/openapi/package.json packages/openapi/
COPY packages/trace/package.json packages/trace/
COPY apps/node/package.json apps/node/
COPY apps/bootstrap/package.json apps/bootstrap/
COPY apps/dashboard/package.json apps/dashboard/
COPY apps/launcher/package.json apps/launcher/
COPY apps/cli/package.json apps/cli/

FROM manifests AS build
RUN npm ci --workspace @peerscope/dashboard --include-workspace-root --ignore-scripts --no-audit --no-fund
COPY packages ./packages
COPY apps/dashboard ./apps/dashboard
ENV NEXT_TELEMETRY_DISABLED=1
RUN npx tsc -b apps/dashboard/tsconfig.server.json && npm run build --workspace @peerscope/dashboard
# The server as one file (Next stays a package: it is loaded once the hub listens). After a crash,
# open pages wait for the hub: loading the server's ~480 files cost ~0.5-0.7 s of
# CPU before it listened, the bundle ~0.25-0.45 s. The banner gives the bundled CommonJS packages a
# `require` for Node's built-in modules.
RUN npx esbuild apps/dashboard/dist/server/main.js --bundle --platform=node --format=esm --target=node20 --external:next \
    --banner:js="import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" \
    --log-level=warning --outfile=apps/dashboard/dist/server/main.bundle.mjs

FROM manifests AS deps
RUN npm ci --workspace @peerscope/dashboard --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE}
RUN command -v tini >/dev/null 2>&1 || (apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*)
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PEERSCOPE_DASHBOARD_HOST=0.0.0.0 PEERSCOPE_DASHBOARD_PORT=3000 PEERSCOPE_DATA_DIR=/data
WORKDIR /app
COPY --from=deps /src/package.json ./
COPY --from=deps /src/node_modules ./node_modules
COPY --from=build /src/packages/protocol/package.json ./packages/protocol/
COPY --from=build /src/packages/protocol/dist ./packages/protocol/dist
COPY --from=build /src/packages/openapi/package.json ./packages/openapi/
COPY --from=build /src/packages/openapi/dist ./packages/openapi/dist
COPY --from=build /src/packages/trace/package.json ./packages/trace/
COPY --from=build /src/packages/trace/dist ./packages/trace/dist
COPY --from=build /src/packages/network-view/package.json ./packages/network-view/
COPY --from=build /src/packages/network-view/dist ./packages/network-view/dist
COPY --from=build /src/packages/server-kit/package.json ./packages/server-kit/
COPY --from=build /src/packages/server-kit/dist ./packages/server-kit/dist
COPY --from=build /src/apps/dashboard/package.json /src/apps/dashboard/next.config.ts ./apps/dashboard/
COPY --from=build /src/apps/dashboard/dist ./apps/dashboard/dist
COPY --from=build /src/apps/dashboard/.next ./apps/dashboard/.next
# /state holds the hub's state log (a volume of its own: /data is the bootstrap's, read-only here).
RUN mkdir -p /data /state && chown node:node /data /state
USER node
EXPOSE 3000
# Nothing waits on the dashboard's health, so one probe (~0.3 s of CPU) every 30 s is enough for
# `docker ps`. A sign-in redirect (3xx) is healthy too. node:http, not fetch, which loads undici.
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 \
  CMD ["node", "-e", "require('node:http').get('http://127.0.0.1:' + (process.env.PEERSCOPE_DASHBOARD_PORT || 3000) + '/', (r) => process.exit(r.statusCode < 400 ? 0 : 1)).on('error', () => process.exit(1))"]
ENTRYPOINT ["tini", "--"]
CMD ["node", "apps/dashboard/dist/server/main.bundle.mjs"]
