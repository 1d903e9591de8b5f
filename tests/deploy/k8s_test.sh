#!/usr/bin/env bash
# Checks deploy/k8s without a cluster: the committed files are what deploy/generate.py writes
# from deploy/services.txt now; `kubectl kustomize` renders the base and overlays/in-cluster;
# every process of the manifest is there (Deployment, Service, probes, resource requests and
# limits), each sidecar of deploy/sidecars.txt (one pod, Recreate, its session on a volume claim,
# a ClusterIP Service, /health probes, only its client let in, the secret for the two alone),
# the gateway behind the Ingress, the isolir door (Caddy with deploy/caddy/Caddyfile on
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
bash -c 'source "$1/deploy/services.sh" && sidecars_manifest' _ "$ROOT" >"$WORK/sidecars.txt"

# The checks on a rendering: checker.py RENDERED.yaml MANIFEST base|in-cluster CADDYFILE SIDECARS
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

sidecars = [line.split(None, 3) for line in open(sys.argv[5])]
names = {row[0] for row in manifest} | {row[0] for row in sidecars}
for name in deployments:
    if name not in names and name != 'isolir-door':
        problems.append(f'Deployment {name} is not in deploy/services.txt or deploy/sidecars.txt')

# The sidecars (wa-link): one session each, so one pod, never two at once; the session on a
# volume claim; reachable through a ClusterIP Service by their client alone.
policies = by_kind.get('NetworkPolicy', {}).values()
claims = by_kind.get('PersistentVolumeClaim', {})
for name, port, client, _description in sidecars:
    port, prefix = int(port), name.upper().replace('-', '_')
    dep = deployments.get(name)
    if not dep:
        problems.append(f'{name}: no Deployment'); continue
    spec = dep['spec']
    if spec.get('replicas') != 1:
        problems.append(f'{name}: replicas {spec.get("replicas")!r}, not 1 (one session)')
    if (spec.get('strategy') or {}).get('type') != 'Recreate':
        problems.append(f'{name}: strategy is not Recreate (two pods would share the session)')
    if name in {h['spec']['scaleTargetRef']['name'] for h in by_kind.get('HorizontalPodAutoscaler', {}).values()}:
        problems.append(f'{name}: autoscaled')
    c = container_of(dep)
    env = {e['name']: e for e in c.get('env', [])}
    if env.get(f'{prefix}_LISTEN', {}).get('value') != f'0.0.0.0:{port}':
        problems.append(f'{name}: {prefix}_LISTEN is not 0.0.0.0:{port}')
    if (env.get(f'{prefix}_SECRET', {}).get('valueFrom') or {}).get('secretKeyRef', {}).get('key') != f'{prefix}_SECRET':
        problems.append(f'{name}: {prefix}_SECRET is not from the Secret')
    for other in ('SERVICE_KEY', 'DATABASE_URL', 'JWT_SECRET'):
        if other in env:
            problems.append(f'{name}: gets {other}')
    for probe in ('readinessProbe', 'livenessProbe'):
        get = (c.get(probe) or {}).get('httpGet') or {}
        if get.get('path') != '/health' or get.get('port') != port:
            problems.append(f'{name}: {probe} is not GET /health on {port}')
    if not all(what in ((c.get('resources') or {}).get('limits') or {}) for what in ('cpu', 'memory')):
        problems.append(f'{name}: no resource limits')
    if (c.get('securityContext') or {}).get('allowPrivilegeEscalation') is not False:
        problems.append(f'{name}: may escalate privileges')
    pod = spec['template']['spec']
    volumes = {v['name']: v for v in pod.get('volumes') or []}
    data = env.get(f'{prefix}_DATA_DIR', {}).get('value', '')
    on_claim = [m for m in c.get('volumeMounts', []) if 'persistentVolumeClaim' in volumes.get(m['name'], {})
                and (data + '/').startswith(m['mountPath'].rstrip('/') + '/')]
    if not on_claim:
        problems.append(f'{name}: {prefix}_DATA_DIR={data!r} is not on a PersistentVolumeClaim')
    else:
        claim = volumes[on_claim[0]['name']]['persistentVolumeClaim']['claimName']
        if claim not in claims:
            problems.append(f'{name}: the volume claim {claim} is not in the base')
    svc = services.get(name)
    if not svc or port not in [p.get('port') for p in svc['spec'].get('ports', [])]:
        problems.append(f'{name}: no Service on port {port}')
    elif svc['spec'].get('type', 'ClusterIP') != 'ClusterIP' or svc['spec'].get('clusterIP') == 'None':
        problems.append(f'{name}: its Service is not a ClusterIP Service')
    mine = [p for p in policies if p['spec'].get('podSelector', {}).get('matchLabels', {}).get('app.kubernetes.io/name') == name]
    if not mine:
        problems.append(f'{name}: no NetworkPolicy')
    for p in mine:
        if 'Ingress' not in (p['spec'].get('policyTypes') or []):
            problems.append(f'{name}: its NetworkPolicy does not restrict ingress')
        for rule in p['spec'].get('ingress') or []:
            froms = rule.get('from') or []
            if not froms or any((f.get('podSelector') or {}).get('matchLabels', {}).get('app.kubernetes.io/name') != client
                                or 'namespaceSelector' in f or 'ipBlock' in f for f in froms):
                problems.append(f'{name}: its NetworkPolicy lets in more than {client}')
    cdep = deployments.get(client)
    cenv = {e['name']: e for e in container_of(cdep).get('env', [])} if cdep else {}
    if cenv.get(f'{prefix}_URL', {}).get('value') != f'http://{name}:{port}':
        problems.append(f'{client}: {prefix}_URL is not http://{name}:{port}')
    if (cenv.get(f'{prefix}_SECRET', {}).get('valueFrom') or {}).get('secretKeyRef', {}).get('key') != f'{prefix}_SECRET':
        problems.append(f'{client}: no {prefix}_SECRET from the Secret')
    for other, odep in deployments.items():
        if other in (name, client):
            continue
        if any(e['name'] == f'{prefix}_SECRET' for e in container_of(odep).get('env', [])):
            problems.append(f'{other}: gets {prefix}_SECRET (only {name} and {client})')

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
  python3 "$WORK/checker.py" "$WORK/base.yaml" "$WORK/manifest.txt" base "$ROOT/deploy/caddy/Caddyfile" "$WORK/sidecars.txt"
