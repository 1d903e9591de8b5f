#!/usr/bin/env bash
# Checks the deployment files without Docker or systemd running against deploy/services.txt,
# the one list of the suite's processes, and deploy/sidecars.txt, its sidecars (Dockerfile and
# compose are generated from them: deploy/generate.py): the code (CMake targets, each main.cc's
# defaults, each sidecar's default port),
# deploy/local/up.sh, docker-compose.yml, deploy/docker/Dockerfile, deploy/systemd/ (the template
# unit and its drop-ins, install.sh, the pg_dump backup script). deploy/k8s has its own test.
#
#   tests/deploy/deploy_config_test.sh [PROJECT_ROOT]     (default: this repository)
#
# Needs docker-compose (v1, Debian package; it validates a compose file without an engine) and
# python3-yaml (its dependency). Uses systemd-analyze and shellcheck when installed.
# Prints "ok - ..." / "FAIL - ..." per check and ends with "N passed, N failed".
# shellcheck disable=SC2016 # the bash -c snippets expand their own arguments
set -uo pipefail

ROOT="$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/../..}" && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
TESTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)" # also dockerfile_stages.py
# shellcheck source=tests/deploy/checks.sh
source "${TESTS_DIR}/checks.sh"

# ---------------------------------------------------------------------------------------------
# The manifest, and the code it must agree with.

MANIFEST="$ROOT/deploy/services.txt"
# shellcheck source=deploy/services.sh
export SERVICES_MANIFEST="$MANIFEST"
source "$ROOT/deploy/services.sh"
services_manifest >"$WORK/manifest.txt"
check "deploy/services.txt lists the processes with unique names and ports, the gateway last" \
  python3 - "$WORK/manifest.txt" <<'PY'
import re, sys
rows = [line.split(None, 3) for line in open(sys.argv[1])]
problems = []
for row in rows:
    if len(row) != 4 or not re.fullmatch(r'[a-z][a-z0-9_]*', row[0]) or not row[1].isdigit() \
            or not (row[2].isdigit() or row[2] == '-'):
        problems.append(f'bad line: {" ".join(row)}')
names = [r[0] for r in rows]
ports = [r[1] for r in rows] + [r[2] for r in rows if r[2] != '-']
if len(set(names)) != len(names): problems.append('a name is listed twice')
if len(set(ports)) != len(ports): problems.append('two processes share a port')
if not names or names[-1] != 'gateway': problems.append('the gateway is not the last line')
for r in rows:
    if (r[2] == '-') != (r[0] == 'gateway'):
        problems.append(f'{r[0]}: metrics port "-" is for the gateway alone (it serves /metrics itself)')
print('\n'.join(problems)); sys.exit(1 if problems else 0)
PY

# "name binary" per process of the manifest: services/<name>/ builds <name>_service.
mapfile -t COMPONENTS < <(service_binaries)
mapfile -t NAMES < <(service_names)

