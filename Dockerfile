# The Synapse gateway as a container image (docs/deployment.md, "Container image").
# Stage 1 installs every dependency, compiles better-sqlite3's native module and the TypeScript,
# then drops the development dependencies; stage 2 is a slim Node.js with only what runs.
ARG NODE_IMAGE=node:20-bookworm

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# The full image has python3, make and g++, which better-sqlite3 needs when no prebuilt binary
# matches. --ignore-scripts keeps npm from running this package's own `prepare` (a build) before
# the sources are here; better-sqlite3's install script is then run on its own.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY ui ./ui
# Then only production dependencies, and of better-sqlite3 only its compiled module (its SQLite
# sources and object files are two thirds of node_modules).
RUN npx tsc -p tsconfig.build.json \
 && node ui/build.mjs \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/better-sqlite3/deps node_modules/better-sqlite3/src node_modules/better-sqlite3/build/deps \
           node_modules/better-sqlite3/build/Release/obj node_modules/better-sqlite3/build/Release/obj.target \
           node_modules/better-sqlite3/build/Release/test_extension.node

FROM ${NODE_IMAGE}-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    SYNAPSE_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/dashboard ./dist/dashboard
COPY bin ./bin
COPY LICENSE README.md ./
# The image's `node` user (uid 1000) owns the data directory and runs the gateway.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# The slim image has no curl: Node's own fetch asks /health.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 8080}/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js"]
