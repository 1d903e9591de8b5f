#!/usr/bin/env bash
# Installs or upgrades the billing suite on a bare Debian 12 (bookworm) VPS as systemd services,
# without Docker. Run as root from a clone of the repository; safe to run again (that is how
# you upgrade: git pull, then run it).
#
#   deploy/systemd/install.sh                       install, or upgrade in place
#   DOMAIN=billing.example.com deploy/systemd/install.sh
#                                                   the same, served as https://DOMAIN by Caddy
#                                                   (remembered: later runs need no DOMAIN)
#   deploy/systemd/install.sh --uninstall           stop and remove the units and programs;
#                                                   keeps the database, settings and backups
#   deploy/systemd/install.sh --uninstall --purge   also drops the database and its role, the
#                                                   settings and the system user (backups stay)
#
# What it does:
#   - the Debian packages, the build and the web UI with the same functions the tests use
#     (deploy/local/packages.sh: ensure_packages, build_project, build_web)
#   - a system user `billing`; PostgreSQL (Debian's cluster) with a role and database `billing`
#     and a generated password; Redis from Debian's package (127.0.0.1:6379)
#   - programs in /opt/billing-suite/bin, the web UI in /opt/billing-suite/web
#   - /etc/billing-suite/billing.env (0640 root:billing): written once with a generated
#     JWT_SECRET, SERVICE_KEY, WA_LINK_SECRET and database password; later runs keep every value
#     and only add new settings
#   - one template unit billing-suite@.service, run as billing-suite@<name>.service for each
#     process of deploy/services.txt with a drop-in of its own (description, metrics port,
#     secrets it does not get), billing-suite.target, and a nightly pg_dump backup
#     (billing-suite-db-backup.timer) into /var/backups/billing-suite, kept DB_BACKUP_KEEP_DAYS days
#   - the sidecars of deploy/sidecars.txt: wa-link (the owner's WhatsApp for messaging, Node.js 20)
#     in /opt/billing-suite/wa-link (npm ci --omit=dev: build_wa_link), run by
#     billing-suite-wa-link.service as its own user billing-wa-link, its session in
#     /var/lib/billing-suite-wa-link (0700). With a node older than 20 it is left out (a warning
#     says so) and the rest is installed.
#   - Caddy (Debian package) in front of the gateway, which listens on 127.0.0.1:3000 only:
#     with DOMAIN, https://DOMAIN with an automatic certificate and HTTP redirected to HTTPS;
#     without, plain HTTP on http://127.0.0.1 (this machine only); the isolir door on port 8081
#     (where the routers send isolated customers). Settings in
#     /etc/billing-suite/caddy.env, configuration /opt/billing-suite/Caddyfile (deploy/caddy/)
set -euo pipefail

SYSTEMD_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=deploy/local/packages.sh
source "${SYSTEMD_SRC}/../local/packages.sh" # ensure_packages, build_project, build_web, build_wa_link, PROJECT_ROOT, BUILD_DIR
# shellcheck source=deploy/services.sh
source "${SYSTEMD_SRC}/../services.sh" # services_manifest, service_names, service_binaries: deploy/services.txt; sidecars_manifest; log, warn, die
LOG_TAG=install

INSTALL_DIR=/opt/billing-suite
ETC_DIR=/etc/billing-suite
ENV_FILE="${ETC_DIR}/billing.env"
DB_BACKUP_DIR=/var/backups/billing-suite
UNIT_DIR=/etc/systemd/system
SERVICE_USER=billing
DB_NAME=billing
DB_ROLE=billing
HEALTH_TIMEOUT_SECONDS="${HEALTH_TIMEOUT_SECONDS:-120}"
CADDY_SRC="${SYSTEMD_SRC}/../caddy"
CADDY_ENV_FILE="${ETC_DIR}/caddy.env"
CADDY_DROPIN_DIR="${UNIT_DIR}/caddy.service.d"

# The sidecars' secrets (name -> value) for default_settings; do_install fills it.
declare -A SIDECAR_SECRETS=()

# The gateway's default port (deploy/services.txt).
gateway_port() { services_manifest | awk '$1 == "gateway" {print $2}'; }

# Where the build puts a component's binary.
built_binary() {
  local name="$1" binary="$2"
  if [[ "$name" == gateway ]]; then
    printf '%s/gateway/gateway\n' "$BUILD_DIR"
  else
    printf '%s/services/%s/%s\n' "$BUILD_DIR" "$name" "$binary"
  fi
}

