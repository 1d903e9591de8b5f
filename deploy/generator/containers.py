"""deploy/docker/Dockerfile and docker-compose.yml: one image stage and one compose service per
process of deploy/services.txt and per sidecar of deploy/sidecars.txt. Written by
deploy/generate.py (see there).

The text that is the same for every process, or not about a process at all, stands here as it
stands in the files; `@PORT@` in it is the gateway's port.
"""

from manifest import HEADER, backends, gateway

DOCKERFILE_HEAD = r'''# Images of the billing suite: one builder, then one slim runtime image per process.
#
# Built from the repository root (docker-compose.yml does this), one target per process:
#   docker build -f deploy/docker/Dockerfile --target billing -t billing-suite/billing .
# Targets: one per process of deploy/services.txt, each on its port there, and one per sidecar
# of deploy/sidecars.txt (wa-link: Node.js, at the end) (tests/deploy checks).
#
# The builder runs exactly what tests/run.sh and deploy/local/up.sh run (deploy/local/packages.sh:
# ensure_packages, build_project, build_web), so an image holds the binaries the tests proved.
# tests/deploy/deploy_config_test.sh checks that this stays so.

# ---------------------------------------------------------------------------------------------
FROM debian:bookworm AS builder
ARG BUILD_JOBS=2
ENV BUILD_JOBS=${BUILD_JOBS}
WORKDIR /src
SHELL ["/bin/bash", "-o", "pipefail", "-c"]

# The package list alone first: this layer is rebuilt only when the list changes.
COPY deploy/local/packages.sh deploy/local/packages.sh
RUN source deploy/local/packages.sh && ensure_packages && rm -rf /var/lib/apt/lists/*

COPY . .
RUN source deploy/local/packages.sh && build_project && build_web

# Stage what the runtime images take: binaries (debug info stripped), the web UI, and the
# Debian packages holding the shared libraries those binaries load.
RUN mkdir -p /out/bin \
 && cp build/gateway/gateway build/services/*/*_service /out/bin/ \
 && strip --strip-debug /out/bin/* \
 && if [[ -f web/dist/index.html ]]; then cp -r web/dist /out/web; else cp -r web/public /out/web; fi \
 && deploy/docker/runtime-packages.sh /out/bin/* >/out/runtime-packages.txt \
 && cat /out/runtime-packages.txt

# ---------------------------------------------------------------------------------------------
# Shared by every process image: runtime libraries only, no compiler, no -dev packages.
FROM debian:bookworm-slim AS runtime
COPY --from=builder /out/runtime-packages.txt /usr/share/billing-suite/runtime-packages.txt
# ca-certificates: HTTPS to WhatsApp providers; tzdata: Asia/Jakarta; curl: the health checks.
RUN apt-get update \
 && xargs -a /usr/share/billing-suite/runtime-packages.txt \
      apt-get install -y --no-install-recommends ca-certificates tzdata curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 billing \
 && useradd --system --uid 10001 --gid billing --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin billing
COPY deploy/docker/grpc-health-check /usr/local/bin/grpc-health-check
# Each service container has its own network namespace, so one fixed metrics port suits all.
ENV METRICS_LISTEN=0.0.0.0:9464 \
    LOG_LEVEL=info
EXPOSE 9464
USER billing:billing

# ---------------------------------------------------------------------------------------------
'''

# The gateway's image: the web UI beside the binary, an HTTP health check.
DOCKERFILE_GATEWAY = r'''FROM runtime AS gateway
COPY --from=builder /out/bin/gateway /opt/billing-suite/bin/gateway
COPY --from=builder /out/web /opt/billing-suite/web
# The gateway serves /metrics on its own HTTP port; it has no METRICS_LISTEN.
ENV GATEWAY_LISTEN=0.0.0.0:@PORT@ \
    WEB_ROOT=/opt/billing-suite/web \
    METRICS_LISTEN=
EXPOSE @PORT@
# /healthz is 200 only while the services behind the gateway are healthy too.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["curl", "-fsS", "--max-time", "3", "-o", "/dev/null", "http://127.0.0.1:@PORT@/healthz"]
ENTRYPOINT ["/opt/billing-suite/bin/gateway"]
'''

