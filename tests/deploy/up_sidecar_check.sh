#!/usr/bin/env bash
# deploy/local/up.sh with its sidecars (deploy/sidecars.txt, e.g. wa-link), run on stand-in
# programs: up.sh is sourced (its functions, not main), plans, prepares .data, loads the secrets
# and starts every process, each a stand-in that records its environment; a sidecar's stand-in
# (Node.js) answers GET /health after a moment like the real one. Checks that each sidecar is
# started before its client, on loopback, with its data directory (mode 700) and its secret
# (generated into secrets.env, 32+ characters); that its client alone gets the secret and
# <PREFIX>_URL, and started only after the sidecar answered /health; that no other process gets
# the secret, even one exported by the user; that the sidecar logs to logs/<name>.log; and that
# stop_services stops it.
#
#   tests/deploy/up_sidecar_check.sh PROJECT_ROOT WORK_DIR
# shellcheck disable=SC2016 # the stand-ins' text expands when they run
set -uo pipefail

ROOT="$1"
WORK="$2"
rm -rf "$WORK"
mkdir -p "$WORK/dump"
command -v node >/dev/null 2>&1 || {
  echo "node is not installed (the sidecars' stand-ins need it; deploy/local/packages.sh installs it)"
  exit 1
}

# shellcheck source=deploy/services.sh
source "$ROOT/deploy/services.sh"
mapfile -t SIDECAR_LINES < <(sidecars_manifest)
if ((${#SIDECAR_LINES[@]} == 0)); then
  echo "deploy/sidecars.txt lists no sidecar"
  exit 0
fi

# A service's stand-in: records its environment under the name of its *_LISTEN, and whether each
# sidecar it was given (<PREFIX>_URL) answered GET /health when it started.
cat >"$WORK/service-standin" <<'EOF'
#!/usr/bin/env bash
name="$(env | sed -n 's/^\([A-Z_]*\)_LISTEN=.*/\1/p' | grep -vx METRICS | head -n 1)"
env >"$DUMP_DIR/${name}.env"
for url in $(env | sed -n 's/^[A-Z_]*_URL=\(http:\/\/127\.0\.0\.1:[0-9]*\)$/\1/p'); do
  if curl -fsS --noproxy '*' --max-time 2 -o /dev/null "${url}/health"; then
    echo "up ${url}" >>"$DUMP_DIR/${name}.saw"
  else
    echo "down ${url}" >>"$DUMP_DIR/${name}.saw"
  fi
done
EOF
chmod +x "$WORK/service-standin"

declare -A PORT_OF=() PREFIX_OF=() CLIENT_OF=()
for line in "${SIDECAR_LINES[@]}"; do
  read -r name _ client _ <<<"$line"
  prefix="$(sidecar_env_prefix "$name")"
  PREFIX_OF[$name]="$prefix"
  CLIENT_OF[$name]="$client"
  PORT_OF[$name]="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  # The sidecar's stand-in: records its environment, answers /health after 300 ms.
  cat >"$WORK/${name}.mjs" <<EOF
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';
const env = Object.entries(process.env).map(([k, v]) => k + '=' + v).join('\n') + '\n';
writeFileSync(process.env.DUMP_DIR + '/${name}.env', env);
const [host, port] = process.env.${prefix}_LISTEN.split(':');
setTimeout(() => {
  createServer((req, res) => {
    res.writeHead(req.url === '/health' ? 200 : 404, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  }).listen(Number(port), host);
}, 300);
process.on('SIGTERM', () => process.exit(0));
EOF
done

# up.sh in a subshell, as a user would run it but on the stand-ins.
USER_SECRET="user-chosen-secret-$(od -An -N 16 -t x1 /dev/urandom | tr -d ' \n')"
(
  export DUMP_DIR="$WORK/dump" BILLING_DATA_DIR="$WORK/data" LOG_LEVEL=info
  unset DATABASE_URL REDIS_ADDR JWT_SECRET SERVICE_KEY BILLING_DB_PASSWORD GATEWAY_LISTEN
  for name in "${!PORT_OF[@]}"; do
    export "${PREFIX_OF[$name]}_PORT=${PORT_OF[$name]}"
    unset "${PREFIX_OF[$name]}_SECRET" "${PREFIX_OF[$name]}_DATA_DIR"
  done
  first="${!PREFIX_OF[*]}"
  first="${first%% *}"
  # The user's own value of the first sidecar's secret: it wins, and still reaches no one else.
  export "${PREFIX_OF[$first]}_SECRET=${USER_SECRET}"
  printf '%s\n' "$first" >"$WORK/first"
  # shellcheck source=deploy/local/up.sh
  source "$ROOT/deploy/local/up.sh" || exit 1
  HEALTH_TIMEOUT_SECONDS=20
  STOP_TIMEOUT_SECONDS=5
  plan_instances
  printf '%s\n' "${PLAN_NAMES[@]}" >"$WORK/plan-names"
  printf '%s\n' "${PLAN_LISTEN[@]}" >"$WORK/plan-listen"
  prepare_dirs
  load_secrets >/dev/null
  DATABASE_URL="postgresql://billing:pw@127.0.0.1:1/billing"
  REDIS_ADDR="127.0.0.1:1"
  for i in "${!PLAN_NAMES[@]}"; do
    if is_sidecar "${PLAN_NAMES[$i]}"; then
      PLAN_BINS[i]="$WORK/${PLAN_NAMES[$i]}.mjs"
    else
      PLAN_BINS[i]="$WORK/service-standin"
    fi
  done
  start_services >"$WORK/start.out" 2>&1 || exit 1
  for i in "${!STARTED_NAMES[@]}"; do
    printf '%s %s\n' "${STARTED_NAMES[$i]}" "${STARTED_PIDS[$i]}" >>"$WORK/started"
  done
  # Every stand-in has written its environment.
  deadline=$((SECONDS + 15))
  while (($(find "$DUMP_DIR" -name '*.env' | wc -l) < ${#PLAN_NAMES[@]})) && ((SECONDS < deadline)); do sleep 0.1; done
  stop_services >/dev/null 2>&1
) || {
  echo "up.sh did not start the stand-ins:"
  cat "$WORK/start.out" 2>/dev/null
  exit 1
}

problems=()
secrets_file="$WORK/data/secrets.env"
[[ "$(stat -c %a "$secrets_file" 2>/dev/null)" == 600 ]] || problems+=("secrets.env is not mode 600")
first="$(cat "$WORK/first")"
mapfile -t plan < "$WORK/plan-names"
for name in "${!PORT_OF[@]}"; do
  prefix="${PREFIX_OF[$name]}" client="${CLIENT_OF[$name]}" port="${PORT_OF[$name]}"
  client_env="$WORK/dump/${client^^}.env"
  sidecar_env="$WORK/dump/${name}.env"
  generated="$(sed -n "s/^${prefix}_SECRET=//p" "$secrets_file")"
  if ((${#generated} < 32)) || [[ ! "$generated" =~ ^[0-9a-f]+$ ]]; then
    problems+=("secrets.env: ${prefix}_SECRET is not a generated secret of 32+ characters ('${generated}')")
  fi
  expected="$generated"
  if [[ "$name" == "$first" ]]; then expected="$USER_SECRET"; fi
  # Start order: the sidecar just before its client's first instance.
  sidecar_at=-1 client_at=-1
  for i in "${!plan[@]}"; do
    if [[ "${plan[$i]}" == "$name" ]]; then sidecar_at=$i; fi
    if [[ "$client_at" == -1 && ("${plan[$i]}" == "$client" || "${plan[$i]}" == "${client}-1") ]]; then client_at=$i; fi
  done
  ((sidecar_at >= 0 && sidecar_at < client_at)) || problems+=("${name} is not planned before ${client} (plan: ${plan[*]})")
  grep -qx "${prefix}_LISTEN=127.0.0.1:${port}" "$WORK/plan-listen" ||
    problems+=("${name} does not listen on 127.0.0.1:${port} (${prefix}_PORT) only")
  dir="$WORK/data/${name}"
  [[ "$(stat -c %a "$dir" 2>/dev/null)" == 700 ]] || problems+=("${dir#"$WORK"/} is not mode 700")
  if [[ ! -s "$sidecar_env" ]]; then
    problems+=("${name} was not started")
  else
    grep -qx "${prefix}_SECRET=${expected}" "$sidecar_env" || problems+=("${name} did not get ${prefix}_SECRET")
    grep -qx "${prefix}_LISTEN=127.0.0.1:${port}" "$sidecar_env" || problems+=("${name}: ${prefix}_LISTEN is not 127.0.0.1:${port}")
    grep -qx "${prefix}_DATA_DIR=${dir}" "$sidecar_env" || problems+=("${name}: ${prefix}_DATA_DIR is not ${dir}")
    for other in DATABASE_URL JWT_SECRET SERVICE_KEY BILLING_DB_PASSWORD; do
      if grep -q "^${other}=" "$sidecar_env"; then problems+=("${name} gets ${other}"); fi
    done
  fi
  [[ -f "$WORK/data/logs/${name}.log" ]] || problems+=("${name} does not log to logs/${name}.log")
  if [[ ! -s "$client_env" ]]; then
    problems+=("${client} was not started")
  else
    grep -qx "${prefix}_SECRET=${expected}" "$client_env" || problems+=("${client} did not get ${prefix}_SECRET")
    grep -qx "${prefix}_URL=http://127.0.0.1:${port}" "$client_env" ||
      problems+=("${client}: ${prefix}_URL is not http://127.0.0.1:${port}")
    grep -qx "up http://127.0.0.1:${port}" "$WORK/dump/${client^^}.saw" 2>/dev/null ||
      problems+=("${client} started before ${name} answered GET /health")
  fi
  for f in "$WORK"/dump/*.env; do
    [[ "$f" == "$client_env" || "$f" == "$sidecar_env" ]] && continue
    if grep -q "^${prefix}_SECRET=" "$f"; then problems+=("$(basename "$f" .env) gets ${prefix}_SECRET"); fi
    if grep -q "^${prefix}_URL=" "$f"; then problems+=("$(basename "$f" .env) gets ${prefix}_URL"); fi
  done
  pid="$(awk -v n="$name" '$1 == n {print $2}' "$WORK/started" 2>/dev/null)"
  if [[ -z "$pid" ]]; then
    problems+=("${name} is not among the started processes")
  elif kill -0 "$pid" 2>/dev/null; then
    problems+=("stop_services left ${name} (pid ${pid}) running")
    kill -KILL "$pid" 2>/dev/null
  fi
done
if ((${#problems[@]} > 0)); then
  printf '%s\n' "${problems[@]}"
  exit 1
fi
rm -rf "$WORK"
