#!/usr/bin/env bash
# Checks deploy/k8s without a cluster: the committed files are what deploy/generate.py writes
# from deploy/services.txt now; `kubectl kustomize` renders the base and overlays/in-cluster;
# every process of the manifest is there (Deployment, Service, probes, resource requests and
# limits), the gateway behind the Ingress, the isolir door (Caddy with deploy/caddy/Caddyfile on
# 8081), autoscalers for gateway, customer and billing, no secret in a ConfigMap, PostgreSQL and Redis outside (base) or as StatefulSets (overlay).
# Then it breaks copies of the rendering to show each check can fail.
#
#   tests/deploy/k8s_test.sh [PROJECT_ROOT]     KUBECTL=path (default: kubectl in PATH; Debian's
#                                               kubernetes-client, 1.20, is what CI installs)
# shellcheck disable=SC2016 # the bash -c snippets expand their own arguments
set -uo pipefail

ROOT="$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/../..}" && pwd)"
KUBECTL="${KUBECTL:-kubectl}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# shellcheck source=tests/deploy/checks.sh
source "$(dirname "${BASH_SOURCE[0]}")/checks.sh"

# The committed files are the generator's output (regenerated into a scratch copy, compared).
mkdir -p "$WORK/generated"
if python3 "$ROOT/deploy/generate.py" "$WORK/generated" 2>"$WORK/gen.err"; then
  check "deploy/k8s is up to date with deploy/services.txt (run deploy/generate.py)" \
    bash -c 'diff -ru "$1/deploy/k8s" "$2/deploy/k8s" &&
      for f in $(cd "$2/deploy/k8s" && find . -name "*.yaml"); do
        [[ -e "$1/deploy/k8s/$f" ]] || { echo "$f is not written by deploy/generate.py"; exit 1; }
      done' _ "$WORK/generated" "$ROOT"
else
  fail "deploy/generate.py runs" "$(cat "$WORK/gen.err")"
fi

if ! command -v "$KUBECTL" >/dev/null 2>&1; then
  fail "kubectl is installed (Debian package kubernetes-client, in deploy/local/packages.sh)"
  printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
  exit 1
fi
check "kubectl kustomize deploy/k8s renders the base" \
  bash -c 'set -o pipefail; "$1" kustomize "$2/deploy/k8s" >"$3/base.yaml"' _ "$KUBECTL" "$ROOT" "$WORK"
check "kubectl kustomize deploy/k8s/overlays/in-cluster renders the overlay" \
  bash -c 'set -o pipefail; "$1" kustomize "$2/deploy/k8s/overlays/in-cluster" >"$3/overlay.yaml"' _ "$KUBECTL" "$ROOT" "$WORK"

bash -c 'source "$1/deploy/services.sh" && services_manifest' _ "$ROOT" >"$WORK/manifest.txt"

# The checks on a rendering: checker.py RENDERED.yaml MANIFEST base|in-cluster CADDYFILE
cat >"$WORK/checker.py" <<'PY'
import re, sys, yaml

docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
manifest = [line.split(None, 3) for line in open(sys.argv[2])]
mode = sys.argv[3]
by_kind = {}
for d in docs:
    by_kind.setdefault(d['kind'], {})[d['metadata']['name']] = d
problems = []
deployments = by_kind.get('Deployment', {})
services = by_kind.get('Service', {})

def container_of(workload):
    return (workload['spec']['template']['spec'].get('containers') or [{}])[0]

for name, port, _metrics, _description in manifest:
    port = int(port)
    dep = deployments.get(name)
    if not dep:
        problems.append(f'{name}: no Deployment'); continue
    c = container_of(dep)
    if port not in [p.get('containerPort') for p in c.get('ports', [])]:
        problems.append(f'{name}: the container does not expose port {port}')
    for probe in ('readinessProbe', 'livenessProbe'):
        if probe not in c:
            problems.append(f'{name}: no {probe}')
    ready = c.get('readinessProbe', {})
    if name == 'gateway':
        if ready.get('httpGet', {}).get('path') != '/healthz':
            problems.append('gateway: readiness is not GET /healthz')
    elif ready.get('exec', {}).get('command') != ['grpc-health-check', str(port)]:
        problems.append(f'{name}: readiness is not grpc-health-check {port}')
    res = c.get('resources', {})
    for part in ('requests', 'limits'):
        for what in ('cpu', 'memory'):
            if what not in (res.get(part) or {}):
                problems.append(f'{name}: no resource {part}.{what}')
    env = {e['name']: e for e in c.get('env', [])}
    listen = env.get(f'{name.upper()}_LISTEN', {}).get('value')
    if listen != f'0.0.0.0:{port}':
        problems.append(f'{name}: {name.upper()}_LISTEN is {listen!r}, not 0.0.0.0:{port}')
    if 'JWT_SECRET' in env and name != 'auth':
        problems.append(f'{name}: gets JWT_SECRET (only auth signs tokens)')
    if name == 'gateway' and 'DATABASE_URL' in env:
        problems.append('gateway: gets the database password')
    svc = services.get(name)
    if not svc or port not in [p.get('port') for p in svc['spec'].get('ports', [])]:
        problems.append(f'{name}: no Service on port {port}')
    elif svc['spec'].get('selector', {}).get('app.kubernetes.io/name') != name:
        problems.append(f'{name}: its Service does not select its pods')

