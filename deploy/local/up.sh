#!/usr/bin/env bash
# Installs, builds and runs the whole billing suite as processes on this machine.
#
#   deploy/local/up.sh
#
# Run it as root on Debian bookworm (it installs the missing packages), or as any user once the
# packages are installed. State is kept in <project>/.data between runs:
#   .data/pg           PostgreSQL 15 cluster (127.0.0.1:$PG_PORT)
#   .data/redis        Redis data, append-only (127.0.0.1:$REDIS_PORT)
#   .data/secrets.env  generated database password, token key, service key and wa-link's secret
#                      (WA_LINK_SECRET, given to wa-link and messaging only) (mode 600)
#   .data/wa-link      wa-link's WhatsApp session, the linked phone (mode 700; WA_LINK_DATA_DIR)
#   .data/logs         one log per process (<name>.log, the previous run's as <name>.log.1)
#   .data/run          pid files
# Besides the services of deploy/services.txt it runs their sidecars (deploy/sidecars.txt):
# wa-link (Node.js 20, services/wa-link, docs/wa-link.md) on 127.0.0.1:$WA_LINK_PORT (50121),
# started before messaging, which waits until its GET /health answers.
# A service, sidecar or gateway that dies is started again (after 1 s, doubling up to 30 s while it keeps
# dying within a minute; see supervise.sh), with a line in the output saying which, when and why.
# Ctrl-C (or SIGTERM) stops the services, Redis and PostgreSQL and exits 0.
# Every other variable of the environment reaches the processes unchanged, so the limits of
# docs/security.md can be raised for a benchmark run, e.g. 5,000 event streams of one user
# from one address:
#   SSE_MAX_STREAMS_PER_USER=6000 GATEWAY_MAX_CONNECTIONS_PER_IP=6000 GATEWAY_QUEUE=6000 up.sh
# Each event stream holds two descriptors in the gateway: the soft open-files limit is raised
# to the hard one (raise that with `ulimit -Hn` as root, or in systemd's LimitNOFILE).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=deploy/local/packages.sh
source "${SCRIPT_DIR}/packages.sh" # defines PROJECT_ROOT, BUILD_DIR, ensure_packages, build_project, build_web, build_wa_link
# shellcheck source=deploy/local/supervise.sh
source "${SCRIPT_DIR}/supervise.sh" # supervise_started, supervise_pass: restarts with back-off

# shellcheck source=deploy/services.sh
source "${SCRIPT_DIR}/../services.sh" # service_names, services_manifest: deploy/services.txt; sidecars_manifest; log, warn, die
LOG_TAG=up

