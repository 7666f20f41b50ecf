# A peerscope node. Real users build on the official Node.js image; machines with no image
# registry pass a local one: --build-arg NODE_IMAGE=peerscope/node-base:local (see
# docker/local-base-image.sh).
#   docker build -t peerscope-node -f docker/node.Dockerfile .
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
RUN npm ci --workspace @peerscope/node --include-workspace-root --ignore-scripts --no-audit --no-fund
COPY packages ./packages
COPY apps/node ./apps/node
# One file with every dependency in it: a container starts many nodes' worth of module loading
# in a lab of 100, and resolving and loading its ~480 ESM and CommonJS files cost a node
# 1.5 s of CPU to boot where the bundle costs 1.0 s (bench/README.md, "docker-scale").
# The banner gives the bundled CommonJS packages a `require` for Node's built-in modules.
RUN npx tsc -b apps/node \
  && npx esbuild apps/node/dist/main.js --bundle --platform=node --format=esm --target=node20 \
    --banner:js="import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" \
    --log-level=warning --outfile=apps/node/bundle/main.mjs

FROM ${NODE_IMAGE}
RUN command -v tini >/dev/null 2>&1 || (apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*)
ENV NODE_ENV=production HOST=0.0.0.0 PORT=5000
WORKDIR /app
COPY --from=build /src/apps/node/bundle/main.mjs ./apps/node/main.mjs
USER node
EXPOSE 5000
# For a node run by hand (`docker ps` shows its health). Each probe starts a process in the
# container (runc, then node: ~0.3 s of CPU), so it runs every 30 s, not 5: at 5 s an idle node
# container cost ~5% of a core. The bootstrap's Docker runtime turns it off for the containers it
# starts: their heartbeats are the health signal. node:http, not fetch, which loads undici first.
HEALTHCHECK --interval=30s --timeout=10s --start-period=10s --retries=3 \
  CMD ["node", "-e", "require('node:http').get('http://127.0.0.1:' + (process.env.PORT || 5000) + '/', (r) => process.exit(r.statusCode < 400 ? 0 : 1)).on('error', () => process.exit(1))"]
ENTRYPOINT ["tini", "--"]
CMD ["node", "apps/node/main.mjs"]