COMPOSE_HEAD = r'''# The whole billing suite in containers: PostgreSQL, Redis, the services and the gateway.
#
#   cp .env.example .env && editor .env       # set POSTGRES_PASSWORD, JWT_SECRET, SERVICE_KEY,
#                                             # WA_LINK_SECRET
#   docker compose up -d --build              # or docker-compose (v1.29+)
#   docker compose up -d --scale billing=3    # N replicas of any backend service
#
# Only Caddy publishes ports (80 and 443, on PUBLISH_ADDRESS, default 127.0.0.1): with DOMAIN
# set it gets a certificate for it and redirects HTTP to HTTPS (README: "HTTPS in front"); and
# ISOLIR_PORT (default 8081), the isolir door the routers send isolated customers' web traffic to
# (README: "The isolir page").
# Neither the gateway nor any gRPC service publishes a port. Services have no container names,
# so any of them can be scaled: each one is reached by its service name (e.g.
# BILLING_ADDR=billing:50071), which Docker's DNS resolves to every replica, and the gRPC
# clients balance round-robin over those addresses (re-resolved when a connection drops).
# The sidecars (deploy/sidecars.txt: wa-link, the owner's WhatsApp for messaging) are one
# container each, on a network of their own shared with their one client only.
# Images are built from deploy/docker/Dockerfile, one target per process and sidecar.
#
# Configuration: every variable a process reads is listed in the README's table; the ones that
# differ from the single-machine defaults are set below. Secrets come from .env (never commit
# it; see .env.example).

x-build: &build
  context: .
  dockerfile: deploy/docker/Dockerfile
  args:
    BUILD_JOBS: ${BUILD_JOBS:-2}

# What every backend service shares.
x-service: &service
  restart: unless-stopped
  init: true # forwards SIGTERM and reaps children
  stop_grace_period: 30s
  read_only: true # the processes write nothing but their logs (stdout, JSON lines)
  cap_drop: [ALL]
  security_opt: ["no-new-privileges:true"]
  depends_on:
    postgres:
      condition: service_healthy
    redis:
      condition: service_healthy
  logging: &logging
    driver: json-file
    options:
      max-size: 10m
      max-file: "5"

# What every process reads: Redis, logging, and where the services find each other (service
# name + port: Docker's DNS answers with every replica, and gRPC balances over them).
x-env: &env
  # Signs and verifies every gRPC call between the processes (docs/security.md); at least 32
  # characters, different from JWT_SECRET: `openssl rand -hex 32`.
  SERVICE_KEY: ${SERVICE_KEY:?set SERVICE_KEY in .env (see .env.example)}
  REDIS_ADDR: redis:6379
  LOG_LEVEL: ${LOG_LEVEL:-info}
  TIME_ZONE: ${TIME_ZONE:-Asia/Jakarta}
'''

# From the end of x-env (after the *_ADDR lines) to the first process.
COMPOSE_STORES = r'''
# Backend services also get the database (the gateway never does).
x-backend-env: &backend-env
  <<: *env
  # PostgreSQL owned by the role `billing`; each service keeps its own schema in it. Use a
  # password without URL-special characters (e.g. `openssl rand -hex 24`), it is put in a URL.
  DATABASE_URL: postgresql://billing:${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env (see .env.example)}@postgres:5432/billing
  DB_POOL_SIZE: ${DB_POOL_SIZE:-8} # connections per replica; PostgreSQL allows 200 below
  # Prometheus metrics of each replica, inside the compose network only (not published).
  METRICS_LISTEN: 0.0.0.0:9464

services:
  postgres:
    image: postgres:15
    restart: unless-stopped
    environment:
      POSTGRES_USER: billing
      POSTGRES_DB: billing
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env (see .env.example)}
      TZ: UTC
    command: ["postgres", "-c", "max_connections=200", "-c", "autovacuum_naptime=10s"]
    volumes:
      - pg-data:/var/lib/postgresql/data
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U billing -d billing"]
      interval: 5s
      timeout: 5s
      retries: 10
      start_period: 30s
    logging: *logging

  redis:
    image: redis:7
    restart: unless-stopped
    # Append-only file: queued events survive a restart. Reachable only inside this network.
    command: ["redis-server", "--appendonly", "yes"]
    volumes:
      - redis-data:/data
    healthcheck:
      test: ["CMD", "redis-cli", "ping"]
      interval: 5s
      timeout: 3s
      retries: 10
    logging: *logging

'''

