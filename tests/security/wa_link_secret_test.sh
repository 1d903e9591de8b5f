#!/usr/bin/env bash
# Attacks on the wa-link sidecar (docs/wa-link.md), against the real process
# (node services/wa-link/src/main.mjs) over an empty data directory. Without a saved session it
# never contacts WhatsApp, so this needs no internet. Each attack must fail:
#   - no secret, a wrong one, a prefix of it, another scheme, the secret in the query string:
#     401 on /status, /qr, /send, /link and /unlink, and nothing happens (the state stays
#     disconnected, no socket is opened, no file is written);
#   - a body over 64 KiB (declared or chunked): 413;
#   - start without a secret or with a short one: refused, nothing listens, nothing created;
#   - by default it listens on 127.0.0.1:50121 only, never on another address;
#   - the data directory is 0700 (also one that existed looser), the secret is never logged.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT="$PWD"
MAIN="${ROOT}/services/wa-link/src/main.mjs"
NODE="${NODE:-node}"

failures=0
fail() {
  printf 'FAIL: %s\n' "$*"
  failures=$((failures + 1))
}
pass() { printf 'ok: %s\n' "$*"; }
# expect <got> <want> <what>
expect() {
  if [[ "$1" == "$2" ]]; then
    pass "$3: $1"
  else
    fail "$3: got '$1', want '$2'"
  fi
}

if [[ ! -d "${ROOT}/services/wa-link/node_modules/@whiskeysockets/baileys" ]]; then
  echo "services/wa-link/node_modules is missing: run deploy/local/packages.sh wa-link first"
  exit 1
fi

WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

SECRET="$("$NODE" -e 'process.stdout.write(require("crypto").randomBytes(32).toString("hex"))')"
# Same length, last character changed: only a constant-time comparison of the whole value
# tells it apart.
last="${SECRET: -1}"
if [[ "$last" == 0 ]]; then swap=1; else swap=0; fi
WRONG="${SECRET:0:${#SECRET}-1}${swap}"

# start <log file> <env...>: starts the sidecar in the background; sets STARTED_PID.
start() {
  local log="$1"
  shift
  env -i PATH="$PATH" "$@" "$NODE" "$MAIN" >"$log" 2>&1 &
  STARTED_PID=$!
  PIDS+=("$STARTED_PID")
}

# wait_port <log file>: the port from the "listening" line (10 s at most).
wait_port() {
  local log="$1" i port
  for ((i = 0; i < 200; i++)); do
    port="$(grep -o '"event":"listening","host":"[^"]*","port":[0-9]*' "$log" | grep -o '[0-9]*$' || true)"
    if [[ -n "$port" ]]; then
      printf '%s' "$port"
      return 0
    fi
    sleep 0.05
  done
  return 1
}

# status_of <curl args...>: the HTTP status code only.
status_of() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$@" || true
}

# ---- 1. the secret ----
DATA="${WORK}/data"
LOG="${WORK}/sidecar.log"
start "$LOG" WA_LINK_SECRET="$SECRET" WA_LINK_DATA_DIR="$DATA" WA_LINK_LISTEN=127.0.0.1:0
PID=$STARTED_PID
PORT="$(wait_port "$LOG")" || {
  cat "$LOG"
  echo "the sidecar did not start"
  exit 1
}
BASE="http://127.0.0.1:${PORT}"

body_for() {
  if [[ "$1" == /send ]]; then
    printf '{"to":"6281234567890","text":"Tagihan","key":"attack-1"}'
  else
    printf '{}'
  fi
}