check "every process CMake builds is in deploy/services.txt, and every one listed is built" \
  bash -c 'root="$1"; shift
    for dir in "$root"/services/*/; do
      name="$(basename "$dir")"
      grep -qE "add_executable\(${name}_service[[:space:]]" "${dir}CMakeLists.txt" 2>/dev/null || continue
      [[ " $* " == *" $name "* ]] || { echo "services [$name] is built but not in deploy/services.txt"; exit 1; }
    done
    for name in "$@"; do
      if [[ "$name" == gateway ]]; then cm="$root/gateway/CMakeLists.txt" target=gateway
      else cm="$root/services/$name/CMakeLists.txt" target="${name}_service"; fi
      grep -qE "add_executable\(${target}[[:space:]]" "$cm" 2>/dev/null ||
        { echo "deploy/services.txt lists $name, but no CMake target ${target}"; exit 1; }
    done' _ "$ROOT" "${NAMES[@]}"

# deploy/sidecars.txt: processes that are not C++ services (wa-link), each with one client.
sidecars_manifest >"$WORK/sidecars.txt"
mapfile -t SIDECAR_NAMES < <(awk '{print $1}' "$WORK/sidecars.txt")
# For the bash -c checks below: the names, and the lines ("name port client description").
SIDECARS="${SIDECAR_NAMES[*]}"
SIDECAR_LINES="$(cat "$WORK/sidecars.txt")"
export SIDECARS SIDECAR_LINES
check "deploy/sidecars.txt: unique names and ports (none a service's), a backend service as client, the program there with that default" \
  python3 - "$WORK/sidecars.txt" "$WORK/manifest.txt" "$ROOT" <<'PY'
import os, re, sys
rows = [line.split(None, 3) for line in open(sys.argv[1])]
services = [line.split(None, 3) for line in open(sys.argv[2])]
root = sys.argv[3]
problems = []
taken = {r[1] for r in services} | {r[2] for r in services if r[2] != '-'}
names = {r[0] for r in services}
for row in rows:
    if len(row) != 4 or not re.fullmatch(r'[a-z][a-z0-9-]*', row[0]) or not row[1].isdigit():
        problems.append(f'bad line: {" ".join(row)}'); continue
    name, port, client, _ = row
    if name in names: problems.append(f'{name}: also a service, or listed twice')
    if port in taken: problems.append(f'{name}: port {port} is taken')
    names.add(name); taken.add(port)
    if client not in {r[0] for r in services} or client == 'gateway':
        problems.append(f'{name}: client {client} is not a backend service of deploy/services.txt')
    main = os.path.join(root, 'services', name, 'src', 'main.mjs')
    if not os.path.exists(main):
        problems.append(f'{name}: services/{name}/src/main.mjs does not exist')
    elif f"'127.0.0.1:{port}'" not in open(main).read():
        problems.append(f'{name}: services/{name}/src/main.mjs does not default to 127.0.0.1:{port}')
print('\n'.join(problems)); sys.exit(1 if problems else 0)
PY

# Main file of a component (where its environment is read).
main_file() {
  if [[ "$1" == gateway ]]; then printf '%s/gateway/main.cc\n' "$ROOT"; else printf '%s/services/%s/main.cc\n' "$ROOT" "$1"; fi
}
# The *_LISTEN and *_ADDR variables a component reads (METRICS_LISTEN is per deployment).
address_vars() {
  grep -ohE 'Env::[A-Za-z]+\("[A-Z]+_(LISTEN|ADDR)"' "$(main_file "$1")" 2>/dev/null |
    sed -E 's/.*"([A-Z_]+)"/\1/' | grep -vx METRICS_LISTEN | sort -u
}
: >"$WORK/reads.txt"
for name in "${NAMES[@]}"; do
  printf '%s %s\n' "$name" "$(address_vars "$name" | tr '\n' ' ')" >>"$WORK/reads.txt"
done

# ---------------------------------------------------------------------------------------------
# Each main.cc takes its default ports from config/default_ports.h (generated from the
# manifest), never from a number of its own; up.sh takes its list from the manifest.

check "every main.cc defaults to config/default_ports.h (no port number of its own)" \
  bash -c 'root="$1"; shift
    for name in "$@"; do
      if [[ "$name" == gateway ]]; then f="$root/gateway/main.cc"; else f="$root/services/$name/main.cc"; fi
      upper="${name^^}" camel="${name^}"
      if [[ "$name" == gateway ]]; then
        tr -d " \n" <"$f" | grep -qF "Env::String(\"GATEWAY_LISTEN\",billing::config::kGatewayListen)" ||
          { echo "gateway/main.cc: GATEWAY_LISTEN does not default to kGatewayListen"; exit 1; }
      else
        tr -d " \n" <"$f" | grep -qF "ServerOptionsFor(\"${upper}_LISTEN\",billing::config::k${camel}Listen" ||
          { echo "services/$name/main.cc: ${upper}_LISTEN does not default to k${camel}Listen"; exit 1; }
      fi
      grep -nE "\"[^\"]*:[0-9]{4,5}\"" "$f" | grep -vE "REDIS_ADDR" &&
        { echo "${f#"$root"/}: a port written in the code (use config/default_ports.h)"; exit 1; }
      grep -oE "Env::[A-Za-z]+\(\"[A-Z]+_ADDR\", [^)]*\)" "$f" | grep -v REDIS_ADDR |
        grep -vE "\"([A-Z]+)_ADDR\", billing::config::k[A-Z][a-z]+Addr\)$" &&
        { echo "${f#"$root"/}: an *_ADDR default not from config/default_ports.h"; exit 1; }
    done
    exit 0' _ "$ROOT" "${NAMES[@]}"

check "up.sh starts the backend services of deploy/services.txt, in its order, on its ports" \
  bash -c 'up="$1"
    grep -qF "source \"\${SCRIPT_DIR}/../services.sh\"" "$up" || { echo "up.sh does not source deploy/services.sh"; exit 1; }
    grep -qE "^mapfile -t SERVICES < <\(services_manifest " "$up" || { echo "up.sh: SERVICES is not read from the manifest"; exit 1; }
    if sed -n "/^SERVICES=(/,/^)/p" "$up" | grep -q .; then echo "up.sh: a SERVICES list of its own"; exit 1; fi' _ "$ROOT/deploy/local/up.sh"
check "up.sh takes its sidecars from deploy/sidecars.txt and builds them with build_wa_link" \
  bash -c 'up="$1"
    grep -qE "^mapfile -t SIDECARS < <\(sidecars_manifest " "$up" || { echo "up.sh: SIDECARS is not read from deploy/sidecars.txt"; exit 1; }
    grep -qE "^[[:space:]]*build_wa_link\b" "$up" || { echo "up.sh does not call build_wa_link"; exit 1; }' _ "$ROOT/deploy/local/up.sh"
check "up.sh (on stand-ins): each sidecar before its client, on loopback, its data 0700, its secret for it and its client alone" \
  bash "$(dirname "${BASH_SOURCE[0]}")/up_sidecar_check.sh" "$ROOT" "$WORK/up-sidecars"

# docker-compose.yml and deploy/docker/Dockerfile repeat themselves per process: deploy/generate.py
# writes them from the manifest (deploy/k8s too; tests/deploy/k8s_test.sh compares that).

mkdir -p "$WORK/generated"
if python3 "$ROOT/deploy/generate.py" "$WORK/generated" 2>"$WORK/gen.err"; then
  for generated in deploy/docker/Dockerfile docker-compose.yml; do
    check "$generated is what deploy/generate.py writes from deploy/services.txt (run it, commit both)" \
      diff -u "$ROOT/$generated" "$WORK/generated/$generated"
  done
else
  fail "deploy/generate.py runs" "$(cat "$WORK/gen.err")"
fi

# docker-compose.yml

COMPOSE="$ROOT/docker-compose.yml"
if ! command -v docker-compose >/dev/null 2>&1; then
  fail "docker-compose is installed (Debian package docker-compose, in deploy/local/packages.sh)"
elif [[ ! -f "$COMPOSE" ]]; then
  fail "docker-compose.yml exists"
else
  # An empty --env-file: an operator's .env must not decide the outcome.
  : >"$WORK/empty.env"
  compose() { docker-compose --env-file "$WORK/empty.env" -f "$COMPOSE" "$@"; }
  unset JWT_SECRET POSTGRES_PASSWORD SERVICE_KEY WA_LINK_SECRET DOMAIN PUBLISH_ADDRESS CADDY_IP EDGE_SUBNET # set only where a check sets them
  # Every secret compose requires: the suite's and each sidecar's (WA_LINK_SECRET).
  COMPOSE_SECRETS=(JWT_SECRET POSTGRES_PASSWORD SERVICE_KEY)
  for name in "${SIDECAR_NAMES[@]}"; do COMPOSE_SECRETS+=("$(sidecar_env_prefix "$name")_SECRET"); done
  compose_secrets=()
  for secret in "${COMPOSE_SECRETS[@]}"; do compose_secrets+=("${secret}=test-${secret,,}-0123456789abcdef0123456789"); done
  check "docker-compose config -q accepts docker-compose.yml" \
    env "${compose_secrets[@]}" \
    docker-compose --env-file "$WORK/empty.env" -f "$COMPOSE" config -q
  for secret in "${COMPOSE_SECRETS[@]}"; do
    others=()
    for other in "${COMPOSE_SECRETS[@]}"; do
      [[ "$other" == "$secret" ]] || others+=("${other}=something")
    done
    out="$(env -u "$secret" "${others[@]}" \
      docker-compose --env-file "$WORK/empty.env" -f "$COMPOSE" config -q 2>&1)"
    if [[ $? -ne 0 && "$out" == *"set ${secret}"* ]]; then
      ok "compose refuses to start without ${secret}"
    else
      fail "compose refuses to start without ${secret} (\${${secret}:?set ${secret} ...})" "$out"
    fi
  done
  if env "${compose_secrets[@]}" docker-compose --env-file "$WORK/empty.env" -f "$COMPOSE" config >"$WORK/compose.yml" 2>"$WORK/compose.err"; then
    check "compose services, ports, images and environment match the code" \
      python3 - "$WORK/compose.yml" "$WORK/reads.txt" "$ROOT/deploy/docker/Dockerfile" "$WORK/manifest.txt" "$WORK/sidecars.txt" <<'PY'
import re, sys, yaml

config = yaml.safe_load(open(sys.argv[1]))
manifest = {row.split()[0]: row.split()[1] for row in open(sys.argv[4])}
reads = {}
for line in open(sys.argv[2]):
    parts = line.split()
    reads[parts[0]] = parts[1:]
dockerfile = open(sys.argv[3]).read()
stages = set(re.findall(r'^FROM\s+\S+\s+AS\s+(\S+)', dockerfile, re.M | re.I))
services = config.get('services', {})
problems = []

sidecars = {row.split()[0] for row in open(sys.argv[5])}
expected = set(manifest) | sidecars | {'postgres', 'redis', 'caddy'}
if set(services) != expected:
    problems.append(f'services {sorted(services)} != expected {sorted(expected)}')

listen_port = {}  # component -> port it listens on inside its container
for name, svc in services.items():
    if 'container_name' in svc:
        problems.append(f'{name}: container_name prevents --scale')
    if name != 'caddy' and svc.get('ports'):
        problems.append(f'{name}: publishes ports {svc["ports"]}; only caddy may')
    env = svc.get('environment') or {}
    if name in reads:
        build = svc.get('build') or {}
        if build.get('dockerfile') != 'deploy/docker/Dockerfile' or build.get('target') != name:
            problems.append(f'{name}: must build deploy/docker/Dockerfile target {name}, has {build}')
        if name not in stages:
            problems.append(f'{name}: the Dockerfile has no stage "AS {name}"')
        for var in reads[name]:
            if var not in env:
                problems.append(f'{name}: reads {var} but compose does not set it')
        listen = env.get(f'{name.upper()}_LISTEN', '')
        if not listen.startswith('0.0.0.0:'):
            problems.append(f'{name}: {name.upper()}_LISTEN must be 0.0.0.0:port, is {listen!r}')
        listen_port[name] = listen.rsplit(':', 1)[-1]
        if listen_port[name] != manifest.get(name):
            problems.append(f'{name}: listens on {listen_port[name]}, deploy/services.txt says {manifest.get(name)}')
        if name != 'gateway' and 'DATABASE_URL' not in env:
            problems.append(f'{name}: no DATABASE_URL')
        if not svc.get('depends_on'):
            problems.append(f'{name}: no depends_on')
    elif name in ('postgres', 'redis'):
        if 'healthcheck' not in svc:
            problems.append(f'{name}: no healthcheck')
        vols = [v.get('source') if isinstance(v, dict) else str(v).split(':')[0]
                for v in svc.get('volumes', [])]
        if not any(v in (config.get('volumes') or {}) for v in vols):
            problems.append(f'{name}: no named volume ({vols})')

if 'JWT_SECRET' not in (services.get('auth', {}).get('environment') or {}):
    problems.append('auth: no JWT_SECRET')
for name in reads:
    env = services.get(name, {}).get('environment') or {}
    if 'SERVICE_KEY' not in env:
        problems.append(f'{name}: no SERVICE_KEY (every process signs its gRPC calls)')
    if name != 'auth' and 'JWT_SECRET' in env:
        problems.append(f'{name}: must not get JWT_SECRET (only auth signs tokens)')
gateway_env = services.get('gateway', {}).get('environment') or {}
if 'DATABASE_URL' in gateway_env:
    problems.append('gateway: must not get the database password')

# HTTPS in front: Caddy alone publishes ports, only 80, 443 and the isolir door; no gRPC port is published by
# anyone; Caddy sits on its own network with the gateway and is the one proxy the gateway trusts.
def published_targets(svc):
    out = []
    for p in svc.get('ports') or []:
        if isinstance(p, dict):
            out.append(str(p.get('target')))
        else:
            out.append(str(p).split('/')[0].rsplit(':', 1)[-1])
    return out
grpc_ports = {port for name, port in listen_port.items() if name != 'gateway'}
for name, svc in services.items():
    for target in published_targets(svc):
        if target in grpc_ports or target.startswith('50'):
            problems.append(f'{name}: publishes gRPC port {target}')
caddy = services.get('caddy')
if not caddy:
    problems.append('caddy: no caddy service in front of the gateway')
else:
    if not str(caddy.get('image', '')).startswith('caddy:'):
        problems.append(f'caddy: image {caddy.get("image")!r} is not the official caddy image')
    targets = published_targets(caddy)
    if sorted(set(targets)) != ['443', '80', '8081']:
        problems.append(f'caddy: must publish exactly 80, 443 and the isolir door 8081, publishes {targets}')
    mounts = {}
    for v in caddy.get('volumes') or []:
        if isinstance(v, dict):
            mounts[v.get('target')] = str(v.get('source'))
        else:
            parts = str(v).split(':')
            mounts[parts[1]] = parts[0]
    if not mounts.get('/etc/caddy/Caddyfile', '').endswith('deploy/caddy/Caddyfile'):
        problems.append('caddy: does not mount deploy/caddy/Caddyfile at /etc/caddy/Caddyfile')
    if mounts.get('/data') not in (config.get('volumes') or {}):
        problems.append('caddy: /data (certificates) is not a named volume')
    cenv = caddy.get('environment') or {}
    gateway_port = listen_port.get('gateway')
    if cenv.get('GATEWAY_UPSTREAM') != f'gateway:{gateway_port}':
        problems.append(f'caddy: GATEWAY_UPSTREAM={cenv.get("GATEWAY_UPSTREAM")!r}, expected gateway:{gateway_port}')
    if str(cenv.get('ISOLIR_PORT')) != '8081' or cenv.get('ISOLIR_BIND') != '0.0.0.0':
        problems.append(f'caddy: the isolir door must listen on 0.0.0.0:8081 in the container (ISOLIR_BIND, ISOLIR_PORT), '
                        f'is {cenv.get("ISOLIR_BIND")!r}:{cenv.get("ISOLIR_PORT")!r}')
    if cenv.get('SITE_ADDRESS') != 'http://':
        problems.append(f'caddy: SITE_ADDRESS without DOMAIN is {cenv.get("SITE_ADDRESS")!r}, expected http://')
    nets = caddy.get('networks') or {}
    if 'default' in nets or not nets:
        problems.append(f'caddy: must be only on its own network with the gateway, is on {sorted(nets) or ["default"]}')
    for net, opts in nets.items():
        gw_nets = services.get('gateway', {}).get('networks') or {}
        if net not in gw_nets:
            problems.append(f'caddy: the gateway is not on {net}')
        address = (opts or {}).get('ipv4_address')
        if not address:
            problems.append(f'caddy: no fixed ipv4_address on {net} (the gateway must know it)')
        elif gateway_env.get('TRUSTED_PROXIES') != f'{address}/32':
            problems.append(f'gateway: TRUSTED_PROXIES={gateway_env.get("TRUSTED_PROXIES")!r}, expected {address}/32 (caddy)')
gateway_deps = set(services.get('gateway', {}).get('depends_on') or {})
for name in manifest:
    if name != 'gateway' and name not in gateway_deps:
        problems.append(f'gateway: does not depend on {name}')
if 'TRUST_PROXY' in gateway_env:
    problems.append('gateway: TRUST_PROXY is gone; TRUSTED_PROXIES names the proxies')

# Every *_ADDR anywhere is <compose service>:<that service's listen port>, so Docker's DNS
# gives gRPC every replica.
for name, svc in services.items():
    for var, value in (svc.get('environment') or {}).items():
        m = re.fullmatch(r'([A-Z]+)_ADDR', var)
        if not m or var == 'REDIS_ADDR':
            continue
        target = m.group(1).lower()
        if target not in listen_port:
            problems.append(f'{name}: {var} names no deployed service')
        elif value != f'{target}:{listen_port[target]}':
            problems.append(f'{name}: {var}={value}, expected {target}:{listen_port[target]}')

if problems:
    print('\n'.join(problems))
    sys.exit(1)
PY
  else
    fail "docker-compose config renders the file" "$(cat "$WORK/compose.err")"
  fi
  check "with DOMAIN set, Caddy serves that domain (automatic HTTPS)" \
    bash -c 'out="$(env DOMAIN=billing.example.com "${@:3}" docker-compose --env-file "$1" -f "$2" config)" || exit 1
      grep -qE "^      SITE_ADDRESS: billing\.example\.com$" <<<"$out" || { echo "SITE_ADDRESS is not the DOMAIN"; exit 1; }' \
    _ "$WORK/empty.env" "$COMPOSE" "${compose_secrets[@]}"
  check "secrets come from the environment, none is written in docker-compose.yml" \
    bash -c 'for secret in "${@:2}"; do grep -q "\${${secret}:?" "$1" || { echo "no \${${secret}:?...}"; exit 1; }; done
             ! grep -iE "(SECRET|PASSWORD):[[:space:]]*[A-Za-z0-9]" "$1"' _ "$COMPOSE" "${COMPOSE_SECRETS[@]}"
  # The sidecars: on a network of their own with their client alone, no published port, their
  # data in a named volume, only their own secret; the client finds them and waits for them.
  if [[ -s "$WORK/compose.yml" ]]; then
    check "compose: each sidecar on its own network with its client alone, its session in a named volume, its secret for them only" \
      python3 - "$WORK/compose.yml" "$WORK/sidecars.txt" "$ROOT/deploy/docker/Dockerfile" <<'PY'
import re, sys, yaml
config = yaml.safe_load(open(sys.argv[1]))
services = config.get('services', {})
volumes = config.get('volumes') or {}
stages = set(re.findall(r'^FROM\s+\S+\s+AS\s+(\S+)', open(sys.argv[3]).read(), re.M | re.I))
problems = []
def networks(svc):
    return set(svc.get('networks') or ['default'])
for row in open(sys.argv[2]):
    name, port, client, _ = row.split(None, 3)
    prefix = name.upper().replace('-', '_')
    svc = services.get(name)
    if not svc:
        problems.append(f'{name}: no compose service'); continue
    build = svc.get('build') or {}
    if build.get('dockerfile') != 'deploy/docker/Dockerfile' or build.get('target') != name or name not in stages:
        problems.append(f'{name}: must build deploy/docker/Dockerfile target {name} (a stage of it), has {build}')
    env = svc.get('environment') or {}
    if env.get(f'{prefix}_LISTEN') != f'0.0.0.0:{port}':
        problems.append(f'{name}: {prefix}_LISTEN is {env.get(f"{prefix}_LISTEN")!r}, not 0.0.0.0:{port}')
    if not env.get(f'{prefix}_SECRET'):
        problems.append(f'{name}: no {prefix}_SECRET')
    for other in ('SERVICE_KEY', 'DATABASE_URL', 'JWT_SECRET'):
        if other in env:
            problems.append(f'{name}: gets {other}')
    if svc.get('ports'):
        problems.append(f'{name}: publishes ports {svc["ports"]}')
    if svc.get('restart') not in ('unless-stopped', 'always') or not svc.get('read_only') or \
            'ALL' not in (svc.get('cap_drop') or []):
        problems.append(f'{name}: not restarted unless stopped, read-only, without capabilities')
    data = str(env.get(f'{prefix}_DATA_DIR', ''))
    mounts = {}
    for v in svc.get('volumes') or []:
        if isinstance(v, dict):
            mounts[v.get('target')] = str(v.get('source'))
        else:
            parts = str(v).split(':')
            mounts[parts[1]] = parts[0]
    if not any(data == target or data.startswith(target.rstrip('/') + '/')
               for target, source in mounts.items() if source in volumes):
        problems.append(f'{name}: {prefix}_DATA_DIR={data!r} is not in a named volume (mounts: {mounts})')
    nets = networks(svc)
    if nets & {'default', 'edge'}:
        problems.append(f'{name}: must be only on a network of its own, is on {sorted(nets)}')
    for other, osvc in services.items():
        if other in (name, client):
            continue
        if networks(osvc) & nets:
            problems.append(f'{other}: shares a network with {name} (only {client} may)')
        if f'{prefix}_SECRET' in (osvc.get('environment') or {}):
            problems.append(f'{other}: gets {prefix}_SECRET (only {name} and {client})')
    csvc = services.get(client) or {}
    cenv = csvc.get('environment') or {}
    if cenv.get(f'{prefix}_URL') != f'http://{name}:{port}':
        problems.append(f'{client}: {prefix}_URL is {cenv.get(f"{prefix}_URL")!r}, not http://{name}:{port}')
    if not cenv.get(f'{prefix}_SECRET') or cenv.get(f'{prefix}_SECRET') != env.get(f'{prefix}_SECRET'):
        problems.append(f'{client}: no {prefix}_SECRET, or not the one {name} has')
    if not nets <= networks(csvc) or 'default' not in networks(csvc):
        problems.append(f'{client}: not on {name}\'s network and the default one')
    deps = csvc.get('depends_on') or {}
    if name not in deps or (isinstance(deps, dict) and (deps[name] or {}).get('condition') != 'service_healthy'):
        problems.append(f'{client}: does not wait for {name} to be healthy')
    for store in ('postgres', 'redis'):
        if store not in deps:
            problems.append(f'{client}: no longer waits for {store}')
print('\n'.join(problems)); sys.exit(1 if problems else 0)
PY
  fi
fi

check ".env.example exists with empty secrets; .env is git-ignored; .dockerignore skips build output" \
  bash -c 'grep -qx "JWT_SECRET=" "$1/.env.example" && grep -qx "POSTGRES_PASSWORD=" "$1/.env.example" &&
           grep -qx "SERVICE_KEY=" "$1/.env.example" && grep -qx "WA_LINK_SECRET=" "$1/.env.example" &&
           grep -qx ".env" "$1/.gitignore" && grep -q "^build/" "$1/.dockerignore" &&
           grep -q "^\.data/" "$1/.dockerignore" && grep -q "node_modules" "$1/.dockerignore" &&
           grep -q "^\.ccache/" "$1/.dockerignore"' _ "$ROOT"

# ---------------------------------------------------------------------------------------------
# Dockerfile: the builder runs the same packages.sh functions as the test command and launcher.

DOCKERFILE="$ROOT/deploy/docker/Dockerfile"
PACKAGES="$ROOT/deploy/local/packages.sh"
mapfile -t DEFINED < <(sed -nE 's/^([a-z_]+)\(\) \{.*/\1/p' "$PACKAGES")
# Functions of packages.sh that tests/run.sh and up.sh call.
mapfile -t USED < <(for fn in "${DEFINED[@]}"; do
  if grep -qE "^[[:space:]]*(\(cd [^)]*&& )?${fn}\b" "$ROOT/tests/run.sh" "$ROOT/deploy/local/up.sh"; then echo "$fn"; fi
done)
check "the Dockerfile's builder runs what tests/run.sh and up.sh run (${USED[*]})" \
  bash -c 'df="$1"; shift
    grep -qE "^FROM debian:bookworm AS builder" "$df" || { echo "no FROM debian:bookworm AS builder"; exit 1; }
    grep -qE "^RUN .*source deploy/local/packages.sh" "$df" || { echo "no RUN sourcing deploy/local/packages.sh"; exit 1; }
    for fn in "$@"; do
      grep -qE "^RUN .*source deploy/local/packages.sh.*\b${fn}\b" "$df" || { echo "the builder does not call ${fn}"; exit 1; }
    done' _ "$DOCKERFILE" "${USED[@]}"