# The gateway's service up to its depends_on list (the backends follow, from the manifest).
COMPOSE_GATEWAY = r'''  gateway:
    <<: *service
    build:
      <<: *build
      target: gateway
    environment:
      <<: *env
      GATEWAY_LISTEN: 0.0.0.0:@PORT@
      GATEWAY_THREADS: ${GATEWAY_THREADS:-4}
      WEB_ROOT: /opt/billing-suite/web
      # X-Forwarded-For / -Proto are believed only from Caddy (its fixed address on `edge`).
      TRUSTED_PROXIES: ${CADDY_IP:-172.31.255.2}/32
      RESTORE_MAX_BYTES: ${RESTORE_MAX_BYTES:-268435456}
      METRICS_LISTEN: "" # the gateway serves /metrics on its own HTTP port
    # No published port: Caddy reaches it over `edge`, the services over the default network.
    networks: [default, edge]
    depends_on:
      redis:
        condition: service_healthy
'''

COMPOSE_TAIL = r'''  # HTTPS in front of the gateway (deploy/caddy/Caddyfile). With DOMAIN set (and its DNS
  # pointing here, ports 80 and 443 open, PUBLISH_ADDRESS=0.0.0.0) Caddy gets and renews the
  # certificate itself; without DOMAIN it serves plain HTTP, by default on the host's loopback.
  # It sits only on `edge`: it can reach the gateway and nothing else.
  caddy:
    image: caddy:2.6
    restart: unless-stopped
    read_only: true
    cap_drop: [ALL]
    cap_add: [NET_BIND_SERVICE]
    security_opt: ["no-new-privileges:true"]
    environment:
      SITE_ADDRESS: ${DOMAIN:-http://}
      CADDY_BIND: 0.0.0.0
      ISOLIR_BIND: 0.0.0.0
      ISOLIR_PORT: "8081"
      GATEWAY_UPSTREAM: gateway:@PORT@
    volumes:
      - ./deploy/caddy/Caddyfile:/etc/caddy/Caddyfile:ro
      - caddy-data:/data # certificates and ACME account: keep it
      - caddy-config:/config
    ports:
      - "${PUBLISH_ADDRESS:-127.0.0.1}:${HTTP_PORT:-80}:80"
      - "${PUBLISH_ADDRESS:-127.0.0.1}:${HTTPS_PORT:-443}:443"
      - "${PUBLISH_ADDRESS:-127.0.0.1}:${HTTPS_PORT:-443}:443/udp" # HTTP/3
      - "${PUBLISH_ADDRESS:-127.0.0.1}:${ISOLIR_PORT:-8081}:8081" # the isolir door, plain HTTP
    networks:
      edge:
        ipv4_address: ${CADDY_IP:-172.31.255.2}
    depends_on:
      gateway:
        condition: service_healthy
    logging: *logging

networks:
  default: {}
  # Caddy <-> gateway only. A fixed subnet gives Caddy a fixed address, the one the gateway
  # trusts (TRUSTED_PROXIES). If it clashes with a network of yours, set EDGE_SUBNET and CADDY_IP.
  edge:
    ipam:
      config:
        - subnet: ${EDGE_SUBNET:-172.31.255.0/28}

volumes:
  pg-data:
  redis-data:
  caddy-data:
  caddy-config:
'''

# What a backend's compose service has beyond its *_LISTEN: (comment above it, more environment,
# more service keys), each as the lines stand in docker-compose.yml.
COMPOSE_EXTRAS = {
    'auth': ('', r'''      # Token signing key, at least 32 characters: `openssl rand -hex 32`.
      JWT_SECRET: ${JWT_SECRET:?set JWT_SECRET in .env (see .env.example)}
      TOKEN_TTL_SECONDS: ${TOKEN_TTL_SECONDS:-86400}
''', ''),
    'billing': ('', '      BILL_RUN_CHECK_SECONDS: ${BILL_RUN_CHECK_SECONDS:-300}\n', ''),
    'backup': (
        '  # Export and all-or-nothing restore behind the gateway\'s GET /api/backup, POST /api/restore.\n',
        '      RESTORE_MAX_BYTES: ${RESTORE_MAX_BYTES:-268435456}\n',
        r'''    # Restore uploads wait in /tmp for their commit (the root file system is read-only); size it
    # above RESTORE_MAX_BYTES.
    tmpfs:
      - /tmp:size=300m
'''),
    'payment': (r'''  # Online payment links (Tripay, Midtrans, Xendit) and the customer portal. Its settings and keys
  # come from billing (Pengaturan > Pembayaran); it calls billing and messaging, and connects out
  # to the providers over HTTPS. Their callbacks arrive through the gateway (/pay/callback/...).
''', '      PAYMENT_RECONCILE_SECONDS: ${PAYMENT_RECONCILE_SECONDS:-60}\n', ''),
    'network': (r'''  # Routers follow the billing data: PPP secrets over the RouterOS API, RADIUS disconnects, the
  # isolir policy (docs/network.md). It calls customer, billing and messaging, and connects out
  # to the routers (TCP 8728/8729, UDP 3799); routers see the Docker host's address.
''', '', ''),
}


