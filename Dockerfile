# One image for the five dirsync services; docker-compose.yml picks the
# service with its command: node dist/apps/<service>/src/main.js
#   docker build -t dirsync-app:local .

FROM node:24.22.3-bookworm-slim AS build
WORKDIR /app
# No analytics or Nx Cloud calls during the build (offline-friendly, private).
ENV SCARF_ANALYTICS=false \
    NX_NO_CLOUD=true \
    NX_DAEMON=false \
    NX_TUI=false
# Dependencies first, so code changes reuse the cached `npm ci` layer.
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build \
 && npm prune --omit=dev

FROM node:24.22.3-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Code stays owned by root: the service user can run it, not change it.
USER node
# Listen on all interfaces inside the container; compose decides what is published.
ENV HTTP_HOST=0.0.0.0
CMD ["node", "-e", "console.error('choose a service: node dist/apps/<service>/src/main.js'); process.exit(2)"]