check "every packages.sh function the Dockerfile calls exists" \
  bash -c 'df="$1" pk="$2"
    for fn in $(grep -E "^RUN .*source deploy/local/packages.sh" "$df" | grep -oE "\b(ensure|build|missing)_[a-z_]+\b" | sort -u); do
      grep -qE "^${fn}\(\) \{" "$pk" || { echo "${fn} is not defined in packages.sh"; exit 1; }
    done' _ "$DOCKERFILE" "$PACKAGES"
check "runtime images are debian:bookworm-slim, non-root, one binary each, on the manifest's ports" \
  env PYTHONPATH="$TESTS_DIR" PYTHONDONTWRITEBYTECODE=1 python3 - "$DOCKERFILE" "$WORK/manifest.txt" "${COMPONENTS[@]}" <<'PY'
import re, sys
from dockerfile_stages import read_stages
manifest = {row.split()[0]: row.split()[1] for row in open(sys.argv[2])}
stages = read_stages(sys.argv[1])
problems = []
def root_of(stage):
    while stage in stages and stages[stage]['base'] in stages:
        stage = stages[stage]['base']
    return stages.get(stage, {}).get('base')
def user_of(stage):
    user = None
    chain = []
    while stage in stages:
        chain.append(stage)
        stage = stages[stage]['base']
    for s in reversed(chain):
        for line in stages[s]['lines']:
            if line.startswith('USER '):
                user = line.split()[1]
    return user