check "the in-cluster overlay runs PostgreSQL and Redis as StatefulSets with volumes" \
  python3 "$WORK/checker.py" "$WORK/overlay.yaml" "$WORK/manifest.txt" in-cluster "$ROOT/deploy/caddy/Caddyfile" "$WORK/sidecars.txt"

# The checks can fail: each breakage of a copy of the base rendering must be reported.
expect_broken() {
  local name="$1" expected="$2" script="$3" out
  python3 -c "$script" "$WORK/base.yaml" "$WORK/broken.yaml" || { fail "breakage applies: $name"; return; }
  if out="$(python3 "$WORK/checker.py" "$WORK/broken.yaml" "$WORK/manifest.txt" base "$ROOT/deploy/caddy/Caddyfile" "$WORK/sidecars.txt" 2>&1)"; then
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
  if grep -q "^wa-link " "$WORK/sidecars.txt"; then
    expect_broken "two wa-link pods" "wa-link: replicas 2, not 1" \
      "${edit}find('Deployment', 'wa-link')['spec']['replicas'] = 2${save}"
    expect_broken "wa-link updated by a rolling update" "wa-link: strategy is not Recreate" \
      "${edit}find('Deployment', 'wa-link')['spec']['strategy'] = {'type': 'RollingUpdate'}${save}"
    expect_broken "wa-link's session on an emptyDir" "wa-link: WA_LINK_DATA_DIR='/var/lib/wa-link/data' is not on a PersistentVolumeClaim" \
      "${edit}v = find('Deployment', 'wa-link')['spec']['template']['spec']['volumes']; v[:] = [{'name': x['name'], 'emptyDir': {}} for x in v]${save}"
    expect_broken "every pod may call wa-link" "wa-link: no NetworkPolicy" \
      "${edit}docs.remove(find('NetworkPolicy', 'wa-link'))${save}"
    expect_broken "the gateway may call wa-link" "wa-link: its NetworkPolicy lets in more than messaging" \
      "${edit}find('NetworkPolicy', 'wa-link')['spec']['ingress'][0]['from'].append({'podSelector': {'matchLabels': {'app.kubernetes.io/name': 'gateway'}}})${save}"
    expect_broken "the gateway gets wa-link's secret" "gateway: gets WA_LINK_SECRET" \
      "${edit}container('gateway')['env'].append({'name': 'WA_LINK_SECRET', 'valueFrom': {'secretKeyRef': {'name': 'billing-suite-secrets', 'key': 'WA_LINK_SECRET'}}})${save}"
    expect_broken "messaging does not know where wa-link is" "messaging: WA_LINK_URL is not http://wa-link:50121" \
      "${edit}c = container('messaging'); c['env'] = [e for e in c['env'] if e['name'] != 'WA_LINK_URL']${save}"
    expect_broken "wa-link without its health probe" "wa-link: readinessProbe is not GET /health" \
      "${edit}del container('wa-link')['readinessProbe']${save}"
  fi
fi

finish_checks