for route in "GET /status" "GET /qr" "POST /send" "POST /link" "POST /unlink"; do
  method="${route%% *}"
  path="${route#* }"
  data=()
  if [[ "$method" == POST ]]; then data=(-H 'Content-Type: application/json' --data "$(body_for "$path")"); fi
  declare -A attempts=(
    ["no secret"]=""
    ["wrong secret"]="Authorization: Bearer ${WRONG}"
    ["secret prefix"]="Authorization: Bearer ${SECRET:0:32}"
    ["secret plus a byte"]="Authorization: Bearer ${SECRET}x"
    ["empty bearer"]="Authorization: Bearer "
    ["bare secret"]="Authorization: ${SECRET}"
    ["basic scheme"]="Authorization: Basic $(printf 'wa:%s' "$SECRET" | base64 -w0)"
    ["lower-case scheme"]="Authorization: bearer ${SECRET}"
  )
  for name in "${!attempts[@]}"; do
    header=()
    if [[ -n "${attempts[$name]}" ]]; then header=(-H "${attempts[$name]}"); fi
    code="$(status_of -X "$method" "${header[@]}" "${data[@]}" "${BASE}${path}")"
    expect "$code" 401 "${method} ${path}, ${name}"
  done
  unset attempts
  code="$(status_of -X "$method" "${data[@]}" "${BASE}${path}?secret=${SECRET}&access_token=${SECRET}")"
  expect "$code" 401 "${method} ${path}, the secret in the query"
done

# Nothing happened: still disconnected with no reason, nothing on disk, no socket opened.
status="$(curl -s --max-time 10 -H "Authorization: Bearer ${SECRET}" "${BASE}/status")"
if [[ "$status" == *'"state":"disconnected"'* && "$status" == *'"reason":""'* ]]; then
  pass "after the attacks the state is still disconnected: ${status}"
else
  fail "the state changed: ${status}"
fi
expect "$(find "$DATA" -mindepth 1 -printf '%P ')" "" "files written in the data directory"
if grep -qE '"event":"(connecting|pairing_started|link_requested|unlink_requested|sent)"' "$LOG"; then
  fail "the sidecar acted on a refused request: $(grep -E 'connecting|pairing|requested|sent' "$LOG")"
else
  pass "no WhatsApp socket was opened, nothing was sent"
fi
if command -v ss >/dev/null 2>&1; then
  outside="$(ss -tnpH 2>/dev/null | grep "pid=${PID}," | awk '{print $5}' | grep -vE '^(127\.|\[::1\]|\[::ffff:127\.)' || true)"
  if [[ -z "$outside" ]]; then
    pass "the process holds no connection to another host"
  else
    fail "the process connected to: ${outside}"
  fi
fi

# /health is open and says nothing else.
health="$(curl -s --max-time 10 "${BASE}/health")"
expect "$health" '{"ok":true}' "/health without a secret"

# ---- 2. the body limit ----
big="${WORK}/big.json"
"$NODE" -e 'process.stdout.write(JSON.stringify({to: "6281234567890", text: "x".repeat(70 * 1024)}))' >"$big"
code="$(status_of -X POST -H "Authorization: Bearer ${SECRET}" -H 'Content-Type: application/json' \
  --data-binary "@${big}" "${BASE}/send")"
expect "$code" 413 "a 70 KiB body"
code="$(status_of -X POST -H "Authorization: Bearer ${SECRET}" -H 'Content-Type: application/json' \
  -H 'Transfer-Encoding: chunked' --data-binary "@${big}" "${BASE}/send")"
expect "$code" 413 "a 70 KiB chunked body"
code="$(status_of -X POST -H "Authorization: Bearer ${SECRET}" -H 'Content-Length: 1073741824' \
  --data '{}' "${BASE}/link")"
expect "$code" 413 "a declared 1 GiB body"
# Still serving, still unchanged.
status="$(curl -s --max-time 10 -H "Authorization: Bearer ${SECRET}" "${BASE}/status")"
if [[ "$status" == *'"state":"disconnected"'* ]]; then
  pass "still answering after the big bodies"
else
  fail "after the big bodies: ${status}"
fi

# ---- 3. the data directory and the log ----
mode="$(stat -c '%a' "$DATA")"
expect "$mode" 700 "the data directory's mode"
if grep -qF "$SECRET" "$LOG"; then fail "the secret is in the log"; else pass "the secret is not logged"; fi
if grep -vqE '^\{.*\}$' "$LOG"; then
  fail "a log line is not JSON: $(grep -vE '^\{.*\}$' "$LOG" | head -n 3)"