for entry in sys.argv[3:]:
    name, binary = entry.split()
    if name not in stages:
        problems.append(f'no stage {name}'); continue
    if root_of(name) != 'debian:bookworm-slim':
        problems.append(f'{name}: runtime base is {root_of(name)}, not debian:bookworm-slim')
    user = user_of(name)
    if not user or user.split(':')[0] in ('root', '0'):
        problems.append(f'{name}: runs as {user or "root"}')
    copies = [l for l in stages[name]['lines'] if l.startswith('COPY --from=builder /out/bin/')]
    if len(copies) != 1 or f'/out/bin/{binary} ' not in copies[0]:
        problems.append(f'{name}: must copy exactly /out/bin/{binary}, copies {copies}')
    if not any(l.startswith('ENTRYPOINT') and binary in l for l in stages[name]['lines']):
        problems.append(f'{name}: ENTRYPOINT does not run {binary}')
    if not any(l.startswith('HEALTHCHECK') for l in stages[name]['lines']):
        problems.append(f'{name}: no HEALTHCHECK')
    body = '\n'.join(stages[name]['lines'])
    port = manifest[name]
    if not re.search(rf'\b{name.upper()}_LISTEN=0\.0\.0\.0:{port}\b', body):
        problems.append(f'{name}: the image does not set {name.upper()}_LISTEN=0.0.0.0:{port} (deploy/services.txt)')
    if not re.search(rf'^EXPOSE {port}$', body, re.M):
        problems.append(f'{name}: the image does not EXPOSE {port}')
    health = [l for l in stages[name]['lines'] if 'CMD' in l and ('grpc-health-check' in l or 'healthz' in l)]
    if not health or port not in health[0]:
        problems.append(f'{name}: the health check does not ask port {port}')
