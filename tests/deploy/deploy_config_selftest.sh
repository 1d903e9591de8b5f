#!/usr/bin/env bash
# Shows that deploy_config_test.sh can fail: runs it on copies of the deployment files, each
# broken in one way, and expects a FAIL naming that breakage.
#
#   tests/deploy/deploy_config_selftest.sh
# shellcheck disable=SC2016 # the bash -c snippets expand their own arguments
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TEST="${ROOT}/tests/deploy/deploy_config_test.sh"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
PASSED=0
FAILED=0

# A copy of just what deploy_config_test.sh reads.
fresh_copy() {
  local dest="$1" f
  rm -rf "$dest"
  mkdir -p "$dest"
  (
    cd "$ROOT" || exit 1
    for f in docker-compose.yml .env.example .gitignore .dockerignore tests/run.sh \
      gateway/CMakeLists.txt gateway/main.cc services/*/CMakeLists.txt services/*/main.cc \
      services/*/src/main.mjs; do
      [[ -e "$f" ]] || continue
      mkdir -p "${dest}/$(dirname "$f")"
      cp "$f" "${dest}/${f}"
    done
    cp -r deploy "${dest}/deploy"
  )
}

# The check each breakage below is caught by: only that one runs for it (DEPLOY_CHECKS_ONLY), not
# every check before it (about 20 s a case). A breakage missing here runs them all.
declare -A TARGET=(
  ["up.sh keeps a service list of its own"]="up.sh starts the backend services of deploy/services.txt, in its order, on its ports"
  ["a Dockerfile stage edited by hand"]="deploy/docker/Dockerfile is what deploy/generate.py writes from deploy/services.txt"
  ["a service added to the manifest, compose not regenerated"]="docker-compose.yml is what deploy/generate.py writes from deploy/services.txt"
  ["a port moves in the manifest only"]="compose services, ports, images and environment match the code"
  ["the manifest lists a process nothing builds"]="every process CMake builds is in deploy/services.txt, and every one listed is built"
  ["two processes share a metrics port"]="deploy/services.txt lists the processes with unique names and ports, the gateway last"
  ["a main.cc writes its own default port"]="every main.cc defaults to config/default_ports.h"
  ["an image listens on a port the manifest does not give"]="runtime images are debian:bookworm-slim, non-root, one binary each, on the manifest's ports"
  ["the gateway starts before a service in compose"]="compose services, ports, images and environment match the code"
  ["a backend service publishes a port"]="compose services, ports, images and environment match the code"
  ["the gateway publishes its port"]="compose services, ports, images and environment match the code"
  ["Caddy publishes a gRPC port"]="compose services, ports, images and environment match the code"
  ["the gateway trusts every address as a proxy"]="compose services, ports, images and environment match the code"
  ["a Caddyfile Caddy cannot load"]="caddy validate accepts deploy/caddy/Caddyfile with SITE_ADDRESS=http:// CADDY_BIND=127.0.0.1 GATEWAY_UPSTREAM=127.0.0.1:3000"
  ["Caddy passes /metrics to the internet"]="the Caddyfile keeps /metrics inside, bounds header reads, streams live events"
  ["Caddy does not publish the isolir door"]="compose services, ports, images and environment match the code"
  ["the isolir door listens on another port in the container"]="compose services, ports, images and environment match the code"
  ["the Caddyfile loses the isolir door"]="the Caddyfile's isolir door listens on ISOLIR_PORT"
  ["the isolir door serves the staff app"]="Caddy run on loopback: the isolir door sends any other site to /portal/isolir and passes the portal on"
  ["the isolir door sends the customer to HTTPS of the host asked for"]="Caddy run on loopback: the isolir door sends any other site to /portal/isolir and passes the portal on"
  ["the isolir door redirects the portal API too"]="Caddy run on loopback: the isolir door sends any other site to /portal/isolir and passes the portal on"
  ["an upgrade leaves the isolir door on loopback"]="install.sh: the isolir door listens on 8081 where the site does; an older caddy.env gains it"
  ["install.sh puts the gateway on every interface"]="install.sh: the gateway listens on loopback only and trusts only the local proxy"
  ["install.sh takes any DOMAIN text into the Caddyfile"]="install.sh: without DOMAIN Caddy serves plain HTTP on loopback; with DOMAIN, HTTPS for it; a re-run keeps the domain"
  ["a fixed container_name"]="compose services, ports, images and environment match the code"
  ["a hard-coded JWT secret"]="compose refuses to start without JWT_SECRET"
  ["the gateway reads an address compose does not set"]="compose services, ports, images and environment match the code"
  ["a new service without deployment"]="every process CMake builds is in deploy/services.txt, and every one listed is built"
  ["the image builder skips build_project"]="the Dockerfile's builder runs what tests/run.sh and up.sh run"
  ["a runtime image runs as root"]="runtime images are debian:bookworm-slim, non-root, one binary each, on the manifest's ports"
  ["the template starts a program install.sh does not install"]="one template unit runs every process with the house settings; no unit per process"
  ["a unit without restart on failure"]="one template unit runs every process with the house settings; no unit per process"
  ["a misspelt unit setting"]="systemd-analyze verify accepts every unit"
  ["a unit per process comes back"]="one template unit runs every process with the house settings; no unit per process"
  ["the target forgets a process"]="one template unit runs every process with the house settings; no unit per process"
  ["the gateway gets the database password"]="each instance: its metrics port from the manifest, only the secrets it needs, the gateway last"
  ["install.sh rewrites the settings file on every run"]="install.sh writes the settings file once, keeps edits and secrets, adds new settings"
  ["a sidecar's port moves in deploy/sidecars.txt only"]="deploy/sidecars.txt: unique names and ports"
  ["up.sh gives wa-link's secret to every process"]="up.sh"
  ["up.sh starts messaging before wa-link answers"]="up.sh"
  ["up.sh's wa-link listens on every interface"]="up.sh"
  ["wa-link publishes its port"]="compose services, ports, images and environment match the code"
  ["wa-link on the network every service shares"]="compose: each sidecar on its own network with its client alone, its session in a named volume, its secret for them only"
  ["messaging without wa-link's secret in compose"]="compose: each sidecar on its own network with its client alone, its session in a named volume, its secret for them only"
  ["compose starts without WA_LINK_SECRET"]="compose refuses to start without WA_LINK_SECRET"
  ["the wa-link image on Debian's Node.js 18"]="each sidecar's image: Node.js 20 or newer, non-root, its modules from build_wa_link, health on /health, on its port"
  [".env.example forgets WA_LINK_SECRET"]=".env.example exists with empty secrets; .env is git-ignored; .dockerignore skips build output"
  ["the wa-link unit keeps the suite's other secrets"]="each sidecar's unit: its own user and 0700 state directory, the suite's settings less the others' secrets, restarted, in the target, sandboxed"
  ["the WhatsApp session readable by others"]="each sidecar's unit: its own user and 0700 state directory, the suite's settings less the others' secrets, restarted, in the target, sandboxed"
  ["every unit gets WA_LINK_SECRET"]="each sidecar's unit: its own user and 0700 state directory, the suite's settings less the others' secrets, restarted, in the target, sandboxed"
  ["the target forgets wa-link"]="each sidecar's unit: its own user and 0700 state directory, the suite's settings less the others' secrets, restarted, in the target, sandboxed"
  ["the backup rotates even when pg_dump failed"]="a failed billing-db-backup exits non-zero, deletes nothing, leaves no partial file"
)

# expect_failure NAME EXPECTED_TEXT SHELL_SNIPPET: the snippet breaks the copy in $1.
expect_failure() {
  local name="$1" expected="$2" snippet="$3" copy="${WORK}/copy" out
  fresh_copy "$copy"
  if ! bash -c "$snippet" _ "$copy"; then
    printf 'FAIL - %s: could not apply the breakage\n' "$name"
    FAILED=$((FAILED + 1))
    return
  fi
  out="$(DEPLOY_CHECKS_STOP_AFTER="$expected" DEPLOY_CHECKS_ONLY="${TARGET[$name]:-}" \
    bash "$TEST" "$copy" 2>&1)"
  local status=$?
  if ((status != 0)) && grep -q '^FAIL' <<<"$out" && grep -qF -- "$expected" <<<"$out"; then
    printf 'ok - detected: %s\n' "$name"
    PASSED=$((PASSED + 1))
  else
    printf 'FAIL - not detected: %s (exit %d, wanted "%s")\n' "$name" "$status" "$expected"
    grep -E '^(FAIL|    )' <<<"$out" | sed 's/^/    /'
    FAILED=$((FAILED + 1))
  fi
}

# The unbroken copy passes, so each failure below comes from its breakage.
fresh_copy "${WORK}/copy"
if bash "$TEST" "${WORK}/copy" >"${WORK}/clean.out" 2>&1; then
  printf 'ok - an unbroken copy passes\n'
  PASSED=$((PASSED + 1))
else
  printf 'FAIL - an unbroken copy fails\n'
  sed 's/^/    /' "${WORK}/clean.out"
  FAILED=$((FAILED + 1))
fi

expect_failure "up.sh keeps a service list of its own" "up.sh: SERVICES is not read from the manifest" \
  'sed -i "s/^mapfile -t SERVICES < <(services_manifest .*/SERVICES=(auth:50051)/" "$1/deploy/local/up.sh" && grep -q "^SERVICES=(auth:50051)" "$1/deploy/local/up.sh"'
expect_failure "a Dockerfile stage edited by hand" "deploy/docker/Dockerfile is what deploy/generate.py writes" \
  'sed -i "s/--start-period=60s/--start-period=90s/" "$1/deploy/docker/Dockerfile" && grep -q "start-period=90s" "$1/deploy/docker/Dockerfile"'
expect_failure "a service added to the manifest, compose not regenerated" "docker-compose.yml is what deploy/generate.py writes" \
  'sed -i "s/^network    50101 .*/&\nloyalty    50111  9107  points/" "$1/deploy/services.txt" && grep -q "^loyalty" "$1/deploy/services.txt"'
expect_failure "a port moves in the manifest only" "customer: listens on 50061, deploy/services.txt says 50062" \
  'sed -i "s/^customer   50061 /customer   50062 /" "$1/deploy/services.txt" && grep -q "^customer   50062 " "$1/deploy/services.txt"'
expect_failure "the manifest lists a process nothing builds" "deploy/services.txt lists loyalty, but no CMake target" \
  'sed -i "/^gateway /i loyalty    50111  9107  points" "$1/deploy/services.txt"'
expect_failure "two processes share a metrics port" "two processes share a port" \
  'sed -i "s/^customer   50061  9102 /customer   50061  9101 /" "$1/deploy/services.txt" && grep -q "^customer   50061  9101 " "$1/deploy/services.txt"'
expect_failure "a main.cc writes its own default port" "BILLING_LISTEN does not default to kBillingListen" \
  'sed -i "s/billing::config::kBillingListen/\"127.0.0.1:50071\"/" "$1/services/billing/main.cc" && grep -q "127.0.0.1:50071" "$1/services/billing/main.cc"'
expect_failure "an image listens on a port the manifest does not give" "customer: the image does not set CUSTOMER_LISTEN=0.0.0.0:50061" \
  'sed -i "s/CUSTOMER_LISTEN=0.0.0.0:50061/CUSTOMER_LISTEN=0.0.0.0:50062/" "$1/deploy/docker/Dockerfile" && grep -q "0.0.0.0:50062" "$1/deploy/docker/Dockerfile"'
expect_failure "the gateway starts before a service in compose" "gateway: does not depend on backup" \
  'python3 - "$1/docker-compose.yml" <<"PY"
import re, sys
text = open(sys.argv[1]).read()
new = text.replace("      backup:\n        condition: service_healthy\n", "", 1)
assert new != text
open(sys.argv[1], "w").write(new)
PY'
expect_failure "a backend service publishes a port" "billing: publishes ports" \
  'sed -i "s|^      target: billing$|      target: billing\n    ports: [\"50071:50071\"]|" "$1/docker-compose.yml"'
expect_failure "the gateway publishes its port" "gateway: publishes ports" \
  'sed -i "s|^    networks: \[default, edge\]$|    networks: [default, edge]\n    ports: [\"3000:3000\"]|" "$1/docker-compose.yml" && grep -q "3000:3000" "$1/docker-compose.yml"'
expect_failure "Caddy publishes a gRPC port" "caddy: publishes gRPC port 50051" \
  'sed -i "s|^      - \"\${PUBLISH_ADDRESS:-127.0.0.1}:\${HTTP_PORT:-80}:80\"$|&\n      - \"50051:50051\"|" "$1/docker-compose.yml" && grep -q "50051:50051" "$1/docker-compose.yml"'
expect_failure "the gateway trusts every address as a proxy" "gateway: TRUSTED_PROXIES" \
  'sed -i "s|TRUSTED_PROXIES: .*|TRUSTED_PROXIES: 0.0.0.0/0|" "$1/docker-compose.yml"'
expect_failure "a Caddyfile Caddy cannot load" "caddy validate accepts deploy/caddy/Caddyfile" \
  'command -v caddy >/dev/null || exit 1; echo "reverse_proxy {" >>"$1/deploy/caddy/Caddyfile"'
expect_failure "Caddy passes /metrics to the internet" "/metrics is not answered by Caddy" \
  'command -v caddy >/dev/null || exit 1; sed -i "/respond @metrics 404/d" "$1/deploy/caddy/Caddyfile"'
expect_failure "Caddy does not publish the isolir door" "caddy: must publish exactly 80, 443 and the isolir door 8081" \
  'sed -i "/ISOLIR_PORT:-8081}:8081/d" "$1/docker-compose.yml" && ! grep -q ":8081\"" "$1/docker-compose.yml"'
expect_failure "the isolir door listens on another port in the container" "caddy: the isolir door must listen on 0.0.0.0:8081" \
  'sed -i "s/^      ISOLIR_PORT: \"8081\"$/      ISOLIR_PORT: \"8082\"/" "$1/docker-compose.yml" && grep -q "ISOLIR_PORT: \"8082\"" "$1/docker-compose.yml"'
expect_failure "the Caddyfile loses the isolir door" "the Caddyfile's isolir door listens on ISOLIR_PORT" \
  'command -v caddy >/dev/null || exit 1; python3 - "$1/deploy/caddy/Caddyfile" <<"PY"
import sys
text = open(sys.argv[1]).read()
start = text.index("http://:{$ISOLIR_PORT:8081} {")
open(sys.argv[1], "w").write(text[:start])
PY'
expect_failure "the isolir door serves the staff app" "isolir door: GET http://google.com/foo answered 200" \
  'command -v caddy >/dev/null || exit 1; sed -i "/^\tredir @elsewhere /d" "$1/deploy/caddy/Caddyfile" && ! grep -q "redir @elsewhere" "$1/deploy/caddy/Caddyfile"'
expect_failure "the isolir door sends the customer to HTTPS of the host asked for" "not the relative /portal/isolir" \
  'command -v caddy >/dev/null || exit 1; sed -i "s|^\tredir @elsewhere /portal/isolir 302$|\tredir @elsewhere https://{host}/portal/isolir 302|" "$1/deploy/caddy/Caddyfile" && grep -q "https://{host}/portal/isolir" "$1/deploy/caddy/Caddyfile"'
expect_failure "the isolir door redirects the portal API too" "isolir door: /api/portal/me answered 302" \
  'command -v caddy >/dev/null || exit 1; sed -i "s|^\(\t@elsewhere not path .*\) /api/portal/\* |\1 |" "$1/deploy/caddy/Caddyfile" && ! grep -q "@elsewhere not path.*/api/portal/" "$1/deploy/caddy/Caddyfile"'
expect_failure "an upgrade leaves the isolir door on loopback" "an older caddy.env with a domain did not gain" \
  'sed -i "s/^    migrate_caddy_env \"\$file\"$/    :/" "$1/deploy/systemd/install.sh" && ! grep -q "^    migrate_caddy_env" "$1/deploy/systemd/install.sh"'
expect_failure "install.sh puts the gateway on every interface" "GATEWAY_LISTEN is not 127.0.0.1:3000" \
  'sed -i "s|^GATEWAY_LISTEN=127.0.0.1:\$(gateway_port)$|GATEWAY_LISTEN=0.0.0.0:\$(gateway_port)|" "$1/deploy/systemd/install.sh" && grep -q "^GATEWAY_LISTEN=0.0.0.0:" "$1/deploy/systemd/install.sh"'
expect_failure "install.sh takes any DOMAIN text into the Caddyfile" "accepted" \
  'sed -i "s|^  \[\[ \"\$1\" =~ .*|  [[ -n \"\$1\" ]]|" "$1/deploy/systemd/install.sh" && grep -q "^  \[\[ -n \"\$1\" \]\]$" "$1/deploy/systemd/install.sh"'
expect_failure "a fixed container_name" "customer: container_name" \
  'sed -i "s|^      target: customer$|      target: customer\n    container_name: customer|" "$1/docker-compose.yml"'
expect_failure "a hard-coded JWT secret" "compose refuses to start without JWT_SECRET" \
  'sed -i "s|JWT_SECRET: \${JWT_SECRET:?[^}]*}|JWT_SECRET: changeme|" "$1/docker-compose.yml"'
expect_failure "the gateway reads an address compose does not set" "gateway: reads FOO_ADDR" \
  'echo "auto x = Env::List(\"FOO_ADDR\", \"\");" >>"$1/gateway/main.cc"'
expect_failure "a new service without deployment" "services [" \
  'mkdir -p "$1/services/loyalty" && echo "add_executable(loyalty_service main.cc)" >"$1/services/loyalty/CMakeLists.txt"'
expect_failure "the image builder skips build_project" "the builder does not call build_project" \
  'sed -i "s/build_project && //" "$1/deploy/docker/Dockerfile"'
expect_failure "a runtime image runs as root" "runs as root" \
  'sed -i "/^USER /d" "$1/deploy/docker/Dockerfile"'
expect_failure "the template starts a program install.sh does not install" "missing ExecStart=/opt/billing-suite/bin/%i" \
  'sed -i "s|bin/%i$|bin/%i_service|" "$1/deploy/systemd/billing-suite@.service" && grep -q "bin/%i_service" "$1/deploy/systemd/billing-suite@.service"'
expect_failure "a unit without restart on failure" "missing Restart=on-failure" \
  'sed -i "/^Restart=on-failure/d" "$1/deploy/systemd/billing-suite@.service"'
expect_failure "a misspelt unit setting" "systemd-analyze verify" \
  'command -v systemd-analyze >/dev/null || exit 1; sed -i "s/^ProtectHome=yes/ProtectHomes=yes/" "$1/deploy/systemd/billing-suite@.service"'
expect_failure "a unit per process comes back" "billing-suite-auth.service: one unit per process is gone" \
  'cp "$1/deploy/systemd/billing-suite@.service" "$1/deploy/systemd/billing-suite-auth.service"'
expect_failure "the target forgets a process" "billing-suite.target does not want billing-suite@network.service" \
  'sed -i "s/ billing-suite@network.service//" "$1/deploy/systemd/billing-suite.target" && ! grep -q "@network" "$1/deploy/systemd/billing-suite.target"'
expect_failure "the gateway gets the database password" "gateway: keeps DATABASE_URL or JWT_SECRET" \
  'sed -i "s/UnsetEnvironment=DATABASE_URL JWT_SECRET/UnsetEnvironment=JWT_SECRET/" "$1/deploy/systemd/install.sh" && ! grep -q "UnsetEnvironment=DATABASE_URL" "$1/deploy/systemd/install.sh"'
expect_failure "install.sh rewrites the settings file on every run" "install.sh writes the settings file once" \
  'sed -i "s/if \[\[ ! -f \"\$file\" \]\]; then/if true; then/" "$1/deploy/systemd/install.sh" && grep -q "if true; then" "$1/deploy/systemd/install.sh"'
# The sidecars (deploy/sidecars.txt: wa-link).
expect_failure "a sidecar's port moves in deploy/sidecars.txt only" "wa-link: services/wa-link/src/main.mjs does not default to 127.0.0.1:50122" \
  'sed -i "s/^wa-link    50121 /wa-link    50122 /" "$1/deploy/sidecars.txt" && grep -q "^wa-link    50122 " "$1/deploy/sidecars.txt"'
expect_failure "up.sh gives wa-link's secret to every process" "AUTH gets WA_LINK_SECRET" \
  'sed -i "s/ SERVICE_KEY \"\${sidecar_secrets\[@\]}\"$/ SERVICE_KEY/" "$1/deploy/local/up.sh" && ! grep -q "sidecar_secrets\[@\]}\"$" "$1/deploy/local/up.sh"'
expect_failure "up.sh starts messaging before wa-link answers" "messaging started before wa-link answered GET /health" \
  'sed -i "/then wait_for_sidecar \"\$i\"; fi$/d" "$1/deploy/local/up.sh" && ! grep -q "then wait_for_sidecar" "$1/deploy/local/up.sh"'
expect_failure "up.sh's wa-link listens on every interface" "wa-link does not listen on 127.0.0.1" \
  'sed -i "s/PLAN_LISTEN+=(\"\${prefix}_LISTEN=127.0.0.1:/PLAN_LISTEN+=(\"\${prefix}_LISTEN=0.0.0.0:/" "$1/deploy/local/up.sh" && grep -q "_LISTEN=0.0.0.0:" "$1/deploy/local/up.sh"'
expect_failure "wa-link publishes its port" "wa-link: publishes ports" \
  'sed -i "s|^      target: wa-link$|      target: wa-link\n    ports: [\"50121:50121\"]|" "$1/docker-compose.yml" && grep -q "50121:50121" "$1/docker-compose.yml"'
expect_failure "wa-link on the network every service shares" "wa-link: must be only on a network of its own" \
  'sed -i "s|^    networks: \[wa-link\]$|    networks: [default, wa-link]|" "$1/docker-compose.yml" && ! grep -q "^    networks: \[wa-link\]$" "$1/docker-compose.yml"'
expect_failure "messaging without wa-link's secret in compose" "messaging: no WA_LINK_SECRET" \
  'python3 - "$1/docker-compose.yml" <<"PY"
import sys
text = open(sys.argv[1]).read()
start = text.index("  messaging:\n")
line = text.index("      WA_LINK_SECRET:", start)
end = text.index("\n", line) + 1
open(sys.argv[1], "w").write(text[:line] + text[end:])
PY'
expect_failure "compose starts without WA_LINK_SECRET" "WA_LINK_SECRET" \
  'sed -i "s|\${WA_LINK_SECRET:?[^}]*}|changeme-changeme-changeme-changeme|" "$1/docker-compose.yml" && ! grep -q "WA_LINK_SECRET:?" "$1/docker-compose.yml"'
expect_failure "the wa-link image on Debian's Node.js 18" "wa-link: based on node:18-bookworm-slim" \
  'sed -i "s/^FROM node:20-bookworm-slim AS wa-link$/FROM node:18-bookworm-slim AS wa-link/" "$1/deploy/docker/Dockerfile" && grep -q "^FROM node:18-bookworm-slim AS wa-link$" "$1/deploy/docker/Dockerfile"'
expect_failure ".env.example forgets WA_LINK_SECRET" ".env.example exists with empty secrets" \
  'sed -i "/^WA_LINK_SECRET=$/d" "$1/.env.example"'
expect_failure "the wa-link unit keeps the suite's other secrets" "billing-suite-wa-link.service: keeps DATABASE_URL" \
  'sed -i "/^UnsetEnvironment=/d" "$1/deploy/systemd/billing-suite-wa-link.service"'
expect_failure "the WhatsApp session readable by others" "billing-suite-wa-link.service: missing StateDirectoryMode=0700" \
  'sed -i "s/^StateDirectoryMode=0700$/StateDirectoryMode=0755/" "$1/deploy/systemd/billing-suite-wa-link.service" && grep -q "^StateDirectoryMode=0755" "$1/deploy/systemd/billing-suite-wa-link.service"'
expect_failure "every unit gets WA_LINK_SECRET" "keeps WA_LINK_SECRET (only messaging may)" \
  'sed -i "s/^      unset_secrets+=(.*/      :/" "$1/deploy/systemd/install.sh" && ! grep -q "^      unset_secrets+=(" "$1/deploy/systemd/install.sh"'
expect_failure "the target forgets wa-link" "billing-suite.target does not want billing-suite-wa-link.service" \
  'sed -i "/^Wants=billing-suite-wa-link.service$/d" "$1/deploy/systemd/billing-suite.target"'
expect_failure "the backup rotates even when pg_dump failed" "a failed billing-db-backup" \
  'sed -i "s/^pg_dump /find \"\$dir\" -name \"billing-*.dump\" -mmin +1 -delete\npg_dump /" "$1/deploy/systemd/billing-db-backup.sh"'

printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
((FAILED == 0))
