# QA Studio's production image: the standalone Next.js server and nothing else.
#   docker build -t qa-studio .
#   docker run -p 3000:3000 -v qa-data:/data qa-studio          (embedded database in /data)
# With PostgreSQL and object storage, see compose.yaml and the README's "Deploying" section.

# 1. Dependencies, exactly as locked.
FROM node:20-bookworm-slim AS deps
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# 2. The build: .next/standalone holds the server and only the files it needs.
FROM node:20-bookworm-slim AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /src/node_modules ./node_modules
COPY . .
RUN npx next build

# 3. The runtime: a non-root user, the standalone server, its static assets and the start script.
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    QA_STUDIO_DATA_DIR=/data
RUN groupadd --system --gid 10001 qastudio \
 && useradd --system --uid 10001 --gid qastudio --home-dir /app --shell /usr/sbin/nologin qastudio \
 && mkdir -p /data && chown qastudio:qastudio /data
COPY --from=build --chown=qastudio:qastudio /src/.next/standalone ./
COPY --from=build --chown=qastudio:qastudio /src/.next/static ./.next/static
COPY --from=build --chown=qastudio:qastudio /src/scripts/serve.mjs ./scripts/serve.mjs
USER qastudio
VOLUME ["/data"]
EXPOSE 3000
# Liveness only (no database): a slow database must not get a healthy container restarted.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The same script `npm start` and the browser tests use to run this server.
CMD ["node", "scripts/serve.mjs"]