if problems:
    print('\n'.join(problems)); sys.exit(1)
PY
check "each sidecar's image: Node.js 20 or newer, non-root, its modules from build_wa_link, health on /health, on its port" \
  env PYTHONPATH="$TESTS_DIR" PYTHONDONTWRITEBYTECODE=1 python3 - "$DOCKERFILE" "$WORK/sidecars.txt" <<'PY'
import re, sys
from dockerfile_stages import read_stages
stages = read_stages(sys.argv[1])
problems = []
for row in open(sys.argv[2]):
    name, port, _client, _ = row.split(None, 3)
    prefix = name.upper().replace('-', '_')
    stage = stages.get(name)
    if not stage:
        problems.append(f'no stage {name}'); continue
    base = stage['base']
    m = re.fullmatch(r'node:(\d+)-bookworm(-slim)?', base)
    if not m or int(m.group(1)) < 20:
        problems.append(f'{name}: based on {base}, not node:20-bookworm-slim or newer (Baileys 7 needs Node.js 20)')
    lines = stage['lines']
    body = '\n'.join(lines)
    users = [l.split()[1] for l in lines if l.startswith('USER ')]
    if not users or users[-1].split(':')[0] in ('root', '0'):
        problems.append(f'{name}: runs as root')
    if not re.search(rf'\b{prefix}_LISTEN=0\.0\.0\.0:{port}\b', body):
        problems.append(f'{name}: the image does not set {prefix}_LISTEN=0.0.0.0:{port}')
    if not re.search(rf'^EXPOSE {port}$', body, re.M):
        problems.append(f'{name}: the image does not EXPOSE {port}')
    health = [l for l in lines if 'CMD' in l and '/health' in l]
    if not health or f':{port}/health' not in health[0]:
        problems.append(f'{name}: no HEALTHCHECK on GET /health of port {port}')
    if not any(l.startswith('ENTRYPOINT') and f'/{name}/src/main.mjs' in l and 'node' in l for l in lines):
        problems.append(f'{name}: ENTRYPOINT does not run node .../{name}/src/main.mjs')
    sources = set(re.findall(r'^COPY --from=(\S+)', body, re.M))
    built = [s for s in sources if s in stages and any(
        l.startswith('RUN ') and 'source deploy/local/packages.sh' in l and 'build_wa_link' in l
        for l in stages[s]['lines'])]
    if not built:
        problems.append(f'{name}: its files do not come from a stage that runs packages.sh build_wa_link')
    for s in built:
        if not re.fullmatch(r'node:(\d+)-bookworm(-slim)?', stages[s]['base']):
            problems.append(f'{name}: its modules are installed on {stages[s]["base"]}, not the Node.js image')
print('\n'.join(problems)); sys.exit(1 if problems else 0)
PY
check "deploy/docker scripts pass bash -n" \
  bash -c 'for f in "$1"/deploy/docker/*.sh "$1"/deploy/docker/grpc-health-check; do bash -n "$f" || exit 1; done' _ "$ROOT"

# ---------------------------------------------------------------------------------------------
# systemd units

UNITS="$ROOT/deploy/systemd"
INSTALL="$UNITS/install.sh"
# Each process runs as billing-suite@<name>.service: the template plus the drop-in install.sh
# writes from the manifest, rendered here as one file per instance.
mkdir -p "$WORK/instances"
bash -c 'source "$1" >/dev/null || exit 1
  while read -r name _ metrics description; do
    { cat "$2/billing-suite@.service"; printf "\n"; instance_dropin "$name" "$metrics" "$description"; } |
      sed "s/%i/${name}/g" >"$3/billing-suite@${name}.service"
  done < <(services_manifest)' _ "$INSTALL" "$UNITS" "$WORK/instances" 2>"$WORK/instances.err"
check "one template unit runs every process with the house settings; no unit per process" \
  bash -c 'units="$1" inst="$2"; shift 2
    for f in "$units"/billing-suite-*.service; do
      n="${f##*/billing-suite-}"; n="${n%.service}"
      [[ "$n" == db-backup || " $SIDECARS " == *" $n "* ]] || { echo "${f##*/}: one unit per process is gone (billing-suite@.service)"; exit 1; }
    done
    t="$units/billing-suite@.service"
    for want in "ExecStart=/opt/billing-suite/bin/%i" "User=billing" "Group=billing" \
        "EnvironmentFile=/etc/billing-suite/billing.env" "Restart=on-failure" "NoNewPrivileges=yes" \
        "ProtectSystem=strict" "WantedBy=billing-suite.target" "PartOf=billing-suite.target"; do
      grep -qx "$want" "$t" || { echo "billing-suite@.service: missing ${want}"; exit 1; }
    done
    grep -qE "^RestartSec=[0-9]+" "$t" || { echo "billing-suite@.service: no RestartSec"; exit 1; }
    grep -qE "^After=.*\bpostgresql\.service\b" "$t" || { echo "billing-suite@.service: not After=postgresql.service"; exit 1; }
    for name in "$@"; do
      u="$inst/billing-suite@${name}.service"
      [[ -s "$u" ]] || { echo "no instance billing-suite@${name}.service"; exit 1; }
      grep -qE "^Wants=.*\bbilling-suite@${name}\.service\b" "$units/billing-suite.target" ||
        { echo "billing-suite.target does not want billing-suite@${name}.service"; exit 1; }
    done
    for w in $(sed -n "s/^Wants=//p" "$units/billing-suite.target"); do
      if [[ "$w" == billing-suite@* ]]; then
        n="${w#billing-suite@}"; n="${n%.service}"
        [[ " $* " == *" $n "* ]] || { echo "billing-suite.target wants ${w}, not in deploy/services.txt"; exit 1; }
      else
        n="${w#billing-suite-}"; n="${n%.service}"
        [[ " $SIDECARS " == *" $n "* ]] || { echo "billing-suite.target wants ${w}, not a sidecar of deploy/sidecars.txt"; exit 1; }
      fi
    done' _ "$UNITS" "$WORK/instances" "${NAMES[@]}"