# Per sidecar of deploy/sidecars.txt: its Dockerfile stages and its compose service, as they
# stand in the files (`@PORT@` is the sidecar's port). Each runs something of its own (wa-link:
# Node.js), so each has its text here; a sidecar listed without one stops the generator.
SIDECAR_DOCKERFILE = {
    'wa-link': r'''# ---------------------------------------------------------------------------------------------
# wa-link (deploy/sidecars.txt, docs/wa-link.md): the Node.js sidecar that holds the owner's
# WhatsApp for messaging. Baileys 7 needs Node.js 20 and Debian bookworm's own nodejs is 18, so
# both stages start from the Node.js project's official node:20-bookworm-slim image (Debian
# bookworm with Node.js 20), not from the builder. Its modules are installed by the same
# packages.sh function as up.sh and install.sh use (build_wa_link: npm ci --omit=dev).
FROM node:20-bookworm-slim AS wa-link-build
WORKDIR /src
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
COPY deploy/local/packages.sh deploy/local/packages.sh
COPY services/wa-link services/wa-link
RUN source deploy/local/packages.sh && build_wa_link

FROM node:20-bookworm-slim AS wa-link
# User billing (uid 10001) as in the other images. /var/lib/wa-link is where the session volume
# goes (mode 0700: the linked phone's keys); WA_LINK_DATA_DIR is created inside it.
RUN groupadd --system --gid 10001 billing \
 && useradd --system --uid 10001 --gid billing --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin billing \
 && install -d -m 0700 -o billing -g billing /var/lib/wa-link
COPY --from=wa-link-build /src/services/wa-link/package.json /opt/billing-suite/wa-link/package.json
COPY --from=wa-link-build /src/services/wa-link/src /opt/billing-suite/wa-link/src
COPY --from=wa-link-build /src/services/wa-link/node_modules /opt/billing-suite/wa-link/node_modules
ENV WA_LINK_LISTEN=0.0.0.0:@PORT@ \
    WA_LINK_DATA_DIR=/var/lib/wa-link/data \
    NODE_ENV=production \
    LOG_LEVEL=info
EXPOSE @PORT@
USER billing:billing
# GET /health needs no secret; node's own fetch asks it (the image has no curl).
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:@PORT@/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/opt/billing-suite/wa-link/src/main.mjs"]
''',
}

SIDECAR_COMPOSE = {
    'wa-link': r'''  # WhatsApp through the owner's own phone (docs/wa-link.md), the sidecar of messaging
  # (deploy/sidecars.txt). Only on its network `wa-link`, which messaging alone shares with it;
  # no published port. It connects out to WhatsApp. The linked phone's session is in the volume
  # wa-link-session: keep it (removing it unlinks the phone; Putuskan does that properly).
  # One container only: one WhatsApp session.
  wa-link:
    build:
      <<: *build
      target: wa-link
    restart: unless-stopped
    init: true # forwards SIGTERM and reaps children
    stop_grace_period: 30s
    read_only: true # it writes only its session, in the volume
    cap_drop: [ALL]
    security_opt: ["no-new-privileges:true"]
    environment:
      WA_LINK_LISTEN: 0.0.0.0:@PORT@
      # Shared with messaging alone, at least 32 characters: `openssl rand -hex 32`.
      WA_LINK_SECRET: ${WA_LINK_SECRET:?set WA_LINK_SECRET in .env (see .env.example)}
      WA_LINK_DATA_DIR: /var/lib/wa-link/data
      LOG_LEVEL: ${LOG_LEVEL:-info}
    volumes:
      - wa-link-session:/var/lib/wa-link
    tmpfs:
      - /tmp:size=16m
    networks: [wa-link]
    logging: *logging
''',
}


