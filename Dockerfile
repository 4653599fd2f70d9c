# paperbot: docker build -t paperbot . && docker run --env-file .env -v paperbot-data:/data paperbot
# See docs/deploy.md. Three stages: the production dependencies (better-sqlite3 is compiled here when no prebuilt
# binary fits), the build (TypeScript, with the dev dependencies), and the image that runs, which has neither
# compilers nor dev dependencies.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# --ignore-scripts: the package's own `prepare` (tsc) needs the dev dependencies; better-sqlite3's native binding is
# then fetched or compiled by its own install script, run on its own.
RUN npm ci --omit=dev --ignore-scripts \
 && npm rebuild better-sqlite3 \
 && npm cache clean --force

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY . .
# The migrations folder may not exist in every version; the run stage copies it either way.
RUN npm run build && mkdir -p migrations

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    DATA_DIR=/data
WORKDIR /app
# A user of its own, owning nothing but the data volume.
RUN groupadd --system paperbot \
 && useradd --system --gid paperbot --home-dir /data --shell /usr/sbin/nologin paperbot \
 && mkdir -p /data \
 && chown paperbot:paperbot /data
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/package.json ./
COPY --from=build /app/dist ./dist
COPY --from=build /app/seeds ./seeds
COPY --from=build /app/migrations ./migrations
USER paperbot
# state.json, daily.db (posts, votes, reading lists, Slack installations) and papers.db live here.
VOLUME ["/data"]
# Slack's HTTP mode and the OAuth install pages (/slack/install, /slack/oauth_redirect); unused in Socket Mode.
EXPOSE 3000
# No HEALTHCHECK: the bot has no health endpoint (Socket Mode and the Discord gateway open no port), and a failure
# to connect or a crash ends the process, which the restart policy (compose: restart: unless-stopped) brings back.
# SIGTERM (docker stop) disconnects the platforms and flushes the state before exiting.
CMD ["node", "dist/app/main.js", "start"]
