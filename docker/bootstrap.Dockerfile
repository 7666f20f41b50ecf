# The bootstrap registry with its admin API and runtimes (process or docker).
# Same base-image rule as docker/node.Dockerfile.
#   docker build -t peerscope-bootstrap -f docker/bootstrap.Dockerfile .
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
RUN npm ci --workspace @peerscope/bootstrap --include-workspace-root --ignore-scripts --no-audit --no-fund
COPY packages ./packages
COPY apps/node ./apps/node
COPY apps/bootstrap ./apps/bootstrap
RUN npx tsc -b apps/bootstrap

FROM manifests AS deps
RUN npm ci --workspace @peerscope/bootstrap --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE}
RUN command -v tini >/dev/null 2>&1 || (apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*)
ENV NODE_ENV=production PEERSCOPE_BOOTSTRAP_HOST=0.0.0.0 PEERSCOPE_BOOTSTRAP_PORT=5000 PEERSCOPE_DATA_DIR=/data
WORKDIR /app
COPY --from=deps /src/package.json ./
COPY --from=deps /src/node_modules ./node_modules
COPY --from=build /src/packages/protocol/package.json ./packages/protocol/
COPY --from=build /src/packages/protocol/dist ./packages/protocol/dist
COPY --from=build /src/packages/openapi/package.json ./packages/openapi/
COPY --from=build /src/packages/openapi/dist ./packages/openapi/dist
COPY --from=build /src/packages/server-kit/package.json ./packages/server-kit/
COPY --from=build /src/packages/server-kit/dist ./packages/server-kit/dist
COPY --from=build /src/packages/telemetry/package.json ./packages/telemetry/
COPY --from=build /src/packages/telemetry/dist ./packages/telemetry/dist
COPY --from=build /src/apps/node/package.json ./apps/node/
COPY --from=build /src/apps/node/dist ./apps/node/dist
COPY --from=build /src/apps/bootstrap/package.json ./apps/bootstrap/
COPY --from=build /src/apps/bootstrap/dist ./apps/bootstrap/dist
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 5000
# Compose starts the dashboard once this is healthy, and Docker runs the first probe one interval
# after the start: 5 s keeps `docker compose up` quick, at ~0.3 s of CPU per probe (~6% of a core).
# node:http, not fetch, which loads undici first.
HEALTHCHECK --interval=5s --timeout=10s --start-period=10s --retries=3 \
  CMD ["node", "-e", "require('node:http').get('http://127.0.0.1:' + (process.env.PEERSCOPE_BOOTSTRAP_PORT || 5000) + '/', (r) => process.exit(r.statusCode < 400 ? 0 : 1)).on('error', () => process.exit(1))"]
ENTRYPOINT ["tini", "--"]
CMD ["node", "apps/bootstrap/dist/main.js"]