def sidecar_text(table, sidecar):
    if sidecar['name'] not in table:
        raise SystemExit(f'deploy/generator/containers.py has no deployment for the sidecar '
                         f'{sidecar["name"]} of deploy/sidecars.txt')
    return fill(table[sidecar['name']], sidecar['port'])


def client_env(sidecars):
    """The client's settings for its sidecars: where it is, and the shared secret."""
    return ''.join(f'''      # Its sidecar {s['name']} (deploy/sidecars.txt), on the network they alone share.
      {s['prefix']}_URL: http://{s['name']}:{s['port']}
      {s['prefix']}_SECRET: ${{{s['prefix']}_SECRET:?set {s['prefix']}_SECRET in .env (see .env.example)}}
''' for s in sidecars)


def client_keys(sidecars):
    """The client's networks (the default one and its sidecars') and start order (after them)."""
    networks = ', '.join(['default'] + [s['name'] for s in sidecars])
    after = ''.join(f'      {s["name"]}:\n        condition: service_healthy\n' for s in sidecars)
    return f'''    networks: [{networks}]
    depends_on:
      postgres:
        condition: service_healthy
      redis:
        condition: service_healthy
{after}'''


def fill(template, port):
    return template.replace('@PORT@', str(port))


def backend_stage(service):
    name, port = service['name'], service['port']
    binary = f'/opt/billing-suite/bin/{name}_service'
    return f'''FROM runtime AS {name}
COPY --from=builder /out/bin/{name}_service {binary}
ENV {name.upper()}_LISTEN=0.0.0.0:{port}
EXPOSE {port}
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \\
  CMD ["grpc-health-check", "{port}"]
ENTRYPOINT ["{binary}"]
'''


def dockerfile(services, sidecars=()):
    stages = [backend_stage(s) for s in backends(services)]
    stages.append(fill(DOCKERFILE_GATEWAY, gateway(services)['port']))
    stages += [sidecar_text(SIDECAR_DOCKERFILE, s) for s in sidecars]
    return HEADER + DOCKERFILE_HEAD + '\n'.join(stages)


def backend_service(service, sidecars=()):
    name = service['name']
    comment, env, more = COMPOSE_EXTRAS.get(name, ('', '', ''))
    mine = [s for s in sidecars if s['client'] == name]
    if mine:
        env += client_env(mine)
        more += client_keys(mine)
    return f'''{comment}  {name}:
    <<: *service
    build:
      <<: *build
      target: {name}
    environment:
      <<: *backend-env
      {name.upper()}_LISTEN: 0.0.0.0:{service['port']}
{env}{more}'''


def compose(services, sidecars=()):
    addrs = ''.join(f'  {s["name"].upper()}_ADDR: {s["name"]}:{s["port"]}\n'
                    for s in backends(services))
    depends = ''.join(f'      {s["name"]}:\n        condition: service_healthy\n'
                      for s in backends(services))
    port = gateway(services)['port']
    blocks = []
    for s in backends(services):
        # A sidecar comes just before its client, which waits for it.
        blocks += [sidecar_text(SIDECAR_COMPOSE, c) for c in sidecars if c['client'] == s['name']]
        blocks.append(backend_service(s, sidecars))
    tail = fill(COMPOSE_TAIL, port)
    # Each sidecar's own network (shared with its client only) and its named volume.
    tail = tail.replace('networks:\n  default: {}\n', 'networks:\n  default: {}\n' + ''.join(
        f'  # {c["name"]} <-> {c["client"]} only (it connects out, so not `internal`).\n'
        f'  {c["name"]}: {{}}\n' for c in sidecars), 1)
    tail += ''.join(f'  {c["name"]}-session:\n' for c in sidecars)
    return (HEADER + COMPOSE_HEAD + addrs + COMPOSE_STORES + '\n'.join(blocks) + '\n' +
            fill(COMPOSE_GATEWAY, port) + depends + '\n' + tail)


def files(services, sidecars=()):
    """The two files, by their paths from the repository root."""
    return {'deploy/docker/Dockerfile': dockerfile(services, sidecars),
            'docker-compose.yml': compose(services, sidecars)}
