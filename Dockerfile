# masivo-migrate-mock: a test double of Masivo's customer migration endpoint.
#   docker build -t masivo-migrate-mock .
#   docker run --rm -p 8080:8080 -e AUTH_TOKENS=my-token masivo-migrate-mock

# Build stage: install everything, check nothing (CI does), bundle the command line into one file.
FROM node:24-bookworm-slim AS build
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY scripts ./scripts
COPY schemas ./schemas
COPY src ./src
RUN node scripts/bundle.mjs

# Runtime stage: the base image, the bundle (the package's CLI with every production dependency, so no
# node_modules), validate's worker (worker.mjs), the dashboard's files (ui/, found beside cli.mjs) and the health check: a few MB on top of the base (npm run test:docker measures it).
FROM node:24-bookworm-slim
ARG VERSION=0.5.1
ARG SOURCE=unknown
LABEL org.opencontainers.image.title="masivo-migrate-mock" \
      org.opencontainers.image.description="A test double of Masivo's POST /api/storefront/v1/customers/migrate, with inspection under /__admin" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.version="${VERSION}"
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080
WORKDIR /app
COPY --from=build /build/dist/cli.mjs /build/dist/worker.mjs ./
COPY ui ./ui
COPY scripts/healthcheck.sh ./healthcheck.sh
USER node
EXPOSE 8080
# Probed four times a second, so "healthy" comes within half a second of the start.
HEALTHCHECK --interval=250ms --timeout=2s --start-period=20s --retries=3 CMD ["./healthcheck.sh"]
# exec form: SIGTERM reaches Node itself, which finishes requests in flight and exits 0. The entry is the
# package's CLI (`masivo-migrate-mock`), so flags may follow the image name: docker run ... --rate-limit masivo.
# The Node flags are `npm start`'s (test/dockerfile.test.ts keeps them equal; bench/README.md says why).
ENTRYPOINT ["node", "--max-semi-space-size=32", "cli.mjs"]