# Backend services, started in this order before the gateway: "name:default_port[:binary]",
# from deploy/services.txt (the one list of the suite's processes).
# For a service <name> (NAME is its upper-case form):
#   binary    build/services/<name>/<name>_service unless given (relative to build/)
#   port      <NAME>_PORT, default as listed; it listens on <NAME>_LISTEN=127.0.0.1:<port>
#   replicas  REPLICAS_<NAME> (default 1); replica i (0-based) listens on <port>+i
#   <NAME>_ADDR  the comma-separated addresses of all its replicas, given to the gateway
#             and to every service
# Default ports are 10 apart so that up to 10 replicas of one service never collide
# (e.g. customer:50061, billing:50071, messaging:50081, network:50101).
mapfile -t SERVICES < <(services_manifest | awk '$1 != "gateway" {print $1 ":" $2}')
if ((${#SERVICES[@]} == 0)); then
  printf '[up] ERROR: no service in %s\n' "$SERVICES_MANIFEST" >&2
  exit 1
fi
GATEWAY_BIN="${BUILD_DIR}/gateway/gateway"

# Sidecars (deploy/sidecars.txt), each started just before its client: "name:default_port:client".
# For a sidecar <name> (PREFIX: upper-case, "-" as "_", e.g. WA_LINK):
#   program   services/<name>/src/main.mjs, run by node (Node.js 20 or newer)
#   port      <PREFIX>_PORT, default as listed; it listens on <PREFIX>_LISTEN=127.0.0.1:<port> only
#   data      <PREFIX>_DATA_DIR, default .data/<name> (mode 700)
#   secret    <PREFIX>_SECRET from .data/secrets.env, given to the sidecar and its client only;
#             the client also gets <PREFIX>_URL=http://127.0.0.1:<port>
mapfile -t SIDECARS < <(sidecars_manifest | awk '{print $1 ":" $2 ":" $3}')
declare -A SIDECAR_PREFIX=() # name -> PREFIX
declare -A SIDECAR_URL=()    # name -> http://127.0.0.1:<port>, filled by plan_sidecars
for spec in "${SIDECARS[@]}"; do
  SIDECAR_PREFIX[${spec%%:*}]="$(sidecar_env_prefix "${spec%%:*}")"
done
unset spec

DATA_DIR="${BILLING_DATA_DIR:-${PROJECT_ROOT}/.data}"  # BILLING_DATA_DIR: e.g. a throwaway suite for bench/compare.sh
RUN_DIR="${DATA_DIR}/run"
LOG_DIR="${DATA_DIR}/logs"
PG_DATA="${DATA_DIR}/pg"
PG_SOCKET_DIR="${DATA_DIR}/pg-socket"
PG_LOG="${LOG_DIR}/postgres.log"
REDIS_DIR="${DATA_DIR}/redis"
REDIS_LOG="${LOG_DIR}/redis.log"
REDIS_PID_FILE="${RUN_DIR}/redis.pid"
SECRETS_FILE="${DATA_DIR}/secrets.env"
UP_PID_FILE="${RUN_DIR}/up.pid"
PG_BIN="/usr/lib/postgresql/15/bin"
PG_MAJOR="15"

PG_PORT="${PG_PORT:-55432}"
REDIS_PORT="${REDIS_PORT:-56379}"
GATEWAY_LISTEN="${GATEWAY_LISTEN:-0.0.0.0:$(services_manifest | awk '$1 == "gateway" {print $2}')}"
LOG_LEVEL="${LOG_LEVEL:-info}"
HEALTH_TIMEOUT_SECONDS=60
STOP_TIMEOUT_SECONDS=10

# Filled by plan_instances: what to start, in order (the gateway last).
PLAN_NAMES=()
PLAN_BINS=()
PLAN_LISTEN=() # NAME_LISTEN=host:port assignment for each planned instance
PLAN_PORTS=()
GATEWAY_ENV=()
GATEWAY_PORT=""
GATEWAY_EXTRA_PORTS=()
GATEWAY_CHECK_HOST=""
GATEWAY_PUBLIC_HOST=""

# Runtime state.
STARTED_NAMES=()
STARTED_PIDS=()
PG_STARTED=0
REDIS_STARTED=0
TAIL_PID=""
SLEEP_PID=""
SHUTTING_DOWN=0

# ---------------------------------------------------------------------------------------------
# Processes

# True when pid is a live (not zombie) process we may signal.
pid_alive() {
  local pid="$1" state
  kill -0 "$pid" 2>/dev/null || return 1
  state="$(ps -o stat= -p "$pid" 2>/dev/null)" || return 1
  [[ "$state" != Z* ]]
}

# SIGTERM the given pids, wait up to STOP_TIMEOUT_SECONDS, then SIGKILL what is left.
stop_pids() {
  local pid deadline
  local -a alive=()
  for pid in "$@"; do
    if pid_alive "$pid"; then
      kill -TERM "$pid" 2>/dev/null || true
      alive+=("$pid")
    fi
  done
  ((${#alive[@]} > 0)) || return 0
  deadline=$((SECONDS + STOP_TIMEOUT_SECONDS))
  while ((SECONDS < deadline)); do
    local -a still=()
    for pid in "${alive[@]}"; do
      if pid_alive "$pid"; then still+=("$pid"); fi
    done
    ((${#still[@]} > 0)) || return 0
    alive=("${still[@]}")
    sleep 0.2
  done
  for pid in "${alive[@]}"; do
    warn "$(ps -o comm= -p "$pid" 2>/dev/null) (pid ${pid}) ignored SIGTERM for ${STOP_TIMEOUT_SECONDS}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  done
}

# Reads a pid file; prints the pid when it names a live process whose command line contains
# the given text (so a recycled pid is never signalled).
live_pid_from_file() {
  local file="$1" expect="$2" pid args
  [[ -f "$file" ]] || return 1
  pid="$(head -n 1 "$file" 2>/dev/null | tr -dc '0-9')"
  [[ -n "$pid" ]] || return 1
  pid_alive "$pid" || return 1
  args="$(ps -ww -o args= -p "$pid" 2>/dev/null)" || return 1
  [[ "$args" == *"$expect"* ]] || return 1
  printf '%s\n' "$pid"
}

rotate_log() {
  local file="$1"
  if [[ -f "$file" ]]; then mv -f "$file" "${file}.1"; fi
  : >"$file"
}

port_in_use() {
  local host="$1" port="$2"
  # shellcheck disable=SC2016 # $1/$2 are expanded by the inner bash
  timeout 2 bash -c ': <>"/dev/tcp/$1/$2"' _ "$host" "$port" 2>/dev/null
}

# ---------------------------------------------------------------------------------------------
# Configuration checks and planning

check_port() {
  local name="$1" value="$2"
  if [[ ! "$value" =~ ^[0-9]+$ ]] || ((value < 1 || value > 65535)); then
    die "${name} must be a port number (1-65535), got '${value}'"
  fi
}

# A sidecar of service <client> goes into the plan just before that service's instances.
plan_sidecars() {
  local client="$1" spec name default_port for prefix port_var port
  for spec in "${SIDECARS[@]}"; do
    IFS=: read -r name default_port for <<<"$spec"
    [[ "$for" == "$client" ]] || continue
    [[ "$name" =~ ^[a-z][a-z0-9-]*$ ]] || die "bad sidecar name '${name}' in deploy/sidecars.txt"
    prefix="${SIDECAR_PREFIX[$name]}"
    port_var="${prefix}_PORT"
    port="${!port_var:-$default_port}"
    check_port "$port_var" "$port"
    PLAN_NAMES+=("$name")
    PLAN_BINS+=("${PROJECT_ROOT}/services/${name}/src/main.mjs")
    PLAN_LISTEN+=("${prefix}_LISTEN=127.0.0.1:${port}")
    PLAN_PORTS+=("$port")
    SIDECAR_URL[$name]="http://127.0.0.1:${port}"
  done
}

is_sidecar() { [[ -n "${SIDECAR_PREFIX[$1]:-}" ]]; }

plan_instances() {
  local spec name default_port bin_rel upper port_var base replicas_var replicas i port inst
  local -a addrs
  for spec in "${SERVICES[@]}"; do
    IFS=: read -r name default_port bin_rel <<<"$spec"
    [[ "$name" =~ ^[a-z][a-z0-9_]*$ ]] || die "bad service name '${name}' in SERVICES"
    plan_sidecars "$name"
    upper="${name^^}"
    port_var="${upper}_PORT"
    base="${!port_var:-$default_port}"
    check_port "$port_var" "$base"
    replicas_var="REPLICAS_${upper}"
    replicas="${!replicas_var:-1}"
    [[ "$replicas" =~ ^[1-9][0-9]*$ ]] || die "${replicas_var} must be a positive integer, got '${replicas}'"
    bin_rel="${bin_rel:-services/${name}/${name}_service}"
    addrs=()
    for ((i = 0; i < replicas; i++)); do
      port=$((base + i))
      check_port "${port_var} + replica ${i}" "$port"
      inst="$name"
      if ((replicas > 1)); then inst="${name}-$((i + 1))"; fi
      PLAN_NAMES+=("$inst")
      PLAN_BINS+=("${BUILD_DIR}/${bin_rel}")
      PLAN_LISTEN+=("${upper}_LISTEN=127.0.0.1:${port}")
      PLAN_PORTS+=("$port")
      addrs+=("127.0.0.1:${port}")
    done
    GATEWAY_ENV+=("${upper}_ADDR=$(
      IFS=,
      printf '%s' "${addrs[*]}"
    )")
  done

  local web_root="${WEB_ROOT:-}"
  if [[ -z "$web_root" ]]; then
    if [[ -d "${PROJECT_ROOT}/web/dist" ]]; then
      web_root="${PROJECT_ROOT}/web/dist"
    else
      web_root="${PROJECT_ROOT}/web/public"
    fi
  fi
  GATEWAY_ENV+=("WEB_ROOT=${web_root}")

  [[ "$GATEWAY_LISTEN" == *:* ]] || die "GATEWAY_LISTEN must be host:port, got '${GATEWAY_LISTEN}'"
  GATEWAY_PORT="${GATEWAY_LISTEN##*:}"
  check_port GATEWAY_LISTEN "$GATEWAY_PORT"
  local host="${GATEWAY_LISTEN%:*}"
  case "$host" in
    "" | "*" | 0.0.0.0 | "[::]" | "::")
      GATEWAY_CHECK_HOST="127.0.0.1"
      GATEWAY_PUBLIC_HOST="localhost"
      ;;
    127.0.0.1 | localhost)
      GATEWAY_CHECK_HOST="$host"
      GATEWAY_PUBLIC_HOST="localhost"
      ;;
    *)
      GATEWAY_CHECK_HOST="$host"
      GATEWAY_PUBLIC_HOST="$host"
      ;;
  esac
  # REPLICAS_GATEWAY > 1: more gateways on the following ports (put a load balancer in front);
  # they share Redis, so each delivers every event to its own browsers.
  local gateway_replicas="${REPLICAS_GATEWAY:-1}" i
  [[ "$gateway_replicas" =~ ^[1-9][0-9]*$ ]] ||
    die "REPLICAS_GATEWAY must be a positive integer, got '${gateway_replicas}'"
  GATEWAY_EXTRA_PORTS=()
  for ((i = 0; i < gateway_replicas; i++)); do
    local port=$((GATEWAY_PORT + i)) name="gateway"
    if ((i > 0)); then
      name="gateway-$((i + 1))"
      check_port "GATEWAY_LISTEN + replica ${i}" "$port"
      GATEWAY_EXTRA_PORTS+=("$port")
    fi
    PLAN_NAMES+=("$name")
    PLAN_BINS+=("$GATEWAY_BIN")
    PLAN_LISTEN+=("GATEWAY_LISTEN=${host}:${port}")
    PLAN_PORTS+=("$port")
  done
}

check_binaries() {
  local i bin
  for i in "${!PLAN_BINS[@]}"; do
    bin="${PLAN_BINS[$i]}"
    if is_sidecar "${PLAN_NAMES[$i]}"; then
      [[ -f "$bin" ]] || die "${bin} is missing (the ${PLAN_NAMES[$i]} sidecar's program)"
      [[ -d "$(dirname "$(dirname "$bin")")/node_modules" ]] ||
        die "${PLAN_NAMES[$i]}'s modules are not installed (deploy/local/packages.sh: build_wa_link)"
    else
      [[ -x "$bin" ]] || die "${bin} was not built (is it a target in CMakeLists.txt?)"
    fi
  done
}

# The sidecars run on Node.js 20 or newer (Baileys 7); say so plainly when it is not there.
check_node() {
  ((${#SIDECARS[@]} > 0)) || return 0
  local version major
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    die "node and npm were not found: wa-link (WhatsApp through the owner's phone) needs Node.js 20 or newer with npm; install the Debian packages nodejs and npm (run up.sh as root: deploy/local/packages.sh installs them)"
  fi
  version="$(node --version 2>/dev/null)"
  major="${version#v}"
  major="${major%%.*}"
  if [[ ! "$major" =~ ^[0-9]+$ ]] || ((major < 20)); then
    die "wa-link (WhatsApp through the owner's phone) needs Node.js 20 or newer, this machine has node ${version:-of unknown version} (Debian bookworm's own nodejs is 18): install Node.js 20, e.g. NodeSource's nodejs package or Debian 13's, then run up.sh again"
  fi
}

check_ports() {
  check_port PG_PORT "$PG_PORT"
  check_port REDIS_PORT "$REDIS_PORT"
  local -A owner=([${PG_PORT}]="PostgreSQL")
  local i port who
  if [[ -n "${owner[$REDIS_PORT]:-}" ]]; then die "REDIS_PORT ${REDIS_PORT} is also PG_PORT"; fi
  owner[$REDIS_PORT]="Redis"
  for i in "${!PLAN_NAMES[@]}"; do
    port="${PLAN_PORTS[$i]}"
    who="${owner[$port]:-}"
    [[ -z "$who" ]] || die "port ${port} is wanted by both ${who} and ${PLAN_NAMES[$i]}; change *_PORT / REPLICAS_*"
    owner[$port]="${PLAN_NAMES[$i]}"
  done
  for port in "${!owner[@]}"; do
    local host="127.0.0.1"
    if [[ "${owner[$port]}" == gateway* ]]; then host="$GATEWAY_CHECK_HOST"; fi
    if port_in_use "$host" "$port"; then
      die "port ${port} (for ${owner[$port]}) is already in use by another program"
    fi
  done
}

# ---------------------------------------------------------------------------------------------
# Files, secrets

prepare_dirs() {
  mkdir -p "$DATA_DIR" "$RUN_DIR" "$LOG_DIR" "$REDIS_DIR"
  # Search-only for others, so the postgres OS user can reach .data/pg and its log file.
  chmod 0711 "$DATA_DIR" "$LOG_DIR"
  chmod 0700 "$RUN_DIR" "$REDIS_DIR"
  # Each sidecar's data (wa-link: the linked phone's session), readable by this user only.
  local spec name var
  for spec in "${SIDECARS[@]}"; do
    name="${spec%%:*}"
    var="${SIDECAR_PREFIX[$name]}_DATA_DIR"
    printf -v "$var" '%s' "${!var:-${DATA_DIR}/${name}}"
    mkdir -p "${!var}"
    chmod 0700 "${!var}"
  done
}

random_hex() {
  od -An -N "$1" -t x1 /dev/urandom | tr -d ' \n'
}

# Loads .data/secrets.env (generating missing values); variables set by the user win.
load_secrets() {
  local -A stored=()
  local line key changed=0
  if [[ -f "$SECRETS_FILE" ]]; then
    while IFS= read -r line || [[ -n "$line" ]]; do
      if [[ "$line" =~ ^([A-Z_][A-Z0-9_]*)=(.*)$ ]]; then
        stored[${BASH_REMATCH[1]}]="${BASH_REMATCH[2]}"
      fi
    done <"$SECRETS_FILE"
  fi
  local -a keys=(BILLING_DB_PASSWORD JWT_SECRET SERVICE_KEY)
  local spec
  for spec in "${SIDECARS[@]}"; do keys+=("${SIDECAR_PREFIX[${spec%%:*}]}_SECRET"); done
  for key in "${keys[@]}"; do
    if [[ -z "${stored[$key]:-}" ]]; then
      stored[$key]="$(random_hex 32)"
      changed=1
    fi
  done
  if ((changed)); then
    log "writing generated secrets to ${SECRETS_FILE#"${PROJECT_ROOT}"/}"
    (
      umask 077
      {
        printf '# Generated by deploy/local/up.sh. Keep private; never commit.\n'
        while IFS= read -r key; do
          printf '%s=%s\n' "$key" "${stored[$key]}"
        done < <(printf '%s\n' "${!stored[@]}" | sort)
      } >"${SECRETS_FILE}.tmp"
      mv -f "${SECRETS_FILE}.tmp" "$SECRETS_FILE"
    )
  fi
  chmod 600 "$SECRETS_FILE"

  BILLING_DB_PASSWORD="${BILLING_DB_PASSWORD:-${stored[BILLING_DB_PASSWORD]}}"
  JWT_SECRET="${JWT_SECRET:-${stored[JWT_SECRET]}}"
  ((${#JWT_SECRET} >= 32)) || die "JWT_SECRET must be at least 32 characters"
  # SERVICE_KEY signs every gRPC call between the processes (docs/security.md).
  SERVICE_KEY="${SERVICE_KEY:-${stored[SERVICE_KEY]}}"
  ((${#SERVICE_KEY} >= 32)) || die "SERVICE_KEY must be at least 32 characters"
  [[ "$SERVICE_KEY" != "$JWT_SECRET" ]] || die "SERVICE_KEY must differ from JWT_SECRET"
  [[ -n "$BILLING_DB_PASSWORD" ]] || die "BILLING_DB_PASSWORD must not be empty"
  # Each sidecar's secret (WA_LINK_SECRET), shared by it and its client only.
  local value
  for spec in "${SIDECARS[@]}"; do
    key="${SIDECAR_PREFIX[${spec%%:*}]}_SECRET"
    value="${!key:-${stored[$key]}}"
    ((${#value} >= 32)) || die "${key} must be at least 32 characters"
    printf -v "$key" '%s' "$value"
  done
}

# Percent-encodes a string for use inside a URL.
url_encode() {
  local s="$1" out="" c i
  for ((i = 0; i < ${#s}; i++)); do
    c="${s:i:1}"
    case "$c" in
      [a-zA-Z0-9.~_-]) out+="$c" ;;
      *) out+="$(printf '%%%02X' "'$c")" ;;
    esac
  done
  printf '%s' "$out"
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL (PostgreSQL refuses to run as root: as root it runs as the postgres OS user)

as_pg() {
  if ((EUID == 0)); then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_chown() {
  if ((EUID == 0)); then chown postgres:postgres "$@"; fi
}

# As root, make sure the postgres OS user can walk down to .data (e.g. a clone under /root,
# which is mode 700): adds search permission (o+x, not read) where it is missing.
ensure_pg_can_reach_data() {
  ((EUID == 0)) || return 0
  local path="" part
  local -a parts
  IFS=/ read -r -a parts <<<"${DATA_DIR#/}"
  for part in "${parts[@]}"; do
    [[ -n "$part" ]] || continue
    path+="/${part}"
    if ! runuser -u postgres -- test -x "$path"; then
      log "adding search permission (o+x) to ${path} so the postgres user can reach ${PG_DATA}"
      chmod o+x "$path"
    fi
  done
}

pg_running() {
  [[ -f "${PG_DATA}/PG_VERSION" ]] || return 1
  as_pg "${PG_BIN}/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}

init_postgres() {
  if [[ -f "${PG_DATA}/PG_VERSION" ]]; then
    local version
    version="$(<"${PG_DATA}/PG_VERSION")"
    [[ "$version" == "$PG_MAJOR" ]] || die "${PG_DATA} holds a PostgreSQL ${version} cluster; this needs ${PG_MAJOR}"
    return 0
  fi
  if [[ -d "$PG_DATA" ]] && [[ -n "$(ls -A "$PG_DATA")" ]]; then
    die "${PG_DATA} exists but is not a PostgreSQL cluster; move it away"
  fi

  log "creating the PostgreSQL ${PG_MAJOR} cluster in ${PG_DATA}"
  mkdir -p "$PG_DATA"
  pg_chown "$PG_DATA"
  chmod 0700 "$PG_DATA"
  local locale="C"
  if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then locale="C.UTF-8"; fi
  local initdb_log="${LOG_DIR}/initdb.log"
  : >"$initdb_log"
  pg_chown "$initdb_log"
  if ! as_pg "${PG_BIN}/initdb" -D "$PG_DATA" --auth-local=peer --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale="$locale" >>"$initdb_log" 2>&1; then
    tail -n 20 "$initdb_log" >&2
    die "initdb failed (full output in ${initdb_log})"
  fi
  printf "\n# Port, address and socket directory set by deploy/local/up.sh on every start.\ninclude_if_exists = 'launcher.conf'\n" \
    >>"${PG_DATA}/postgresql.conf"
}

pg_quote() { printf "'%s'" "${1//\'/\'\'}"; }

start_postgres() {
  # A Unix socket path may not exceed 107 bytes; fall back to /tmp for deep checkouts.
  if ((${#PG_SOCKET_DIR} + ${#PG_PORT} + 10 > 100)); then
    PG_SOCKET_DIR="${TMPDIR:-/tmp}/billing-pg-${PG_PORT}"
  fi
  mkdir -p "$PG_SOCKET_DIR"
  pg_chown "$PG_SOCKET_DIR"
  chmod 0700 "$PG_SOCKET_DIR"

  {
    printf '# Written by deploy/local/up.sh on every start; put your own settings in postgresql.conf.\n'
    printf 'listen_addresses = %s\n' "'127.0.0.1'"
    printf 'port = %s\n' "$PG_PORT"
    printf 'unix_socket_directories = %s\n' "$(pg_quote "$PG_SOCKET_DIR")"
    # Statistics, visibility maps and index clean-up follow a burst of writes within seconds
    # instead of a minute: right after 10,000 new customers the planner had no statistics yet
    # and searched them row by row (11 ms instead of 1 ms).
    printf 'autovacuum_naptime = 10s\n'
  } >"${PG_DATA}/launcher.conf"
  pg_chown "${PG_DATA}/launcher.conf"
  chmod 0600 "${PG_DATA}/launcher.conf"

  rotate_log "$PG_LOG"
  pg_chown "$PG_LOG"
  log "starting PostgreSQL on 127.0.0.1:${PG_PORT}"
  local attempt
  for attempt in 1 2 3 4 5; do
    as_pg "${PG_BIN}/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 start >/dev/null && break
    # The default ports lie in Linux's ephemeral range: a busy machine's outgoing connection
    # may hold the port for a moment. Anything else is fatal at once.
    if ((attempt < 5)) && grep -q "Address already in use" "$PG_LOG"; then
      log "port ${PG_PORT} is briefly taken by another connection; retrying"
      sleep 1
      continue
    fi
    tail -n 20 "$PG_LOG" >&2
    die "PostgreSQL did not start (log: ${PG_LOG})"
  done
  PG_STARTED=1
}

# Creates role and database "billing" if missing; sets the role's password every start so an
# overriding BILLING_DB_PASSWORD takes effect.
ensure_database() {
  as_pg "${PG_BIN}/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKET_DIR" -p "$PG_PORT" -d postgres <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'billing') THEN
    CREATE ROLE billing LOGIN;
  END IF;
END
\$\$;
ALTER ROLE billing WITH LOGIN PASSWORD $(pg_quote "$BILLING_DB_PASSWORD");
SELECT 'CREATE DATABASE billing OWNER billing ENCODING ''UTF8'''
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'billing')\gexec
SQL
}

stop_postgres() {
  pg_running || return 0
  log "stopping PostgreSQL"
  if ! as_pg "${PG_BIN}/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null; then
    warn "pg_ctl stop failed; see ${PG_LOG}"
    return 1
  fi
}

# ---------------------------------------------------------------------------------------------
# Redis

start_redis() {
  rotate_log "$REDIS_LOG"
  log "starting Redis on 127.0.0.1:${REDIS_PORT}"
  local deadline=$((SECONDS + 20)) launches=0
  launch_redis() {
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --protected-mode yes \
      --dir "$REDIS_DIR" --appendonly yes \
      --daemonize yes --pidfile "$REDIS_PID_FILE" --logfile "$REDIS_LOG" >/dev/null
    launches=$((launches + 1))
  }
  launch_redis
  REDIS_STARTED=1
  until [[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" == "PONG" ]]; do
    # As for PostgreSQL: an outgoing connection may hold the port for a moment.
    if ((launches < 5)) && ! live_pid_from_file "$REDIS_PID_FILE" redis-server >/dev/null &&
      grep -q "Address already in use" "$REDIS_LOG" 2>/dev/null; then
      log "port ${REDIS_PORT} is briefly taken by another connection; retrying"
      sleep 1
      launch_redis
      continue
    fi
    if ((SECONDS >= deadline)); then
      tail -n 20 "$REDIS_LOG" >&2
      die "Redis did not answer PING (log: ${REDIS_LOG})"
    fi
    sleep 0.2
  done
}

stop_redis() {
  local pid
  pid="$(live_pid_from_file "$REDIS_PID_FILE" redis-server)" || return 0
  log "stopping Redis"
  stop_pids "$pid"
  rm -f "$REDIS_PID_FILE"
}

# ---------------------------------------------------------------------------------------------
# Services

# Stops whatever an earlier run left behind (a live up.sh, services, Redis, PostgreSQL).
stop_previous_run() {
  local pid file
  if pid="$(live_pid_from_file "$UP_PID_FILE" up.sh)" && ((pid != $$)); then
    log "another deploy/local/up.sh (pid ${pid}) is running; stopping it"
    STOP_TIMEOUT_SECONDS=60 stop_pids "$pid"
  fi
  rm -f "$UP_PID_FILE"
  local -a pids=()
  local name expect
  for file in "${RUN_DIR}"/*.pid; do
    [[ -e "$file" && "$file" != "$REDIS_PID_FILE" ]] || continue
    name="$(basename "$file" .pid)"
    # A sidecar's command line names its program (node .../services/wa-link/src/main.mjs).
    expect="$BUILD_DIR"
    if is_sidecar "$name"; then expect="${PROJECT_ROOT}/services/${name}/src/main.mjs"; fi
    if pid="$(live_pid_from_file "$file" "$expect")"; then
      log "stopping $(basename "$file" .pid) (pid ${pid}) left by an earlier run"
      pids+=("$pid")
    fi
    rm -f "$file"
  done
  stop_pids "${pids[@]}"
  stop_redis
  stop_postgres || die "could not stop the PostgreSQL left by an earlier run"
}

# Starts one planned instance and records it in STARTED_*; with RESTART_INDEX set, starts that
# instance again instead (its log is appended to, not rotated).
start_instance() {
  local name="$1" bin="$2" listen="$3"
  shift 3
  local logfile="${LOG_DIR}/${name}.log"
  if [[ -z "${RESTART_INDEX:-}" ]]; then rotate_log "$logfile"; fi
  log "${RESTART_INDEX:+re}starting ${name} (${listen})"
  # Assignments are exported inside the subshell, so secrets never appear in a command line.
  # METRICS_LISTEN is not passed on: one address cannot be shared by several processes.
  # Each process gets only the secrets it uses: every service and gateway SERVICE_KEY, the
  # services (not the gateway) DATABASE_URL, only auth JWT_SECRET; a sidecar (wa-link) only its
  # own secret (WA_LINK_SECRET), which its client (messaging) gets too, with where it listens.
  local secrets=() spec sidecar prefix var sidecar_secrets=()
  for spec in "${SIDECARS[@]}"; do
    sidecar="${spec%%:*}"
    var="${SIDECAR_PREFIX[$sidecar]}_SECRET"
    sidecar_secrets+=("$var")
    if [[ "${name%%-[0-9]*}" == "${spec##*:}" ]]; then
      secrets+=("${var}=${!var}" "${SIDECAR_PREFIX[$sidecar]}_URL=${SIDECAR_URL[$sidecar]}")
    fi
  done
  if is_sidecar "$name"; then
    prefix="${SIDECAR_PREFIX[$name]}"
    var="${prefix}_SECRET"
    secrets=("${var}=${!var}")
    var="${prefix}_DATA_DIR"
    secrets+=("${var}=${!var}")
  else
    secrets+=("REDIS_ADDR=${REDIS_ADDR}" "SERVICE_KEY=${SERVICE_KEY}")
    case "${name%%-*}" in
      gateway) ;;
      auth) secrets+=("DATABASE_URL=${DATABASE_URL}" "JWT_SECRET=${JWT_SECRET}") ;;
      *) secrets+=("DATABASE_URL=${DATABASE_URL}") ;;
    esac
  fi
  (
    unset METRICS_LISTEN DATABASE_URL JWT_SECRET BILLING_DB_PASSWORD SERVICE_KEY "${sidecar_secrets[@]}"
    # shellcheck disable=SC2163 # the arguments are NAME=value assignments
    export "$listen" "$@" "${secrets[@]}" "LOG_LEVEL=${LOG_LEVEL}"
    case "$bin" in
      *.mjs) exec node "$bin" ;; # a sidecar
      *) exec "$bin" ;;
    esac
  ) </dev/null >>"$logfile" 2>&1 &
  # Not disowned: supervise_pass collects its exit status with `wait`.
  local pid=$!
  printf '%s\n' "$pid" >"${RUN_DIR}/${name}.pid"
  if [[ -n "${RESTART_INDEX:-}" ]]; then
    STARTED_PIDS[RESTART_INDEX]="$pid"
  else
    STARTED_NAMES+=("$name")
    STARTED_PIDS+=("$pid")
  fi
  supervise_started "${RESTART_INDEX:-$((${#STARTED_PIDS[@]} - 1))}"
}

# Instance i of the plan (started instance i is plan instance i: they start in plan order).
start_planned() {
  local i="$1"
  if is_sidecar "${PLAN_NAMES[$i]}"; then
    # Nothing but its own settings: it calls no service.
    start_instance "${PLAN_NAMES[$i]}" "${PLAN_BINS[$i]}" "${PLAN_LISTEN[$i]}"
  elif [[ "${PLAN_NAMES[$i]}" == gateway* ]]; then
    start_instance "${PLAN_NAMES[$i]}" "${PLAN_BINS[$i]}" "${PLAN_LISTEN[$i]}" "${GATEWAY_ENV[@]}"
  else
    # Services call each other too (billing -> customer), so they get every *_ADDR.
    start_instance "${PLAN_NAMES[$i]}" "${PLAN_BINS[$i]}" "${PLAN_LISTEN[$i]}" "${GATEWAY_ENV[@]}"
  fi
}

# Waits until sidecar instance i answers GET /health (its client starts next).
wait_for_sidecar() {
  local i="$1" url="http://127.0.0.1:${PLAN_PORTS[$1]}/health"
  local deadline=$((SECONDS + HEALTH_TIMEOUT_SECONDS))
  log "waiting for ${url}"
  until curl -fsS --noproxy "*" --max-time 2 -o /dev/null "$url" 2>/dev/null; do
    if ! pid_alive "${STARTED_PIDS[$i]}"; then
      show_service_logs
      die "${PLAN_NAMES[$i]} exited during start (log: ${LOG_DIR}/${PLAN_NAMES[$i]}.log)"
    fi
    if ((SECONDS >= deadline)); then
      show_service_logs
      die "${url} did not answer 200 within ${HEALTH_TIMEOUT_SECONDS}s"
    fi
    sleep 0.2
  done
}

start_services() {
  local i
  for i in "${!PLAN_NAMES[@]}"; do
    start_planned "$i"
    if is_sidecar "${PLAN_NAMES[$i]}"; then wait_for_sidecar "$i"; fi
  done
}

# Called by supervise_pass when a dead instance's back-off is over.
restart_instance() {
  RESTART_INDEX="$1" # a plain global: a prefix assignment would reach the process's environment
  start_planned "$1"
  RESTART_INDEX=""
}

show_service_logs() {
  local name
  for name in "${STARTED_NAMES[@]}"; do
    printf '\n----- last lines of .data/logs/%s.log -----\n' "$name" >&2
    tail -n 30 "${LOG_DIR}/${name}.log" >&2 || true
  done
}

# Prints the names of started instances that are no longer running.
dead_instances() {
  local i
  for i in "${!STARTED_PIDS[@]}"; do
    if ! pid_alive "${STARTED_PIDS[$i]}"; then printf '%s\n' "${STARTED_NAMES[$i]}"; fi
  done
}

wait_for_gateway() {
  local url="http://${GATEWAY_CHECK_HOST}:${GATEWAY_PORT}/healthz"
  local deadline=$((SECONDS + HEALTH_TIMEOUT_SECONDS)) dead
  log "waiting for ${url}"
  until curl -fsS --noproxy "*" --max-time 2 -o /dev/null "$url" 2>/dev/null; do
    dead="$(dead_instances)"
    if [[ -n "$dead" ]]; then
      show_service_logs
      die "exited during start: ${dead//$'\n'/, }"
    fi
    if ((SECONDS >= deadline)); then
      show_service_logs
      die "${url} did not answer 200 within ${HEALTH_TIMEOUT_SECONDS}s"
    fi
    sleep 0.5
  done
}

stop_services() {
  local i
  local -a gateways=() others=() sidecars=()
  for i in "${!STARTED_NAMES[@]}"; do
    if [[ "${STARTED_NAMES[$i]}" == gateway* ]]; then
      gateways+=("${STARTED_PIDS[$i]}")
    elif is_sidecar "${STARTED_NAMES[$i]}"; then
      sidecars+=("${STARTED_PIDS[$i]}")
    else
      others+=("${STARTED_PIDS[$i]}")
    fi
  done
  ((${#STARTED_PIDS[@]} > 0)) || return 0
  log "stopping services"
  # The gateway first, so nothing new reaches the backends while they shut down; the sidecars
  # last, after their clients.
  if ((${#gateways[@]} > 0)); then stop_pids "${gateways[@]}"; fi
  if ((${#others[@]} > 0)); then stop_pids "${others[@]}"; fi
  if ((${#sidecars[@]} > 0)); then stop_pids "${sidecars[@]}"; fi
  for i in "${!STARTED_NAMES[@]}"; do rm -f "${RUN_DIR}/${STARTED_NAMES[$i]}.pid"; done
  STARTED_NAMES=()
  STARTED_PIDS=()
}

print_banner() {
  cat <<EOF

  Billing suite is running:  http://${GATEWAY_PUBLIC_HOST}:${GATEWAY_PORT}$(
    for port in "${GATEWAY_EXTRA_PORTS[@]}"; do printf '\n  another gateway:           http://%s:%s' "$GATEWAY_PUBLIC_HOST" "$port"; done
  )

  Default logins (created on the first start of an empty database):
    admin / admin123
    staff / staff123
  WARNING: change both passwords now; anyone who knows the defaults can log in.

  Logs: ${LOG_DIR} (streaming below). Ctrl-C stops everything.

EOF
}

# Streams the logs and restarts a process that dies (supervise.sh), until a signal arrives.
supervise() {
  local -a files=("$PG_LOG" "$REDIS_LOG")
  local name
  for name in "${STARTED_NAMES[@]}"; do files+=("${LOG_DIR}/${name}.log"); done
  tail -n 0 -F --pid=$$ "${files[@]}" &
  TAIL_PID=$!
  while :; do
    sleep 1 &
    SLEEP_PID=$!
    wait "$SLEEP_PID" || true
    supervise_pass
  done
}

shutdown_all() {
  ((SHUTTING_DOWN == 0)) || return 0
  SHUTTING_DOWN=1
  set +e
  stop_services
  if ((REDIS_STARTED)); then stop_redis; fi
  if ((PG_STARTED)); then stop_postgres; fi
  local pid
  for pid in "$TAIL_PID" "$SLEEP_PID"; do
    if [[ -n "$pid" ]]; then
      kill "$pid" 2>/dev/null
      wait "$pid" 2>/dev/null
    fi
  done
  rm -f "$UP_PID_FILE"
}

on_signal() {
  trap '' INT TERM HUP # a second Ctrl-C must not cut the clean shutdown short
  printf '\n'
  log "signal received, shutting down"
  shutdown_all
  log "stopped"
  exit 0
}

on_exit() {
  local rc=$?
  shutdown_all
  exit "$rc"
}

# Open event streams are sockets: give every process the most descriptors the hard limit allows.
raise_open_file_limit() {
  local hard
  hard="$(ulimit -Hn)"
  if [[ "$hard" == unlimited ]]; then hard=1048576; fi
  if ulimit -n "$hard" 2>/dev/null; then
    log "open files limit ${hard} (about $(((hard - 1024) / 2)) event streams per gateway)"
  else
    warn "could not raise the open files limit to ${hard}; it stays $(ulimit -n)"
  fi
}

# ---------------------------------------------------------------------------------------------

main() {
  ensure_packages
  (cd "$PROJECT_ROOT" && build_project)
  build_web # web/dist, served by the gateway (skipped when up to date)
  check_node
  build_wa_link # services/wa-link: npm ci --omit=dev (skipped when up to date)

  plan_instances
  raise_open_file_limit
  check_binaries
  prepare_dirs
  stop_previous_run
  check_ports
  load_secrets

  DATABASE_URL="${DATABASE_URL:-postgresql://billing:$(url_encode "$BILLING_DB_PASSWORD")@127.0.0.1:${PG_PORT}/billing}"
  REDIS_ADDR="${REDIS_ADDR:-127.0.0.1:${REDIS_PORT}}"

  trap on_signal INT TERM HUP
  trap on_exit EXIT
  printf '%s\n' "$$" >"$UP_PID_FILE"

  ensure_pg_can_reach_data
  init_postgres
  start_postgres
  ensure_database
  start_redis
  start_services
  wait_for_gateway
  print_banner
  supervise
}

# Sourcing the file (tests/deploy does, to start stand-in processes) defines the functions
# without running anything.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