else
  pass "every log line is one JSON object"
fi

kill -TERM "$PID"
code=0
wait "$PID" || code=$?
expect "$code" 0 "the exit status after SIGTERM"

LOOSE="${WORK}/loose"
mkdir -m 0777 "$LOOSE"
chmod 0777 "$LOOSE"
start "${WORK}/loose.log" WA_LINK_SECRET="$SECRET" WA_LINK_DATA_DIR="$LOOSE" WA_LINK_LISTEN=127.0.0.1:0
LOOSE_PID=$STARTED_PID
if wait_port "${WORK}/loose.log" >/dev/null; then
  mode="$(stat -c '%a' "$LOOSE")"
  expect "$mode" 700 "the mode of a data directory that was 0777"
else
  fail "did not start over an existing data directory: $(cat "${WORK}/loose.log")"
fi
kill -TERM "$LOOSE_PID" 2>/dev/null || true
wait "$LOOSE_PID" 2>/dev/null || true

# ---- 4. refusing to start ----
refuse() {
  local name="$1"
  shift
  local log="${WORK}/refuse.log" dir="${WORK}/refused" code=0
  rm -rf "$dir"
  env -i PATH="$PATH" "$@" WA_LINK_DATA_DIR="$dir" WA_LINK_LISTEN=127.0.0.1:0 \
    timeout 20 "$NODE" "$MAIN" >"$log" 2>&1 || code=$?
  if [[ "$code" != 0 && "$code" != 124 ]] && ! grep -q '"event":"listening"' "$log" && [[ ! -e "$dir" ]]; then
    pass "${name}: refused to start (exit ${code}, nothing created)"
  else
    fail "${name}: exit ${code}, log: $(cat "$log")"
  fi
}
refuse "no secret"
refuse "an empty secret" WA_LINK_SECRET=
refuse "a 31-character secret" WA_LINK_SECRET="${SECRET:0:31}"

# ---- 5. the default address: loopback only ----
DEFAULT_LOG="${WORK}/default.log"
start "$DEFAULT_LOG" WA_LINK_SECRET="$SECRET" WA_LINK_DATA_DIR="${WORK}/default"
DEFAULT_PID=$STARTED_PID
if port="$(wait_port "$DEFAULT_LOG")"; then
  if grep -q '"event":"listening","host":"127.0.0.1","port":50121' "$DEFAULT_LOG"; then
    pass "by default it listens on 127.0.0.1:50121"
  else
    fail "default listen: $(grep listening "$DEFAULT_LOG")"
  fi
  if command -v ss >/dev/null 2>&1; then
    bound="$(ss -ltnpH 2>/dev/null | grep "pid=${DEFAULT_PID}," | awk '{print $4}' | tr '\n' ' ')"
    expect "$bound" "127.0.0.1:50121 " "the listening sockets"
  fi
  for addr in $(hostname -I 2>/dev/null || true); do
    [[ "$addr" == *:* ]] && url="http://[${addr}]:${port}/health" || url="http://${addr}:${port}/health"
    code="$(status_of "$url")"
    expect "$code" 000 "an HTTP answer on ${addr} (000: none)"
  done
elif grep -q 'EADDRINUSE' "$DEFAULT_LOG"; then
  # Another wa-link (deploy/local/up.sh) holds the port: the refusal names the default address.
  if grep -q '127.0.0.1:50121' "$DEFAULT_LOG"; then
    pass "by default it binds 127.0.0.1:50121 (in use here by another process)"
  else
    fail "default listen: $(cat "$DEFAULT_LOG")"
  fi
else
  fail "the default start failed: $(cat "$DEFAULT_LOG")"
fi
kill -TERM "$DEFAULT_PID" 2>/dev/null || true
wait "$DEFAULT_PID" 2>/dev/null || true

if ((failures > 0)); then
  echo "${failures} attack(s) succeeded"
  exit 1
fi
echo "all wa-link attacks failed, as they should"