check "each sidecar's unit: its own user and 0700 state directory, the suite's settings less the others' secrets, restarted, in the target, sandboxed" \
  bash -c 'units="$1"; inst="$2"; shift 2
    for name in $SIDECARS; do
      u="$units/billing-suite-${name}.service"
      [[ -f "$u" ]] || { echo "no billing-suite-${name}.service for the sidecar ${name}"; exit 1; }
      prefix="${name^^}"; prefix="${prefix//-/_}"
      for want in "User=billing-${name}" "Group=billing-${name}" "StateDirectory=billing-suite-${name}" \
          "StateDirectoryMode=0700" "Environment=${prefix}_DATA_DIR=/var/lib/billing-suite-${name}" \
          "EnvironmentFile=/etc/billing-suite/billing.env" "InaccessiblePaths=/etc/billing-suite" \
          "Restart=on-failure" "NoNewPrivileges=yes" "ProtectSystem=strict" "ProtectHome=yes" "PrivateTmp=yes" \
          "CapabilityBoundingSet=" "UMask=0077" "PartOf=billing-suite.target" "WantedBy=billing-suite.target" \
          "ExecStart=/usr/bin/node /opt/billing-suite/${name}/src/main.mjs"; do
        grep -qx "$want" "$u" || { echo "billing-suite-${name}.service: missing ${want}"; exit 1; }
      done
      for secret in DATABASE_URL JWT_SECRET SERVICE_KEY; do
        grep -qE "^UnsetEnvironment=(.* )?${secret}( .*)?$" "$u" || { echo "billing-suite-${name}.service: keeps ${secret}"; exit 1; }
      done
      grep -qE "^Wants=(.* )?billing-suite-${name}\.service( .*)?$" "$units/billing-suite.target" ||
        { echo "billing-suite.target does not want billing-suite-${name}.service"; exit 1; }
      client="$(awk -v n="$name" "\$1 == n {print \$3}" <<<"$SIDECAR_LINES")"
      for f in "$inst"/billing-suite@*.service; do
        n="${f##*/billing-suite@}"; n="${n%.service}"
        if [[ "$n" == "$client" ]]; then
          grep -qx "After=billing-suite-${name}.service" "$f" && grep -qx "Wants=billing-suite-${name}.service" "$f" ||
            { echo "${n}: does not start after billing-suite-${name}.service"; exit 1; }
          ! grep -qE "^UnsetEnvironment=(.* )?${prefix}_SECRET( .*)?$" "$f" || { echo "${n}: loses ${prefix}_SECRET"; exit 1; }
        else
          grep -qE "^UnsetEnvironment=(.* )?${prefix}_SECRET( .*)?$" "$f" || { echo "${n}: keeps ${prefix}_SECRET (only ${client} may)"; exit 1; }
        fi
      done
    done' _ "$UNITS" "$WORK/instances"
check "each instance: its metrics port from the manifest, only the secrets it needs, the gateway last" \
  bash -c 'inst="$1" manifest="$2"
    while read -r name _ metrics _; do
      u="$inst/billing-suite@${name}.service"
      if [[ "$metrics" == - ]]; then
        ! grep -q "^Environment=METRICS_LISTEN" "$u" || { echo "${name}: a METRICS_LISTEN of its own"; exit 1; }
      else
        grep -qx "Environment=METRICS_LISTEN=127.0.0.1:${metrics}" "$u" || { echo "${name}: no METRICS_LISTEN=127.0.0.1:${metrics}"; exit 1; }
      fi
      case "$name" in
        auth) ! grep -q "^UnsetEnvironment=.*JWT_SECRET" "$u" || { echo "auth: loses JWT_SECRET"; exit 1; } ;;
        gateway) grep -qx "UnsetEnvironment=DATABASE_URL JWT_SECRET" "$u" || { echo "gateway: keeps DATABASE_URL or JWT_SECRET"; exit 1; } ;;
        *) grep -qx "UnsetEnvironment=JWT_SECRET" "$u" || { echo "${name}: keeps JWT_SECRET"; exit 1; } ;;
      esac
      if [[ "$name" != gateway ]]; then
        grep -qx "After=billing-suite@${name}.service" "$inst/billing-suite@gateway.service" ||
          { echo "gateway: not After=billing-suite@${name}.service"; exit 1; }
      fi
    done <"$manifest"' _ "$WORK/instances" "$WORK/manifest.txt"
check "the pg_dump backup has a service and a timer" \
  bash -c 'u="$1/billing-suite-db-backup"
    grep -qx "ExecStart=/opt/billing-suite/bin/billing-db-backup" "$u.service" &&
    grep -qx "ReadWritePaths=/var/backups/billing-suite" "$u.service" &&
    grep -qx "User=billing" "$u.service" && grep -qE "^OnCalendar=" "$u.timer" &&
    grep -qx "Persistent=true" "$u.timer"' _ "$UNITS"
if command -v systemd-analyze >/dev/null 2>&1; then
  # verify insists that ExecStart exists: check copies that point at stand-in programs. The
  # template and the drop-ins install.sh writes are laid out as in /etc/systemd/system, and each
  # instance billing-suite@<name>.service is verified by name from there.
  mkdir -p "$WORK/units/bin"
  for f in "$UNITS"/billing-suite*.service "$UNITS"/*.target "$UNITS"/*.timer; do
    [[ "$f" != *'*'* ]] || continue
    sed "s|/opt/billing-suite/bin/|$WORK/units/bin/|" "$f" >"$WORK/units/${f##*/}"
  done
  printf '#!/bin/sh\n' >"$WORK/units/bin/billing-db-backup"
  bash -c 'source "$1" >/dev/null || exit 1
    while read -r name _ metrics description; do
      mkdir -p "$2/billing-suite@${name}.service.d"
      instance_dropin "$name" "$metrics" "$description" >"$2/billing-suite@${name}.service.d/instance.conf"
      printf "#!/bin/sh\n" >"$2/bin/${name}"
    done < <(services_manifest)' _ "$INSTALL" "$WORK/units"
  chmod +x "$WORK"/units/bin/*
  mapfile -t instances < <(printf 'billing-suite@%s.service\n' "${NAMES[@]}")
  SIDECAR_UNITS=()
  for name in "${SIDECAR_NAMES[@]}"; do SIDECAR_UNITS+=("./billing-suite-${name}.service"); done
  # It reports bad lines on stderr and still exits 0: any output is a failure. Lines about the
  # host's own units are not ours (verify loads default.target and what it pulls in, e.g. Debian's
  # freeradius.service warns about MemoryLimit=): they are left out.
  out="$(cd "$WORK/units" && SYSTEMD_UNIT_PATH="$WORK/units:" systemd-analyze verify "${instances[@]}" \
    ./billing-suite-db-backup.service "${SIDECAR_UNITS[@]}" ./*.target ./*.timer 2>&1)"
  status=$?
  out="$(grep -vE '^/(usr/)?lib/systemd/system/|^/etc/systemd/system/|^/run/systemd/' <<<"$out")"
  if [[ $status -eq 0 && -z "$out" ]]; then ok "systemd-analyze verify accepts every unit"; else fail "systemd-analyze verify accepts every unit" "$out"; fi
  cal="$(sed -n 's/^OnCalendar=//p' "$UNITS/billing-suite-db-backup.timer")"
  check "the backup timer's OnCalendar parses" systemd-analyze calendar "$cal"
else
  printf 'skip - systemd-analyze not installed (structural checks above still ran)\n'
fi

# ---------------------------------------------------------------------------------------------
# install.sh and the backup script

check "install.sh passes bash -n" bash -n "$INSTALL"
if command -v shellcheck >/dev/null 2>&1; then
  check "shellcheck accepts install.sh, billing-db-backup.sh and deploy/docker scripts" \
    bash -c 'cd "$1" && shellcheck -x deploy/systemd/install.sh deploy/systemd/billing-db-backup.sh \
      deploy/docker/runtime-packages.sh deploy/docker/grpc-health-check' _ "$ROOT"
else
  printf 'skip - shellcheck not installed\n'
fi
check "install.sh installs with the same packages.sh functions as tests/run.sh and up.sh" \
  bash -c 'for fn in "${@:2}"; do grep -qE "^[[:space:]]*(\(cd [^)]*&& )?${fn}\b" "$1" || { echo "install.sh does not call ${fn}"; exit 1; }; done' \
  _ "$INSTALL" "${USED[@]}"
check "install.sh writes the settings file once, keeps edits and secrets, adds new settings" \
  bash -c 'source "$1" >/dev/null || exit 1
    f="$2/billing.env"
    write_env_file "$f" pw1 secret1 5432 key1 >/dev/null
    [[ "$(stat -c %a "$f")" == 640 ]] || { echo "mode $(stat -c %a "$f")"; exit 1; }
    sed -i "s/^LOG_LEVEL=.*/LOG_LEVEL=debug/; /^DB_BACKUP_KEEP_DAYS=/d" "$f"
    write_env_file "$f" pw2 secret2 5433 key2 >/dev/null
    [[ "$(env_value "$f" JWT_SECRET)" == secret1 ]] || { echo "JWT_SECRET changed on re-run"; exit 1; }
    [[ "$(env_value "$f" SERVICE_KEY)" == key1 ]] || { echo "SERVICE_KEY changed on re-run"; exit 1; }
    [[ "$(grep -c "^SERVICE_KEY=" "$f")" == 1 ]] || { echo "duplicate SERVICE_KEY"; exit 1; }
    [[ "$(url_password "$(env_value "$f" DATABASE_URL)")" == pw1 ]] || { echo "database password changed"; exit 1; }
    [[ "$(env_value "$f" LOG_LEVEL)" == debug ]] || { echo "an edit was lost"; exit 1; }
    [[ "$(env_value "$f" DB_BACKUP_KEEP_DAYS)" == 14 ]] || { echo "a missing setting was not added"; exit 1; }
    [[ "$(grep -c "^JWT_SECRET=" "$f")" == 1 ]] || { echo "duplicate JWT_SECRET"; exit 1; }' _ "$INSTALL" "$WORK"