names = {row[0] for row in manifest}
for name in deployments:
    if name not in names and name != 'isolir-door':
        problems.append(f'Deployment {name} is not in deploy/services.txt')

hpas = {h['spec']['scaleTargetRef']['name'] for h in by_kind.get('HorizontalPodAutoscaler', {}).values()}
for name in ('gateway', 'customer', 'billing'):
    if name not in hpas:
        problems.append(f'{name}: no HorizontalPodAutoscaler')

gateway_port = next(int(p) for n, p, _m, _d in manifest if n == 'gateway')
backends = [p['backend']['service'] for i in by_kind.get('Ingress', {}).values()
            for r in i['spec'].get('rules', []) for p in r.get('http', {}).get('paths', [])]
if {'name': 'gateway', 'port': {'number': gateway_port}} not in backends:
    problems.append(f'no Ingress to the gateway on port {gateway_port}')

# The isolir door (README: "The isolir page"): Caddy with deploy/caddy/Caddyfile as it is, its
# isolir site on 8081 in front of the gateway, reachable from outside with the source address kept.
door = deployments.get('isolir-door')
if not door:
    problems.append('no isolir door (Deployment isolir-door)')
else:
    c = container_of(door)
    env = {e['name']: e.get('value') for e in c.get('env', [])}
    if not str(c.get('image', '')).startswith('caddy:'):
        problems.append(f'isolir-door: image {c.get("image")!r} is not the official caddy image')
    if env.get('GATEWAY_UPSTREAM') != f'gateway:{gateway_port}':
        problems.append(f'isolir-door: GATEWAY_UPSTREAM={env.get("GATEWAY_UPSTREAM")!r}, expected gateway:{gateway_port}')
    if env.get('ISOLIR_PORT') != '8081' or env.get('ISOLIR_BIND') != '0.0.0.0':
        problems.append(f'isolir-door: listens on {env.get("ISOLIR_BIND")!r}:{env.get("ISOLIR_PORT")!r}, not 0.0.0.0:8081')
    if 8081 not in [p.get('containerPort') for p in c.get('ports', [])]:
        problems.append('isolir-door: the container does not expose port 8081')
    for probe in ('readinessProbe', 'livenessProbe'):
        if probe not in c:
            problems.append(f'isolir-door: no {probe}')
    if not all(what in (c.get('resources', {}).get('limits') or {}) for what in ('cpu', 'memory')):
        problems.append('isolir-door: no resource limits')
    volumes = door['spec']['template']['spec'].get('volumes') or []
    mounted = {m['name'] for m in c.get('volumeMounts', []) if m.get('mountPath') == '/etc/caddy'}
    maps = [v['configMap']['name'] for v in volumes if v['name'] in mounted and 'configMap' in v]
    cm = by_kind.get('ConfigMap', {}).get(maps[0] if maps else '')
    if not cm or (cm.get('data') or {}).get('Caddyfile') != open(sys.argv[4]).read():
        problems.append('isolir-door: /etc/caddy/Caddyfile is not deploy/caddy/Caddyfile (run deploy/generate.py)')
    svc = services.get('isolir-door')
    if not svc:
        problems.append('isolir-door: no Service')
    else:
        if svc['spec'].get('selector', {}).get('app.kubernetes.io/name') != 'isolir-door':
            problems.append('isolir-door: its Service does not select its pods')
        if [(p.get('port'), p.get('targetPort')) for p in svc['spec'].get('ports', [])] != [(8081, 8081)]:
            problems.append('isolir-door: its Service is not on port 8081')
        if svc['spec'].get('type') not in ('LoadBalancer', 'NodePort') or \
                svc['spec'].get('externalTrafficPolicy') != 'Local':
            problems.append('isolir-door: its Service is not reachable from outside with the source address kept')

secret_word = re.compile(r'SECRET|PASSWORD|KEY|TOKEN|DATABASE_URL', re.I)
for cm in by_kind.get('ConfigMap', {}).values():
    for key, value in (cm.get('data') or {}).items():
        if secret_word.search(key) or re.search(r'://[^/@\s]*:[^/@\s]*@', str(value)):
            problems.append(f'ConfigMap {cm["metadata"]["name"]}: {key} is a secret')
secrets = by_kind.get('Secret', {})
for d in docs:
    text = yaml.safe_dump(d)
    for ref in re.findall(r'secretKeyRef:\s*\n\s*key: (\S+)\s*\n\s*name: (\S+)', text):
        key, secret = ref
        s = secrets.get(secret)
        if not s or key not in (s.get('stringData') or s.get('data') or {}):
            problems.append(f'{d["metadata"]["name"]}: refers to secret {secret} key {key}, which is not there')