# The drop-in of billing-suite@<name>.service: what differs between the processes. Only auth
# signs tokens (JWT_SECRET); the gateway never gets the database, and serves /metrics on its
# own port, after every service has started (so on stop it goes first and takes no new requests).
# A sidecar's secret (WA_LINK_SECRET) stays with its client (messaging), which starts after it.
instance_dropin() {
  local name="$1" metrics="$2" description="$3" other sidecar client
  local -a unset_secrets=() sidecars=()
  while read -r sidecar _ client _; do
    if [[ "$client" == "$name" ]]; then
      sidecars+=("$sidecar")
    else
      unset_secrets+=("$(sidecar_env_prefix "$sidecar")_SECRET")
    fi
  done < <(sidecars_manifest)
  printf '# Written by deploy/systemd/install.sh from deploy/services.txt; it is replaced on every run.\n'
  printf '[Unit]\n'
  if [[ "$name" == gateway ]]; then
    printf 'Description=Billing suite: %s\n' "$description"
    while read -r other; do printf 'After=billing-suite@%s.service\n' "$other"; done < <(service_names --backends)
  else
    printf 'Description=Billing suite: %s service (%s)\n' "$name" "$description"
  fi
  for sidecar in "${sidecars[@]}"; do
    printf 'Wants=billing-suite-%s.service\nAfter=billing-suite-%s.service\n' "$sidecar" "$sidecar"
  done
  printf '\n[Service]\n'
  if [[ "$metrics" != - ]]; then
    printf '# Each process on this host needs its own metrics port (curl 127.0.0.1:%s/metrics).\n' "$metrics"
    printf 'Environment=METRICS_LISTEN=127.0.0.1:%s\n' "$metrics"
  fi
  case "$name" in
    auth) printf '# The one process that signs tokens: it keeps JWT_SECRET.\n' ;;
    gateway) printf '# Secrets it does not need are taken out of its environment.\nUnsetEnvironment=DATABASE_URL JWT_SECRET\n' ;;
    *) printf '# Secrets it does not need are taken out of its environment.\nUnsetEnvironment=JWT_SECRET\n' ;;
  esac
  if ((${#unset_secrets[@]} > 0)); then
    printf '# The sidecars'"'"' secrets are for their clients alone.\nUnsetEnvironment=%s\n' "${unset_secrets[*]}"
  fi
}

random_hex() { head -c "$1" /dev/urandom | od -An -tx1 | tr -d ' \n'; }

# Value of KEY in an env file (the last assignment), empty when absent.
env_value() {
  local file="$1" key="$2"
  [[ -f "$file" ]] || return 0
  sed -n "s/^${key}=//p" "$file" | tail -n 1
}

# The settings every install has, with their defaults (one KEY=value per line).
default_settings() {
  local db_password="$1" jwt_secret="$2" pg_port="$3" service_key="${4:-}"
  cat <<EOF
DATABASE_URL=postgresql://${DB_ROLE}:${db_password}@127.0.0.1:${pg_port}/${DB_NAME}
REDIS_ADDR=127.0.0.1:6379
JWT_SECRET=${jwt_secret}
SERVICE_KEY=${service_key}
LOG_LEVEL=info
$(services_manifest | awk '$1 != "gateway" {u = toupper($1); print u "_LISTEN=127.0.0.1:" $2; print u "_ADDR=127.0.0.1:" $2}')
$(sidecar_settings)
GATEWAY_LISTEN=127.0.0.1:$(gateway_port)
TRUSTED_PROXIES=127.0.0.1/32,::1/128
WEB_ROOT=${INSTALL_DIR}/web
DB_BACKUP_DIR=${DB_BACKUP_DIR}
DB_BACKUP_KEEP_DAYS=14
EOF
}

# Per sidecar: where it listens (loopback), where its client finds it, the secret they share.
sidecar_settings() {
  local name port prefix
  while read -r name port _; do
    prefix="$(sidecar_env_prefix "$name")"
    printf '%s_LISTEN=127.0.0.1:%s\n%s_URL=http://127.0.0.1:%s\n%s_SECRET=%s\n' \
      "$prefix" "$port" "$prefix" "$port" "$prefix" "${SIDECAR_SECRETS[$name]:-}"
  done < <(sidecars_manifest)
}

# Writes the settings file the first time; later keeps every line (the operator's edits, the
# secrets) and appends only settings it lacks, e.g. ones a newer version added. A setting that
# was commented out on purpose (#KEY=...) is not added back. Mode 0640; the caller sets owner.
write_env_file() {
  local file="$1" db_password="$2" jwt_secret="$3" pg_port="$4" service_key="${5:-}"
  local line key added=0
  if [[ ! -f "$file" ]]; then
    (
      umask 077
      {
        printf '# Settings of the billing suite, read by its systemd units (billing-suite@*.service).\n'
        printf '# Written by deploy/systemd/install.sh; your edits are kept when it runs again.\n'
        printf '# Holds secrets: keep it 0640 root:billing. Table of settings: README.md.\n'
        printf '# METRICS_LISTEN is set per unit (deploy/services.txt); do not set it here.\n'
      } >"$file"
    )
  fi
  while IFS= read -r line; do
    key="${line%%=*}"
    if ! grep -qE "^#?[[:space:]]*${key}=" "$file"; then
      printf '%s\n' "$line" >>"$file"
      added=$((added + 1))
    fi
  done < <(default_settings "$db_password" "$jwt_secret" "$pg_port" "$service_key")
  chmod 0640 "$file"
  if ((added > 0)); then log "${file}: added ${added} setting(s)"; fi
}

# Settings files of installs before Caddy came in front had the gateway on every interface:
# that old default moves to loopback (a value the operator chose is kept).
migrate_env_file() {
  local file="$1"
  if grep -qx 'GATEWAY_LISTEN=0.0.0.0:3000' "$file"; then
    sed -i 's/^GATEWAY_LISTEN=0\.0\.0\.0:3000$/GATEWAY_LISTEN=127.0.0.1:3000/' "$file"
    log "${file}: GATEWAY_LISTEN moved to 127.0.0.1:3000 (Caddy is the public door now)"
  fi
}

# A domain name as Caddy takes it for a site with a certificate: letters, digits, dots and
# dashes only (the value goes into the Caddyfile as text).
valid_domain() {
  [[ "$1" =~ ^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$ ]]
}

# The isolir door's port (deploy/caddy/Caddyfile, README: "The isolir page").
ISOLIR_PORT_DEFAULT=8081

# Caddy's settings (deploy/caddy/Caddyfile) for DOMAIN, or for plain HTTP on loopback without.
# The isolir door listens where the site does (every interface with a domain).
caddy_settings() {
  local domain="$1"
  if [[ -n "$domain" ]]; then
    printf 'SITE_ADDRESS=%s\nCADDY_BIND=\nISOLIR_BIND=\n' "$domain"
  else
    printf 'SITE_ADDRESS=http://\nCADDY_BIND=127.0.0.1\nISOLIR_BIND=127.0.0.1\n'
  fi
  printf 'ISOLIR_PORT=%s\n' "$ISOLIR_PORT_DEFAULT"
  printf 'GATEWAY_UPSTREAM=127.0.0.1:%s\n' "$(gateway_port)"
}

# caddy.env files written before the isolir door: it listens where the site does.
migrate_caddy_env() {
  local file="$1"
  if ! grep -q '^ISOLIR_BIND=' "$file"; then
    printf 'ISOLIR_BIND=%s\n' "$(env_value "$file" CADDY_BIND)" >>"$file"
    log "${file}: added ISOLIR_BIND (the isolir door)"
  fi
  if ! grep -q '^ISOLIR_PORT=' "$file"; then
    printf 'ISOLIR_PORT=%s\n' "$ISOLIR_PORT_DEFAULT" >>"$file"
    log "${file}: added ISOLIR_PORT (the isolir door)"
  fi
}

# Writes caddy.env: the first time, or again when DOMAIN is given (the domain changes); a run
# without DOMAIN keeps the file, so an upgrade keeps the domain and any edit (and only adds the
# settings a newer version introduced). Mode 0644.
write_caddy_env() {
  local file="$1" domain="$2"
  if [[ -f "$file" && -z "$domain" ]]; then
    migrate_caddy_env "$file"
    return 0
  fi
  {
    printf '# Caddy in front of the billing suite (deploy/caddy/Caddyfile says what each setting does).\n'
    printf '# Written by deploy/systemd/install.sh; DOMAIN=name install.sh rewrites it, plain runs keep it.\n'
    caddy_settings "$domain"
  } >"$file"
  chmod 0644 "$file"
  log "${file}: $(if [[ -n "$domain" ]]; then echo "https://${domain}"; else echo "plain HTTP on 127.0.0.1"; fi)"
}

# The address people open, from caddy.env.
public_url() {
  local site
  site="$(env_value "$CADDY_ENV_FILE" SITE_ADDRESS)"
  if [[ -z "$site" || "$site" == http://* ]]; then
    printf 'http://127.0.0.1 (this machine only; set DOMAIN for HTTPS)\n'
  else
    printf 'https://%s\n' "$site"
  fi
}

# The isolir door's port, from caddy.env.
isolir_port() {
  local port
  port="$(env_value "$CADDY_ENV_FILE" ISOLIR_PORT)"
  printf '%s\n' "${port:-$ISOLIR_PORT_DEFAULT}"
}

# Caddy from Debian's package, run with our Caddyfile (a drop-in replaces the package's
# ExecStart; /etc/caddy/Caddyfile is left as the package made it).
install_caddy() {
  local domain="$1"
  install -m 0644 "${CADDY_SRC}/Caddyfile" "${INSTALL_DIR}/Caddyfile"
  write_caddy_env "$CADDY_ENV_FILE" "$domain"
  install -d -m 0755 "$CADDY_DROPIN_DIR"
  install -m 0644 "${CADDY_SRC}/caddy-billing-suite.conf" "${CADDY_DROPIN_DIR}/billing-suite.conf"
  systemctl daemon-reload
  systemctl enable caddy >/dev/null
  systemctl restart caddy
  systemctl is-active --quiet caddy || die "Caddy did not start; see journalctl -u caddy"
}

# The password inside a postgresql://role:password@host URL.
url_password() {
  local url="$1" rest
  rest="${url#*://}"
  rest="${rest%%@*}"
  [[ "$rest" == *:* ]] && printf '%s\n' "${rest#*:}"
}

# ---------------------------------------------------------------------------------------------

require_root_on_debian() {
  ((EUID == 0)) || die "run as root (sudo $0)"
  [[ -f /etc/debian_version ]] || die "this installer is for Debian 12 (bookworm)"
  [[ -d /run/systemd/system ]] || die "systemd is not running on this machine (use docker compose or deploy/local/up.sh instead)"
}

ensure_user() {
  local user="${1:-$SERVICE_USER}"
  if ! getent group "$user" >/dev/null; then groupadd --system "$user"; fi
  if ! getent passwd "$user" >/dev/null; then
    log "creating system user ${user}"
    useradd --system --gid "$user" --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin "$user"
  fi
}

# The sidecars (deploy/sidecars.txt) run on Node.js 20 or newer; Debian bookworm's own nodejs is
# 18. True when /usr/bin/node (what their units run) is new enough.
node_is_new_enough() {
  local version major
  version="$(/usr/bin/node --version 2>/dev/null)" || return 1
  major="${version#v}"
  major="${major%%.*}"
  [[ "$major" =~ ^[0-9]+$ ]] && ((major >= 20))
}

# Installs each sidecar's program (package.json, src/, node_modules/ from build_wa_link) as
# /opt/billing-suite/<name>, and its system user billing-<name>; their units go to
# INSTALLED_UNITS. Without Node.js 20 they are left out, with a warning.
install_sidecars() {
  local name src stage
  SIDECARS_INSTALLED=0
  [[ -n "$(sidecars_manifest)" ]] || return 0
  if ! node_is_new_enough; then
    warn "wa-link (WhatsApp through the owner's phone, provider \"Perangkat tertaut\") is NOT installed: it needs Node.js 20 or newer as /usr/bin/node, this machine has $(/usr/bin/node --version 2>/dev/null || echo none) (Debian bookworm's own nodejs is 18). Install Node.js 20 (e.g. NodeSource's nodejs package) and run install.sh again; the other providers work without it."
    return 0
  fi
  build_wa_link
  while read -r name _; do
    src="${PROJECT_ROOT}/services/${name}"
    stage="$(mktemp -d)"
    cp -r "${src}/package.json" "${src}/src" "${src}/node_modules" "$stage/"
    replace_dir "$stage" "${INSTALL_DIR}/${name}"
    rm -rf "$stage"
    ensure_user "billing-${name}"
    INSTALLED_UNITS+=("billing-suite-${name}.service")
  done < <(sidecars_manifest)
  SIDECARS_INSTALLED=1
}

pg_port() {
  local port
  port="$(pg_lsclusters --no-header 2>/dev/null | awk '$1 == "15" && $2 == "main" {print $3}')"
  printf '%s\n' "${port:-5432}"
}

psql_as_postgres() {
  runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$(pg_port)" "$@"
}

ensure_postgres() {
  systemctl enable --now postgresql >/dev/null
  local deadline=$((SECONDS + 60))
  until runuser -u postgres -- pg_isready -q -p "$(pg_port)"; do
    ((SECONDS < deadline)) || die "PostgreSQL did not start (journalctl -u postgresql@15-main)"
    sleep 1
  done
}

# Role and database; the role's password is (re)set to the one in the settings file. The SQL
# goes through stdin, so the password never shows in a process list.
ensure_database() {
  local password="$1"
  psql_as_postgres -d postgres <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${DB_ROLE}') THEN
    CREATE ROLE ${DB_ROLE} LOGIN;
  END IF;
END
\$\$;
ALTER ROLE ${DB_ROLE} WITH LOGIN PASSWORD '${password//\'/\'\'}';
SELECT 'CREATE DATABASE ${DB_NAME} OWNER ${DB_ROLE} ENCODING ''UTF8'' TEMPLATE template0'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '${DB_NAME}')\gexec
SQL
}

# Copies a directory tree into place by building it beside the target and swapping.
replace_dir() {
  local src="$1" dest="$2"
  rm -rf "${dest}.new"
  cp -r "$src" "${dest}.new"
  chmod -R u=rwX,go=rX "${dest}.new"
  rm -rf "${dest}.old"
  if [[ -e "$dest" ]]; then mv "$dest" "${dest}.old"; fi
  mv "${dest}.new" "$dest"
  rm -rf "${dest}.old"
}

# Installs the programs that were built, as bin/<name> (what billing-suite@<name> runs); their
# unit names go to INSTALLED_UNITS.
INSTALLED_UNITS=()
SIDECARS_INSTALLED=0 # install_sidecars: 1 when they were installed (Node.js 20 is there)
install_programs() {
  local entry name binary path
  local -a list
  mapfile -t list < <(service_binaries)
  install -d -m 0755 "${INSTALL_DIR}" "${INSTALL_DIR}/bin"
  for entry in "${list[@]}"; do
    read -r name binary <<<"$entry"
    path="$(built_binary "$name" "$binary")"
    if [[ ! -x "$path" ]]; then
      warn "${path} was not built; billing-suite@${name} is not installed"
      continue
    fi
    # install(1) replaces the file (new inode), so a running old binary is not disturbed.
    install -m 0755 "$path" "${INSTALL_DIR}/bin/${name}"
    # Installs before the template unit named the programs after their binaries.
    if [[ "$binary" != "$name" ]]; then rm -f "${INSTALL_DIR}/bin/${binary}"; fi
    INSTALLED_UNITS+=("billing-suite@${name}.service")
  done
  install -m 0755 "${SYSTEMD_SRC}/billing-db-backup.sh" "${INSTALL_DIR}/bin/billing-db-backup"
  if [[ -f "${PROJECT_ROOT}/web/dist/index.html" ]]; then
    replace_dir "${PROJECT_ROOT}/web/dist" "${INSTALL_DIR}/web"
  else
    replace_dir "${PROJECT_ROOT}/web/public" "${INSTALL_DIR}/web"
  fi
}

# Installs before the template unit had one unit per process (billing-suite-<name>.service):
# they are stopped and removed, or they would hold the same ports.
remove_legacy_units() {
  local name unit removed=0
  while read -r name; do
    unit="billing-suite-${name}.service"
    if [[ -e "${UNIT_DIR}/${unit}" ]]; then
      systemctl disable --now "$unit" >/dev/null 2>&1 || true
      rm -f "${UNIT_DIR}/${unit}"
      removed=1
    fi
  done < <(service_names)
  if ((removed)); then log "replaced the per-process units by billing-suite@.service"; fi
}

# The template, the target, the backup units, and one drop-in per process (deploy/services.txt).
install_units() {
  local unit name metrics description dir
  remove_legacy_units
  for unit in billing-suite@.service billing-suite.target billing-suite-db-backup.service billing-suite-db-backup.timer; do
    install -m 0644 "${SYSTEMD_SRC}/${unit}" "${UNIT_DIR}/${unit}"
  done
  if ((SIDECARS_INSTALLED)); then
    while read -r name _; do
      install -m 0644 "${SYSTEMD_SRC}/billing-suite-${name}.service" "${UNIT_DIR}/billing-suite-${name}.service"
    done < <(sidecars_manifest)
  fi
  while read -r name _ metrics description; do
    dir="${UNIT_DIR}/billing-suite@${name}.service.d"
    install -d -m 0755 "$dir"
    instance_dropin "$name" "$metrics" "$description" >"${dir}/instance.conf"
    chmod 0644 "${dir}/instance.conf"
  done < <(services_manifest)
  systemctl daemon-reload
}

# Waits for the gateway's /healthz; sets GATEWAY_PORT.
GATEWAY_PORT="$(gateway_port)"
wait_for_gateway() {
  local listen url deadline
  listen="$(env_value "$ENV_FILE" GATEWAY_LISTEN)"
  GATEWAY_PORT="${listen##*:}"
  GATEWAY_PORT="${GATEWAY_PORT:-$(gateway_port)}"
  url="http://127.0.0.1:${GATEWAY_PORT}/healthz"
  deadline=$((SECONDS + HEALTH_TIMEOUT_SECONDS))
  log "waiting for ${url}"
  until curl -fsS --noproxy '*' --max-time 2 -o /dev/null "$url" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      systemctl --no-pager status 'billing-suite@*' >&2 || true
      die "${url} did not answer 200 within ${HEALTH_TIMEOUT_SECONDS}s; see journalctl -u 'billing-suite@*'"
    fi
    sleep 1
  done
}

do_install() {
  local domain="${DOMAIN:-}"
  if [[ -n "$domain" ]] && ! valid_domain "$domain"; then
    die "DOMAIN='${domain}' is not a domain name (e.g. billing.example.com)"
  fi
  require_root_on_debian
  ensure_packages
  (cd "$PROJECT_ROOT" && build_project)
  build_web

  ensure_user
  ensure_postgres
  systemctl enable --now redis-server >/dev/null

  install -d -m 0750 -o root -g "$SERVICE_USER" "$ETC_DIR"
  local db_password jwt_secret service_key
  db_password="$(url_password "$(env_value "$ENV_FILE" DATABASE_URL)" || true)"
  db_password="${db_password:-$(random_hex 24)}"
  jwt_secret="$(env_value "$ENV_FILE" JWT_SECRET)"
  jwt_secret="${jwt_secret:-$(random_hex 32)}"
  # The key every process signs its gRPC calls with (docs/security.md); kept on re-runs.
  service_key="$(env_value "$ENV_FILE" SERVICE_KEY)"
  service_key="${service_key:-$(random_hex 32)}"
  # Each sidecar's secret (WA_LINK_SECRET, shared with its client only); kept on re-runs.
  local sidecar
  while read -r sidecar _; do
    SIDECAR_SECRETS[$sidecar]="$(env_value "$ENV_FILE" "$(sidecar_env_prefix "$sidecar")_SECRET")"
    SIDECAR_SECRETS[$sidecar]="${SIDECAR_SECRETS[$sidecar]:-$(random_hex 32)}"
  done < <(sidecars_manifest)
  write_env_file "$ENV_FILE" "$db_password" "$jwt_secret" "$(pg_port)" "$service_key"
  migrate_env_file "$ENV_FILE"
  chown root:"$SERVICE_USER" "$ENV_FILE"
  ensure_database "$db_password"
  install -d -m 0750 -o "$SERVICE_USER" -g "$SERVICE_USER" "$DB_BACKUP_DIR"

  install_programs
  install_sidecars
  local -a units=("${INSTALLED_UNITS[@]}")
  ((${#units[@]} > 0)) || die "nothing was built"
  install_units
  systemctl enable billing-suite.target "${units[@]}" billing-suite-db-backup.timer >/dev/null
  log "restarting ${units[*]}"
  systemctl restart "${units[@]}"
  systemctl start billing-suite-db-backup.timer

  wait_for_gateway
  install_caddy "$domain"
  cat <<EOF

  Billing suite is running:  $(public_url)
  (the gateway itself: http://127.0.0.1:${GATEWAY_PORT}, reachable from this machine only)

  Default logins (created on the first start of an empty database):
    admin / admin123
    staff / staff123
  WARNING: change both passwords now; anyone who knows the defaults can log in.

  Settings: ${ENV_FILE} (then: systemctl restart billing-suite.target)
  Logs:     journalctl -u 'billing-suite@*' -f
  Backups:  ${DB_BACKUP_DIR} (nightly; systemctl list-timers billing-suite-db-backup.timer)
  HTTPS:    Caddy, settings ${CADDY_ENV_FILE}; logs: journalctl -u caddy
  Isolir:   the routers' walled garden sends isolated customers to port $(isolir_port) (README: "The isolir page")

EOF
}

do_uninstall() {
  local purge="$1" unit
  require_root_on_debian
  local -a units=(billing-suite-db-backup.timer billing-suite.target)
  for unit in "${UNIT_DIR}"/billing-suite-*.service "${UNIT_DIR}"/billing-suite@*.service.d; do
    if [[ -e "$unit" ]]; then units+=("$(basename "$unit" .d)"); fi
  done
  log "stopping and removing ${units[*]}"
  systemctl disable --now "${units[@]}" >/dev/null 2>&1 || true
  for unit in "${units[@]}"; do rm -rf "${UNIT_DIR:?}/${unit}" "${UNIT_DIR:?}/${unit}.d"; done
  rm -f "${UNIT_DIR}/billing-suite@.service"
  if [[ -e "${CADDY_DROPIN_DIR}/billing-suite.conf" ]]; then
    log "stopping Caddy (it served only the suite) and removing its drop-in"
    systemctl disable --now caddy >/dev/null 2>&1 || true
    rm -f "${CADDY_DROPIN_DIR}/billing-suite.conf"
    rmdir "$CADDY_DROPIN_DIR" 2>/dev/null || true
  fi
  systemctl daemon-reload
  rm -rf "$INSTALL_DIR"
  if ((purge)); then
    log "dropping database ${DB_NAME} and role ${DB_ROLE}; removing ${ETC_DIR} and user ${SERVICE_USER}"
    if runuser -u postgres -- pg_isready -q -p "$(pg_port)" 2>/dev/null; then
      psql_as_postgres -d postgres -c "DROP DATABASE IF EXISTS ${DB_NAME}" \
        -c "DROP ROLE IF EXISTS ${DB_ROLE}"
    else
      warn "PostgreSQL is not running: database ${DB_NAME} was not dropped"
    fi
    rm -rf "$ETC_DIR"
    if getent passwd "$SERVICE_USER" >/dev/null; then userdel "$SERVICE_USER"; fi
    local sidecar
    while read -r sidecar _; do
      log "removing the ${sidecar} session /var/lib/billing-suite-${sidecar} and user billing-${sidecar}"
      rm -rf "/var/lib/billing-suite-${sidecar}" "/var/lib/private/billing-suite-${sidecar}"
      if getent passwd "billing-${sidecar}" >/dev/null; then userdel "billing-${sidecar}"; fi
    done < <(sidecars_manifest)
    log "backups in ${DB_BACKUP_DIR} are kept; delete them yourself when no longer needed"
  else
    log "kept: database ${DB_NAME}, ${ETC_DIR}, ${DB_BACKUP_DIR}, user ${SERVICE_USER}, the WhatsApp session in /var/lib/billing-suite-wa-link (--purge removes them)"
  fi
  log "PostgreSQL and Redis stay installed and running"
}

main() {
  local uninstall=0 purge=0 arg
  for arg in "$@"; do
    case "$arg" in
      --uninstall) uninstall=1 ;;
      --purge) purge=1 ;;
      -h | --help)
        sed -n '2,22p' "$0"
        return 0
        ;;
      *) die "unknown argument '${arg}' (see --help)" ;;
    esac
  done
  ((purge == 0 || uninstall == 1)) || die "--purge goes with --uninstall"
  if ((uninstall)); then do_uninstall "$purge"; else do_install; fi
}

# Sourcing the file (tests/deploy does) defines the functions without running anything.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
