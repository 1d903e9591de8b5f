#!/usr/bin/env bash
# Runs deploy/caddy/Caddyfile's two sites on loopback in front of a stub gateway and checks the
# isolir door (README: "The isolir page") as a customer's browser meets it: any other site over
# plain HTTP lands on /portal/isolir, the portal and its API and bundle pass to the gateway, the
# main site is left as it was. Used by deploy_config_test.sh (needs caddy, curl and python3).
#
#   tests/deploy/isolir_door_check.sh CADDYFILE SCRATCH_DIR
#
# Prints what is wrong and exits 1, or exits 0. Takes a second or two.
set -uo pipefail

CADDYFILE="$1"
DIR="$2"
mkdir -p "$DIR"
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
}
trap cleanup EXIT
problems=0
problem() {
  printf '%s\n' "$*"
  problems=$((problems + 1))
}

# Three free loopback ports: the stub gateway, the main site, the isolir door.
read -r UPSTREAM_PORT MAIN_PORT ISOLIR_PORT < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(3)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')

# The stub gateway answers every request with what reached it.
python3 - "$UPSTREAM_PORT" >"$DIR/upstream.log" 2>&1 <<'PY' &
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

class Echo(BaseHTTPRequestHandler):
    def do_GET(self):
        body = (f'path={self.path}\nxff={self.headers.get("X-Forwarded-For", "")}\n'
                f'host={self.headers.get("Host", "")}\n').encode()
        self.send_response(200)
        self.send_header('Content-Type', 'text/plain')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    do_POST = do_GET
    def log_message(self, *args):
        pass

ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), Echo).serve_forever()
PY
PIDS+=($!)

# The Caddyfile as compose and install.sh give it its settings, on the ports above; the admin
# endpoint (default localhost:2019, maybe taken) is switched off in the adapted JSON.
caddy_env=(env -i PATH="$PATH" HOME="$DIR" XDG_DATA_HOME="$DIR/data" XDG_CONFIG_HOME="$DIR/config"
  SITE_ADDRESS="http://:${MAIN_PORT}" CADDY_BIND=127.0.0.1 ISOLIR_BIND=127.0.0.1
  ISOLIR_PORT="$ISOLIR_PORT" GATEWAY_UPSTREAM="127.0.0.1:${UPSTREAM_PORT}")
if ! "${caddy_env[@]}" caddy adapt --config "$CADDYFILE" --adapter caddyfile >"$DIR/adapted.json" \
  2>"$DIR/adapt.err"; then
  echo "caddy adapt failed: $(cat "$DIR/adapt.err")"
  exit 1
fi
python3 - "$DIR/adapted.json" "$DIR/caddy.json" <<'PY' || exit 1
import json, sys
config = json.load(open(sys.argv[1]))
config['admin'] = {'disabled': True}
json.dump(config, open(sys.argv[2], 'w'))
PY
"${caddy_env[@]}" caddy run --config "$DIR/caddy.json" >"$DIR/caddy.log" 2>&1 &
PIDS+=($!)

# Both listeners up (or give up after 15 s).
ready=0
for _ in $(seq 150); do
  if curl -s -o /dev/null "http://127.0.0.1:${ISOLIR_PORT}/portal" &&
    curl -s -o /dev/null "http://127.0.0.1:${MAIN_PORT}/healthz" &&
    curl -s -o /dev/null "http://127.0.0.1:${UPSTREAM_PORT}/"; then
    ready=1
    break
  fi
  sleep 0.1
done
if ((ready == 0)); then
  echo "Caddy or the stub gateway did not answer within 15 s"
  sed 's/^/    caddy: /' "$DIR/caddy.log" | tail -20
  exit 1
fi

# ask PORT PATH [curl args...]: "<status> <Location>" then the body.
ask() {
  local port="$1" path="$2"
  shift 2
  curl -s --path-as-is -o "$DIR/body" -w '%{http_code} %{redirect_url}\n' "$@" \
    "http://127.0.0.1:${port}${path}" | sed "s|http://[^/]*||"
  cat "$DIR/body"
}

# Every other site and path: a relative 302 to the isolir page, nothing reaches the gateway.
for path in /foo / "/search?q=x" /index.html /api/customers /api/auth/login /pay/callback/tripay \
  /portalx /api/portalx /metricsx; do
  out="$(ask "$ISOLIR_PORT" "$path" -H 'Host: google.com')"
  [[ "$(head -1 <<<"$out")" == "302 /portal/isolir" ]] ||
    problem "isolir door: GET http://google.com${path} answered $(head -1 <<<"$out"), not 302 /portal/isolir"
  grep -q '^path=' <<<"$out" && problem "isolir door: ${path} reached the gateway"
done
location="$(curl -s -o /dev/null -D - -H 'Host: google.com' "http://127.0.0.1:${ISOLIR_PORT}/foo" |
  tr -d '\r' | sed -n 's/^[Ll]ocation: //p')"
[[ "$location" == /portal/isolir ]] ||
  problem "isolir door: Location is '${location}', not the relative /portal/isolir"
out="$(ask "$ISOLIR_PORT" /api/customers -X POST -H 'Host: example.com' -d '{}')"
[[ "$(head -1 <<<"$out")" == "302 /portal/isolir" ]] ||
  problem "isolir door: POST /api/customers answered $(head -1 <<<"$out")"

# The portal, its API and its bundle pass to the gateway as they are, with the customer's
# address in X-Forwarded-For (whatever the browser sent there).
for path in /portal /portal/isolir /portal/t/abc123 /api/portal/me /api/portal/bills/7 \
  /assets/portal-abc.js /assets/portal-abc.css /favicon.svg; do
  out="$(ask "$ISOLIR_PORT" "$path" -H 'Host: google.com' -H 'X-Forwarded-For: 203.0.113.9')"
  [[ "$(head -1 <<<"$out")" == "200 " ]] ||
    problem "isolir door: ${path} answered $(head -1 <<<"$out"), not the gateway's 200"
  grep -qx "path=${path}" <<<"$out" || problem "isolir door: ${path} did not reach the gateway as ${path}"
  grep -qx "xff=127.0.0.1" <<<"$out" ||
    problem "isolir door: ${path}: X-Forwarded-For is '$(sed -n 's/^xff=//p' <<<"$out")', not the client's 127.0.0.1"
done
out="$(ask "$ISOLIR_PORT" /api/portal/login/code -X POST -H 'Host: google.com' -d '{}')"
grep -qx "path=/api/portal/login/code" <<<"$out" || problem "isolir door: POST /api/portal/login/code did not reach the gateway"
out="$(ask "$ISOLIR_PORT" /metrics -H 'Host: google.com')"
[[ "$(head -1 <<<"$out")" == "404 " ]] || problem "isolir door: /metrics answered $(head -1 <<<"$out"), not 404"

# The main site is unchanged: every path goes to the gateway.
out="$(ask "$MAIN_PORT" /foo)"
grep -qx "path=/foo" <<<"$out" || problem "main site: /foo did not reach the gateway ($(head -1 <<<"$out"))"

((problems == 0))