for store, port in (('postgres', 5432), ('redis', 6379)):
    svc = services.get(store)
    if not svc:
        problems.append(f'no Service {store}'); continue
    sset = by_kind.get('StatefulSet', {}).get(store)
    if mode == 'base':
        if svc['spec'].get('type') != 'ExternalName' and 'selector' in svc['spec']:
            problems.append(f'{store}: in the base it must point outside (ExternalName or no selector)')
        if sset:
            problems.append(f'{store}: the base runs it in the cluster')
    else:
        if svc['spec'].get('type') == 'ExternalName' or 'externalName' in svc['spec']:
            problems.append(f'{store}: the overlay still points outside')
        if svc['spec'].get('selector', {}).get('app.kubernetes.io/name') != store:
            problems.append(f'{store}: the overlay Service does not select the StatefulSet')
        if not sset:
            problems.append(f'{store}: no StatefulSet in the overlay')
        else:
            if not sset['spec'].get('volumeClaimTemplates'):
                problems.append(f'{store}: no volume claim')
            c = container_of(sset)
            if 'readinessProbe' not in c or 'limits' not in c.get('resources', {}):
                problems.append(f'{store}: no probe or resource limits')
for d in docs:
    if d.get('metadata', {}).get('labels', {}).get('app.kubernetes.io/part-of') != 'billing-suite':
        problems.append(f'{d["kind"]} {d["metadata"]["name"]}: no app.kubernetes.io/part-of label')
print('\n'.join(problems)); sys.exit(1 if problems else 0)
PY

check "the base has every process of deploy/services.txt with probes and limits, no secret in a ConfigMap" \
  python3 "$WORK/checker.py" "$WORK/base.yaml" "$WORK/manifest.txt" base "$ROOT/deploy/caddy/Caddyfile"
check "the in-cluster overlay runs PostgreSQL and Redis as StatefulSets with volumes" \
  python3 "$WORK/checker.py" "$WORK/overlay.yaml" "$WORK/manifest.txt" in-cluster "$ROOT/deploy/caddy/Caddyfile"

# The checks can fail: each breakage of a copy of the base rendering must be reported.
expect_broken() {
  local name="$1" expected="$2" script="$3" out
  python3 -c "$script" "$WORK/base.yaml" "$WORK/broken.yaml" || { fail "breakage applies: $name"; return; }
  if out="$(python3 "$WORK/checker.py" "$WORK/broken.yaml" "$WORK/manifest.txt" base "$ROOT/deploy/caddy/Caddyfile" 2>&1)"; then
    fail "detected: $name" "the check passed"
  elif grep -qF -- "$expected" <<<"$out"; then
    ok "detected: $name"
  else
    fail "detected: $name (wanted \"$expected\")" "$out"
  fi
}
if [[ -s "$WORK/base.yaml" ]]; then
  edit='import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
def find(kind, name): return next(d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name)
def container(name): return find("Deployment", name)["spec"]["template"]["spec"]["containers"][0]
'
  save='
yaml.safe_dump_all(docs, open(sys.argv[2], "w"))'
  expect_broken "a service without a readiness probe" "billing: no readinessProbe" \
    "${edit}del container('billing')['readinessProbe']${save}"
  expect_broken "a service without limits" "network: no resource limits.memory" \
    "${edit}del container('network')['resources']['limits']${save}"
  expect_broken "a secret in the ConfigMap" "JWT_SECRET is a secret" \
    "${edit}find('ConfigMap', 'billing-suite-config')['data']['JWT_SECRET'] = 'x'${save}"
  expect_broken "a process of the manifest missing" "messaging: no Deployment" \
    "${edit}docs.remove(find('Deployment', 'messaging'))${save}"
  expect_broken "no autoscaler for customer" "customer: no HorizontalPodAutoscaler" \
    "${edit}docs.remove(find('HorizontalPodAutoscaler', 'customer'))${save}"
  expect_broken "no isolir door" "no isolir door" \
    "${edit}docs.remove(find('Deployment', 'isolir-door'))${save}"
  expect_broken "the isolir door's Caddyfile edited by hand" "isolir-door: /etc/caddy/Caddyfile is not deploy/caddy/Caddyfile" \
    "${edit}find('ConfigMap', 'isolir-door-caddyfile')['data']['Caddyfile'] += '# edited'${save}"
  expect_broken "the isolir door inside the cluster only" "isolir-door: its Service is not reachable from outside" \
    "${edit}find('Service', 'isolir-door')['spec']['type'] = 'ClusterIP'${save}"
  expect_broken "the isolir door past the gateway" "isolir-door: GATEWAY_UPSTREAM" \
    "${edit}next(e for e in container('isolir-door')['env'] if e['name'] == 'GATEWAY_UPSTREAM')['value'] = 'auth:50051'${save}"
fi

finish_checks