check "install.sh: each sidecar on loopback, its client finds it, their secret generated once and kept" \
  bash -c 'source "$1" >/dev/null || exit 1
    f="$2/sidecars.env"
    while read -r name port client _; do
      prefix="$(sidecar_env_prefix "$name")"
      SIDECAR_SECRETS[$name]="first-secret-of-${name}-0123456789abcdef"
      write_env_file "$f" pw secret 5432 key >/dev/null
      SIDECAR_SECRETS[$name]="second-secret-of-${name}-0123456789abcdef"
      write_env_file "$f" pw secret 5432 key >/dev/null
      [[ "$(env_value "$f" "${prefix}_SECRET")" == "first-secret-of-${name}-0123456789abcdef" ]] ||
        { echo "${prefix}_SECRET is not kept on re-run: $(grep "^${prefix}_SECRET=" "$f")"; exit 1; }
      [[ "$(grep -c "^${prefix}_SECRET=" "$f")" == 1 ]] || { echo "duplicate ${prefix}_SECRET"; exit 1; }
      [[ "$(env_value "$f" "${prefix}_LISTEN")" == "127.0.0.1:${port}" ]] || { echo "${prefix}_LISTEN is not 127.0.0.1:${port}"; exit 1; }
      [[ "$(env_value "$f" "${prefix}_URL")" == "http://127.0.0.1:${port}" ]] || { echo "${prefix}_URL is not http://127.0.0.1:${port}"; exit 1; }
    done <"$3"
    grep -qE "^[[:space:]]*install_sidecars$" "$1" || { echo "install.sh does not call install_sidecars"; exit 1; }' \
  _ "$INSTALL" "$WORK" "$WORK/sidecars.txt"
check "install.sh's settings give every process the addresses it reads" \
  bash -c 'source "$1" >/dev/null || exit 1
    settings="$(default_settings pw secret 5432)"
    while read -r name vars; do
      for var in $vars; do
        grep -q "^${var}=127\.0\.0\.1:[0-9]" <<<"$settings" || [[ "$var" == GATEWAY_LISTEN ]] ||
          { echo "${name} reads ${var}, which billing.env does not set"; exit 1; }
      done
    done <"$2"' _ "$INSTALL" "$WORK/reads.txt"

# ---------------------------------------------------------------------------------------------
# HTTPS in front: deploy/caddy/Caddyfile, and how install.sh sets Caddy up.

CADDYFILE="$ROOT/deploy/caddy/Caddyfile"
if ! command -v caddy >/dev/null 2>&1; then
  fail "caddy is installed (Debian package caddy, in deploy/local/packages.sh)"
else
  # caddy validate provisions the config (it starts no listener) with the settings compose and
  # install.sh give it; its storage goes to a scratch directory.
  for settings in "SITE_ADDRESS=http:// CADDY_BIND=127.0.0.1 GATEWAY_UPSTREAM=127.0.0.1:3000" \
    "SITE_ADDRESS=billing.example.com CADDY_BIND= ISOLIR_BIND= GATEWAY_UPSTREAM=127.0.0.1:3000" \
    "SITE_ADDRESS=http:// CADDY_BIND=0.0.0.0 ISOLIR_BIND=0.0.0.0 ISOLIR_PORT=8081 GATEWAY_UPSTREAM=gateway:3000"; do
    check "caddy validate accepts deploy/caddy/Caddyfile with ${settings}" \
      env -i PATH="$PATH" HOME="$WORK" XDG_DATA_HOME="$WORK/caddy-data" XDG_CONFIG_HOME="$WORK/caddy-config" \
      $settings caddy validate --config "$CADDYFILE" --adapter caddyfile
  done
  check "the Caddyfile keeps /metrics inside, bounds header reads, streams live events" \
    bash -c 'out="$(env -i PATH="$PATH" HOME="$2" XDG_DATA_HOME="$2/d" XDG_CONFIG_HOME="$2/c" \
        SITE_ADDRESS=billing.example.com caddy adapt --config "$1" --adapter caddyfile 2>/dev/null)" || exit 1
      python3 - "$out" <<"PY"
import json, sys
cfg = json.loads(sys.argv[1])
text = json.dumps(cfg)
servers = cfg["apps"]["http"]["servers"]
problems = []
if not all(s.get("read_header_timeout", 0) and s["read_header_timeout"] <= 10_000_000_000 for s in servers.values()):
    problems.append("read_header timeout missing or over 10 s")
def metrics_404(routes):
    for route in routes:
        paths = [p for m in route.get("match", []) for p in m.get("path", [])]
        handles = route.get("handle", [])
        if "/metrics" in paths and any(h.get("handler") == "static_response" and
                                       str(h.get("status_code")) == "404" for h in handles):
            return True
        if any(h.get("handler") == "subroute" and metrics_404(h.get("routes", [])) for h in handles):
            return True
    return False
for server in servers.values():
    listen = " ".join(server.get("listen", []))
    if not metrics_404(server.get("routes", [])):
        problems.append(f"/metrics is not answered by Caddy itself (404) on {listen}")
if "\"flush_interval\": -1" not in text:
    problems.append("reverse_proxy does not flush at once (live events)")
if "billing.example.com" not in text:
    problems.append("SITE_ADDRESS is not the site")
print("\n".join(problems)); sys.exit(1 if problems else 0)
PY' _ "$CADDYFILE" "$WORK"
  # The isolir door (README: "The isolir page"): a plain-HTTP site of its own port for whatever
  # host the routers send there.
  check "the Caddyfile's isolir door listens on ISOLIR_PORT (default 8081) and ISOLIR_BIND (default 127.0.0.1), plain HTTP" \
    bash -c 'listens() { env -i PATH="$PATH" HOME="$2" XDG_DATA_HOME="$2/d" XDG_CONFIG_HOME="$2/c" \
        SITE_ADDRESS=billing.example.com "${@:3}" caddy adapt --config "$1" --adapter caddyfile 2>/dev/null |
        python3 -c "import json, sys; [print(\" \".join(s[\"listen\"])) for s in json.load(sys.stdin)[\"apps\"][\"http\"][\"servers\"].values()]"; }
      out="$(listens "$1" "$2")"
      grep -qx "127.0.0.1:8081" <<<"$out" || { echo "by default no site listens on 127.0.0.1:8081 (listeners: $(tr "\n" " " <<<"$out"))"; exit 1; }
      out="$(listens "$1" "$2" ISOLIR_BIND= ISOLIR_PORT=8181)"
      grep -qx ":8181" <<<"$out" || { echo "ISOLIR_BIND= ISOLIR_PORT=8181: no site on :8181 (listeners: $(tr "\n" " " <<<"$out"))"; exit 1; }' \
    _ "$CADDYFILE" "$WORK"
  check "Caddy run on loopback: the isolir door sends any other site to /portal/isolir and passes the portal on" \
    bash "$(dirname "${BASH_SOURCE[0]}")/isolir_door_check.sh" "$CADDYFILE" "$WORK/isolir-door"
