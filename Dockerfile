# The Rusty SaaS API image: compiled JavaScript and production dependencies on node:24-slim, run as a non-root
# user under tini, with nothing written outside /tmp. Built by CI (.github/workflows/ci.yml) and by infra/ through
# @pulumi/docker-build. Why it looks like this, and what the tests prove: runbooks/decisions/0002-container-image.md.
#
# The base is pinned by tag (Node 24 LTS on Debian slim). To pin the exact bytes too, append the digest printed by
#   docker buildx imagetools inspect node:24-slim --format '{{json .Manifest.Digest}}'
# to every FROM below (`FROM node:24-slim@sha256:<digest> AS …`) and let Dependabot's docker ecosystem bump it.

# ---- build: every dependency, then TypeScript → dist/ (with the SQL migrations copied beside the code) ----
FROM node:24-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# No install scripts: tsc needs none, and dev dependencies' scripts (Pulumi's plugin download) must not run here.
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/copy-migrations.mjs scripts/copy-docs-renderer.mjs scripts/write-rds-ca-bundle.mjs scripts/write-compile-cache.mjs \
     scripts/
COPY app/ app/
RUN npm run build
# The software bill of materials of exactly what ships: CycloneDX (cyclonedx-npm, pinned in package.json) from this
# full tree with dev dependencies omitted, which is the tree prod-deps installs from the same lock file. `npm sbom`
# was tried first and left out 51 production packages (reproducible with --package-lock-only --omit=dev).
RUN npx cyclonedx-npm --omit dev --spec-version 1.6 --output-reproducible --output-file sbom.cdx.json

# ---- prod-deps: production dependencies only, so no Pulumi, vitest, TypeScript or tsx reach the image ----
FROM node:24-slim AS prod-deps
WORKDIR /src
COPY package.json package-lock.json ./
# Only dev dependencies have install scripts today; native modules (argon2) come as prebuilt optional packages.
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# ---- runtime ----
FROM node:24-slim AS runtime

# tini as PID 1 rather than Node itself: the kernel gives PID 1 no default signal actions, so before serve.ts has
# installed its SIGTERM handler (config, migrations under an advisory lock that may wait up to 120 s) a stop
# would be ignored until the SIGKILL; tini forwards the signal to a normal-PID Node, which then either drains
# (handler installed) or dies at once (not yet). tini also reaps zombies, and it behaves the same under
# `docker run`, ECS (whether or not initProcessEnabled is set) and Kubernetes. It is ~1 MB from Debian.
# npm and corepack are removed: nothing runs them at runtime, and their bundled packages are scanner noise and
# attack surface.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini \
    && rm -rf /var/lib/apt/lists/* \
    && rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack \
        /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack

# Production mode demands DATABASE_URL (or DATABASE_HOST) and JWT_SECRET, given by the orchestrator. The embedded
# database is refused in production; its folder still defaults to /tmp so that nothing, in any mode, would try to
# write under the read-only /app.
# NODE_OPTIONS bounds the heap: V8 sizes it from the memory it sees and, unbounded, let garbage pile up to ~300 MB
# RSS under load for a live heap under 30 MB (bench/README.md); bounded it stays near 120 MB. `npm run bench` runs
# the API with this same ENV.
ENV NODE_ENV=production \
    EMBEDDED_DATABASE_DIR=/tmp/pglite \
    NODE_OPTIONS="--max-old-space-size=160 --max-semi-space-size=8"

# /tmp is the one writable path. On ECS it is a task volume mounted over the read-only root, and Fargate fills such a
# volume from the image (content, owner and mode) only where the image declares VOLUME at the same path; anywhere
# else the mount is an empty root-owned 0755 folder the runtime user cannot write. So /tmp is made sticky and
# world-writable, like every /tmp, and declared a volume. The mode is set before VOLUME: Docker discards changes a
# later instruction makes under a declared volume.
RUN chmod 1777 /tmp
VOLUME ["/tmp"]

# Owned by root and not writable by the runtime user: the image works with a read-only root filesystem
# (docker run --read-only --tmpfs /tmp; ECS readonlyRootFilesystem) and the process cannot alter its own code.
WORKDIR /app
# package.json declares "type": "module" for dist/: without it Node would have to guess each file's module type
# from its syntax, parsing ES modules twice.
COPY package.json ./
COPY --from=prod-deps /src/node_modules ./node_modules
# dist/ holds, besides the code, the RDS CA bundle (dist/certs/rds-global-bundle.pem) that DATABASE_SSL=verify-full
# checks the database against: written by the build from a package the lock file pins with its integrity, so no
# certificate is fetched from anywhere the lock file does not vouch for (runbooks/decisions/0093-verified-tls.md).
COPY --from=build /src/dist ./dist
# Read it with `docker run --rm --entrypoint cat <image> /app/sbom.cdx.json`; CI also keeps it beside each build.
COPY --from=build /src/sbom.cdx.json ./sbom.cdx.json

# The API and the metrics port (the load balancer routes only the first).
EXPOSE 3000 9464

# Liveness, not readiness: a database outage must turn /ready to 503 (the load balancer stops routing) without
# making Docker or an orchestrator kill the container. No curl in the image; Node's fetch does the probe.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/live', { signal: AbortSignal.timeout(4000) }).then((response) => process.exit(response.ok ? 0 : 1), () => process.exit(1))"]

# Labels last so that changing the revision does not invalidate the layers above.
ARG OCI_SOURCE=""
ARG OCI_REVISION=""
ARG OCI_CREATED=""
LABEL org.opencontainers.image.title="rusty-saas-api" \
      org.opencontainers.image.description="Rusty SaaS multi-tenant API (Koa + TypeScript on Node.js 24)" \
      org.opencontainers.image.base.name="docker.io/library/node:24-slim" \
      org.opencontainers.image.source="${OCI_SOURCE}" \
      org.opencontainers.image.revision="${OCI_REVISION}" \
      org.opencontainers.image.created="${OCI_CREATED}"

# The `node` user of the base image, by number so that orchestrators (runAsNonRoot) can verify it is not root.
USER 1000:1000
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/app/main.js"]
