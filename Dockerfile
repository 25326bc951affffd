# The Newsroom API. `docker compose up` runs it against EventStoreDB; alone it uses the embedded SQLite store in /data.
FROM node:20-bookworm

WORKDIR /app
# Owned by the runtime user, so that `npm start` can rebuild dist/ should it ever look stale.
RUN mkdir -p /data && chown node:node /app /data
USER node

# Dependencies first, so that a source change does not reinstall them; the build needs the dev ones.
COPY --chown=node:node package.json package-lock.json ./
RUN npm ci

COPY --chown=node:node . .
RUN npm run build

ENV PORT=3000 \
    DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 3000

HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=6 \
  CMD node -e "fetch('http://127.0.0.1:' + process.env.PORT + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"

CMD ["npm", "start"]