fi
check "install.sh: without DOMAIN Caddy serves plain HTTP on loopback; with DOMAIN, HTTPS for it; a re-run keeps the domain" \
  bash -c 'source "$1" >/dev/null || exit 1
    f="$2/caddy.env"
    [[ "$(caddy_settings "")" == *"SITE_ADDRESS=http://"*"CADDY_BIND=127.0.0.1"* ]] || { echo "no DOMAIN: not loopback HTTP"; exit 1; }
    write_caddy_env "$f" billing.example.com >/dev/null
    [[ "$(env_value "$f" SITE_ADDRESS)" == billing.example.com ]] || { echo "SITE_ADDRESS not the domain"; exit 1; }
    grep -qx "CADDY_BIND=" "$f" || { echo "with a domain Caddy must listen on every interface"; exit 1; }
    write_caddy_env "$f" "" >/dev/null
    [[ "$(env_value "$f" SITE_ADDRESS)" == billing.example.com ]] || { echo "a re-run without DOMAIN lost the domain"; exit 1; }
    valid_domain billing.example.com || { echo "billing.example.com refused"; exit 1; }
    for bad in "" localhost "a.com {" "a.com/x" "-a.com" "a..com" "http://a.com" $'"'"'a.com\nb.com'"'"'; do
      if valid_domain "$bad"; then echo "DOMAIN \"$bad\" accepted"; exit 1; fi
    done' _ "$INSTALL" "$WORK"
check "install.sh: the isolir door listens on 8081 where the site does; an older caddy.env gains it" \
  bash -c 'source "$1" >/dev/null || exit 1
    f="$2/isolir-caddy.env"
    write_caddy_env "$f" billing.example.com >/dev/null 2>&1
    grep -qx "ISOLIR_BIND=" "$f" && grep -qx "ISOLIR_PORT=8081" "$f" ||
      { echo "with a domain the isolir door is not on every interface, port 8081: $(grep ISOLIR "$f")"; exit 1; }
    [[ "$(caddy_settings "")" == *"ISOLIR_BIND=127.0.0.1"* ]] || { echo "no DOMAIN: the isolir door not on loopback"; exit 1; }
    printf "SITE_ADDRESS=billing.example.com\nCADDY_BIND=\nGATEWAY_UPSTREAM=127.0.0.1:3000\n" >"$f"
    write_caddy_env "$f" "" >/dev/null 2>&1
    grep -qx "ISOLIR_BIND=" "$f" && grep -qx "ISOLIR_PORT=8081" "$f" ||
      { echo "an older caddy.env with a domain did not gain ISOLIR_BIND= and ISOLIR_PORT=8081"; exit 1; }
    [[ "$(grep -c "^ISOLIR_PORT=" "$f")" == 1 && "$(env_value "$f" SITE_ADDRESS)" == billing.example.com ]] ||
      { echo "the upgrade changed more than it should"; exit 1; }
    write_caddy_env "$f" "" >/dev/null 2>&1
    [[ "$(grep -c "^ISOLIR_" "$f")" == 2 ]] || { echo "a second run added the isolir settings again"; exit 1; }' _ "$INSTALL" "$WORK"
check "install.sh: the gateway listens on loopback only and trusts only the local proxy" \
  bash -c 'source "$1" >/dev/null || exit 1
    settings="$(default_settings pw secret 5432)"
    grep -qx "GATEWAY_LISTEN=127.0.0.1:3000" <<<"$settings" || { echo "GATEWAY_LISTEN is not 127.0.0.1:3000"; exit 1; }
    grep -qx "TRUSTED_PROXIES=127.0.0.1/32,::1/128" <<<"$settings" || { echo "TRUSTED_PROXIES is not loopback"; exit 1; }
    f="$2/old.env"
    printf "GATEWAY_LISTEN=0.0.0.0:3000\n" >"$f"
    migrate_env_file "$f" >/dev/null
    grep -qx "GATEWAY_LISTEN=127.0.0.1:3000" "$f" || { echo "an old install keeps the gateway on every interface"; exit 1; }
    printf "GATEWAY_LISTEN=10.0.0.5:3000\n" >"$f"
    migrate_env_file "$f" >/dev/null
    grep -qx "GATEWAY_LISTEN=10.0.0.5:3000" "$f" || { echo "an address the operator chose was changed"; exit 1; }' _ "$INSTALL" "$WORK"
check "install.sh installs Caddy with deploy/caddy's Caddyfile and drop-in" \
  bash -c 'grep -qE "^[[:space:]]*install_caddy " "$1" &&
    grep -qx "EnvironmentFile=/etc/billing-suite/caddy.env" "$2/caddy-billing-suite.conf" &&
    grep -qx "ExecStart=/usr/bin/caddy run --config /opt/billing-suite/Caddyfile --adapter caddyfile" "$2/caddy-billing-suite.conf" &&
    grep -qxE "caddy|.*[[:space:]]caddy([[:space:]].*)?" <<<"$(sed -n "/^REQUIRED_PACKAGES=(/,/^)/p" "$3")"' \
  _ "$INSTALL" "$ROOT/deploy/caddy" "$PACKAGES"

# The backup script against a stand-in pg_dump: a dump appears, old ones go, a failure keeps
# everything and leaves no partial file.
mkdir -p "$WORK/fakebin" "$WORK/backups"
cat >"$WORK/fakebin/pg_dump" <<'EOF'
#!/usr/bin/env bash
[[ -z "${FAKE_PG_DUMP_FAIL:-}" ]] || { echo "connection refused" >&2; exit 1; }
for arg in "$@"; do case "$arg" in --file=*) printf 'PGDMP' >"${arg#--file=}" ;; esac; done
EOF
chmod +x "$WORK/fakebin/pg_dump"
touch -d '20 days ago' "$WORK/backups/billing-20000101T000000Z.dump"
touch -d '2 days ago' "$WORK/backups/billing-20000102T000000Z.dump"
check "billing-db-backup writes a dump and deletes dumps older than DB_BACKUP_KEEP_DAYS" \
  bash -c 'PATH="$1/fakebin:$PATH" DATABASE_URL=postgresql://x@127.0.0.1/billing DB_BACKUP_DIR="$1/backups" \
      DB_BACKUP_KEEP_DAYS=14 "$2" >/dev/null || exit 1
    ls "$1/backups" | grep -qE "^billing-[0-9]{8}T[0-9]{6}Z\.dump$" || { echo "no new dump"; exit 1; }
    [[ ! -e "$1/backups/billing-20000101T000000Z.dump" ]] || { echo "old dump kept"; exit 1; }
    [[ -e "$1/backups/billing-20000102T000000Z.dump" ]] || { echo "recent dump deleted"; exit 1; }' \
  _ "$WORK" "$UNITS/billing-db-backup.sh"
touch -d '30 days ago' "$WORK/backups/billing-20000103T000000Z.dump"
check "a failed billing-db-backup exits non-zero, deletes nothing, leaves no partial file" \
  bash -c 'before="$(ls -A "$1/backups")"
    if PATH="$1/fakebin:$PATH" FAKE_PG_DUMP_FAIL=1 DATABASE_URL=postgresql://x@127.0.0.1/billing \
        DB_BACKUP_DIR="$1/backups" "$2" >/dev/null 2>&1; then echo "exit status 0"; exit 1; fi
    [[ "$(ls -A "$1/backups")" == "$before" ]] || { echo "directory changed: $(ls -A "$1/backups")"; exit 1; }' \
  _ "$WORK" "$UNITS/billing-db-backup.sh"

finish_checks
