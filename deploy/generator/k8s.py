"""deploy/k8s: a kustomize base and the in-cluster overlay, one Deployment and Service per process
of deploy/services.txt, and per sidecar of deploy/sidecars.txt one pod with its session volume.
Written by deploy/generate.py (see there).
Kept within what kubectl 1.20's kustomize (v2.0) reads: bases, commonLabels, patchesJson6902.
"""

import os

from manifest import HEADER, backends, gateway

CADDYFILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'caddy', 'Caddyfile')
# The isolir door's port (deploy/caddy/Caddyfile's second site, README: "The isolir page").
ISOLIR_PORT = 8081

# Services that scale out with load (HorizontalPodAutoscaler); the rest run one replica each.
AUTOSCALED = ('gateway', 'customer', 'billing')
# Every service container listens for Prometheus on this port (one process per pod).
METRICS_PORT = 9464
# Resources per container: (requests, limits). The gateway carries the HTTP and SSE load.
RESOURCES = {
    'gateway': (('250m', '256Mi'), ('2', '1Gi')),
    'default': (('100m', '128Mi'), ('1', '512Mi')),
}
def secret_ref(key):
    return [f'- name: {key}', '  valueFrom:', '    secretKeyRef:',
            '      name: billing-suite-secrets', f'      key: {key}']


def env_lines(service, sidecars=()):
    """The container's env: its listen address, then the secrets it needs by reference."""
    name, port = service['name'], service['port']
    lines = [f'- name: {name.upper()}_LISTEN', f'  value: "0.0.0.0:{port}"']
    for sidecar in sidecars:
        if sidecar['client'] == name:
            # Its sidecar (deploy/sidecars.txt): the Service's name, and the secret they share.
            lines += [f'- name: {sidecar["prefix"]}_URL',
                      f'  value: "http://{sidecar["name"]}:{sidecar["port"]}"']
            lines += secret_ref(f'{sidecar["prefix"]}_SECRET')
    secrets = ['SERVICE_KEY']
    if name == 'auth':
        secrets.append('JWT_SECRET')
    if name == 'gateway':
        lines += ['- name: WEB_ROOT', '  value: /opt/billing-suite/web',
                  '- name: METRICS_LISTEN  # the gateway serves /metrics on its own port',
                  '  value: ""']
    else:
        secrets.append('DATABASE_URL')
        lines += ['- name: METRICS_LISTEN', f'  value: "0.0.0.0:{METRICS_PORT}"']
    for key in secrets:
        lines += secret_ref(key)
    return lines


def indent(lines, spaces):
    flat = [part for line in lines for part in line.split('\n')]
    return '\n'.join((' ' * spaces + l) if l else l for l in flat)


def probes(service):
    name, port = service['name'], service['port']
    if name == 'gateway':
        # /healthz is 200 only while the services behind it answer: it decides readiness; the
        # gateway is alive as long as it accepts connections.
        ready = ['httpGet:', '  path: /healthz', f'  port: {port}']
    else:
        # The gRPC health service (deploy/docker/grpc-health-check): SERVING while the database
        # answers. A database outage takes pods out of rotation but does not restart them.
        ready = ['exec:', f'  command: ["grpc-health-check", "{port}"]']
    lines = ['readinessProbe:'] + ['  ' + l for l in ready] + [
        '  initialDelaySeconds: 5', '  periodSeconds: 10', '  timeoutSeconds: 5',
        '  failureThreshold: 3',
        'livenessProbe:', '  tcpSocket:', f'    port: {port}', '  initialDelaySeconds: 30',
        '  periodSeconds: 20', '  timeoutSeconds: 5', '  failureThreshold: 3']
    return lines


def workload_head(kind, name, spec_extra):
    """The start of a Deployment or StatefulSet up to its pod spec's keys (indented 6)."""
    return f'''apiVersion: apps/v1
kind: {kind}
metadata:
  name: {name}
  labels:
    app.kubernetes.io/name: {name}
spec:
{spec_extra}  selector:
    matchLabels:
      app.kubernetes.io/name: {name}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: {name}
    spec:
'''


def workload(service, sidecars=()):
    name, port = service['name'], service['port']
    (req_cpu, req_mem), (lim_cpu, lim_mem) = RESOURCES.get(name, RESOURCES['default'])
    ports = [f'- name: {"http" if name == "gateway" else "grpc"}', f'  containerPort: {port}']
    if name != 'gateway':
        ports += ['- name: metrics', f'  containerPort: {METRICS_PORT}']
    volume_mounts, volumes = [], []
    if name == 'backup':
        # Restore uploads wait in /tmp for their commit (the root file system is read-only).
        volume_mounts = ['volumeMounts:', '- name: tmp', '  mountPath: /tmp']
        volumes = ['volumes:', '- name: tmp', '  emptyDir:', '    sizeLimit: 300Mi']
    container = [
        f'- name: {name}',
        f'  image: billing-suite/{name}:latest  # deploy/docker/Dockerfile --target {name}',
        '  envFrom:', '  - configMapRef:', '      name: billing-suite-config',
        '  env:', indent(env_lines(service, sidecars), 2),
        '  ports:', indent(ports, 2),
        indent(probes(service), 2),
        '  resources:', '    requests:', f'      cpu: {req_cpu}', f'      memory: {req_mem}',
        '    limits:', f'      cpu: {lim_cpu}', f'      memory: {lim_mem}',
        '  securityContext:', '    allowPrivilegeEscalation: false',
        '    readOnlyRootFilesystem: true', '    capabilities:', '      drop: [ALL]',
    ]
    if volume_mounts:
        container.append(indent(volume_mounts, 2))
    replicas = '' if name in AUTOSCALED else '  replicas: 1\n'
    text = f'''{HEADER}# {name}: {service['description']}
{workload_head('Deployment', name, replicas)}      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        runAsGroup: 10001
      terminationGracePeriodSeconds: 30
      containers:
{indent(container, 6)}
'''
    if volumes:
        text += indent(volumes, 6) + '\n'
    svc_ports = [f'- name: {"http" if name == "gateway" else "grpc"}', f'  port: {port}',
                 f'  targetPort: {port}']
    # gRPC balances per call over every pod's address: a headless Service gives it them all.
    headless = '' if name == 'gateway' else '  clusterIP: None\n'
    text += f'''---
apiVersion: v1
kind: Service
metadata:
  name: {name}
  labels:
    app.kubernetes.io/name: {name}
spec:
{headless}  selector:
    app.kubernetes.io/name: {name}
  ports:
{indent(svc_ports, 2)}
'''
    if name in AUTOSCALED:
        text += f'''---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {name}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {name}
  minReplicas: 2
  maxReplicas: 6
  metrics:
  - type: Resource
    resource:
      name: cpu
      target:
        type: Utilization
        averageUtilization: 70
'''
    return text


def config_map(services):
    addrs = [f'  {s["name"].upper()}_ADDR: "{s["name"]}:{s["port"]}"' for s in backends(services)]
    return f'''{HEADER}# Settings every process reads (README: configuration table). No secret here: those are in
# secret.yaml. The addresses are the Services of this base (headless: gRPC balances per call
# over every pod).
apiVersion: v1
kind: ConfigMap
metadata:
  name: billing-suite-config
data:
  LOG_LEVEL: info
  REDIS_ADDR: "redis:6379"
  DB_POOL_SIZE: "8"
  # X-Forwarded-For is believed only from these addresses: set the ingress controller's pods
  # and the isolir door's (isolir-door.yaml).
  TRUSTED_PROXIES: "10.0.0.0/8"
{chr(10).join(addrs)}
'''


def secret(sidecars=()):
    literals = ''.join(f' \\\n#     --from-literal={s["prefix"]}_SECRET=...' for s in sidecars)
    values = ''.join(f'  {s["prefix"]}_SECRET: REPLACE-ME-at-least-32-characters-{s["name"]}\n'
                     for s in sidecars)
    return HEADER + f'''# REPLACE every value before applying (e.g. `openssl rand -hex 32`), or delete this file from
# kustomization.yaml and create the Secret yourself:
#   kubectl create secret generic billing-suite-secrets --from-literal=JWT_SECRET=... \\
#     --from-literal=SERVICE_KEY=... --from-literal=POSTGRES_PASSWORD=... \\
#     --from-literal=DATABASE_URL=postgresql://billing:PASSWORD@postgres:5432/billing{literals}
apiVersion: v1
kind: Secret
metadata:
  name: billing-suite-secrets
type: Opaque
stringData:
  JWT_SECRET: REPLACE-ME-at-least-32-characters-long
  SERVICE_KEY: REPLACE-ME-at-least-32-characters-different
  POSTGRES_PASSWORD: REPLACE-ME
  DATABASE_URL: postgresql://billing:REPLACE-ME@postgres:5432/billing
{values}'''


def sidecar_workload(sidecar):
    """A sidecar of deploy/sidecars.txt: one pod (it holds one session), the session on a volume
    claim, a ClusterIP Service, and a NetworkPolicy that lets only its client in."""
    name, port, client, prefix = sidecar['name'], sidecar['port'], sidecar['client'], sidecar['prefix']
    head = workload_head('Deployment', name,
                         '  replicas: 1\n  strategy:\n    type: Recreate\n')
    return f'''{HEADER}# {name}: {sidecar['description']}
# The sidecar of {client} (deploy/sidecars.txt). It holds one session: ONE pod, and an update
# stops the old pod before the new one starts (Recreate), so two never share the session. The
# session lives on the volume claim {name}-session (ReadWriteOnce): keep it. Only {client}'s
# pods may call it (NetworkPolicy, where the cluster's network enforces them); it connects out.
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: {name}-session
  labels:
    app.kubernetes.io/name: {name}
spec:
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 1Gi
---
{head}      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        runAsGroup: 10001
        fsGroup: 10001  # the volume is writable by the process
      terminationGracePeriodSeconds: 30
      containers:
      - name: {name}
        image: billing-suite/{name}:latest  # deploy/docker/Dockerfile --target {name}
        env:
        - name: {prefix}_LISTEN
          value: "0.0.0.0:{port}"
        # Created by the process inside the volume (whose root it does not own), mode 0700.
        - name: {prefix}_DATA_DIR
          value: /var/lib/{name}/data
        - name: LOG_LEVEL
          valueFrom:
            configMapKeyRef:
              name: billing-suite-config
              key: LOG_LEVEL
{indent(secret_ref(f"{prefix}_SECRET"), 8)}
        ports:
        - name: http
          containerPort: {port}
        # GET /health needs no secret.
        readinessProbe:
          httpGet:
            path: /health
            port: {port}
          initialDelaySeconds: 5
          periodSeconds: 10
          timeoutSeconds: 5
          failureThreshold: 3
        livenessProbe:
          httpGet:
            path: /health
            port: {port}
          initialDelaySeconds: 30
          periodSeconds: 20
          timeoutSeconds: 5
          failureThreshold: 3
        resources:
          requests:
            cpu: 50m
            memory: 128Mi
          limits:
            cpu: 500m
            memory: 512Mi
        securityContext:
          allowPrivilegeEscalation: false
          readOnlyRootFilesystem: true
          capabilities:
            drop: [ALL]
        volumeMounts:
        - name: session
          mountPath: /var/lib/{name}
        - name: tmp
          mountPath: /tmp
      volumes:
      - name: session
        persistentVolumeClaim:
          claimName: {name}-session
      - name: tmp
        emptyDir:
          sizeLimit: 16Mi
---
apiVersion: v1
kind: Service
metadata:
  name: {name}
  labels:
    app.kubernetes.io/name: {name}
spec:
  type: ClusterIP
  selector:
    app.kubernetes.io/name: {name}
  ports:
  - name: http
    port: {port}
    targetPort: {port}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {name}
  labels:
    app.kubernetes.io/name: {name}
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: {name}
  policyTypes: [Ingress]
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app.kubernetes.io/name: {client}
    ports:
    - protocol: TCP
      port: {port}
'''


def ingress(gateway_service):
    return f'''{HEADER}# The public door: the gateway behind the cluster's ingress controller. Set the host (and
# TLS, e.g. cert-manager's annotation) for your domain. Live events are a long-lived
# response: the nginx annotations below keep it unbuffered and open.
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: gateway
  annotations:
    nginx.ingress.kubernetes.io/proxy-buffering: "off"
    nginx.ingress.kubernetes.io/proxy-read-timeout: "3600"
    nginx.ingress.kubernetes.io/proxy-body-size: "256m"
spec:
  rules:
  - host: billing.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: gateway
            port:
              number: {gateway_service['port']}
'''


def isolir_door(gateway_service):
    """Caddy with deploy/caddy/Caddyfile, serving only its isolir door to the routers."""
    with open(CADDYFILE) as f:
        caddyfile = f.read()
    caddyfile_block = '\n'.join(('    ' + line) if line else '' for line in caddyfile.splitlines())
    port = ISOLIR_PORT
    head = workload_head('Deployment', 'isolir-door', '  replicas: 1\n')
    return f'''{HEADER}# The isolir door (README: "The isolir page"): the routers send isolated customers' plain web
# traffic (dst-nat of tcp/80) to this Service's address, port {port}, whatever site was asked for.
# An Ingress cannot answer every host name on a port of its own, so Caddy runs here with
# deploy/caddy/Caddyfile (copied below by deploy/generate.py): the portal goes to the gateway,
# every other path gets a redirect to /portal/isolir. Its main site stays on the pod's loopback.
# The pods' addresses must be in TRUSTED_PROXIES (config.yaml) for the customers' addresses to
# count. Open the Service to your routers only (loadBalancerSourceRanges, or a NodePort behind
# your own firewall).
apiVersion: v1
kind: ConfigMap
metadata:
  name: isolir-door-caddyfile
data:
  Caddyfile: |
{caddyfile_block}
---
{head}      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        runAsGroup: 10001
      containers:
      - name: caddy
        image: caddy:2.6
        args: ["caddy", "run", "--config", "/etc/caddy/Caddyfile", "--adapter", "caddyfile"]
        env:
        - name: SITE_ADDRESS
          value: "http://:8080"
        - name: CADDY_BIND
          value: 127.0.0.1
        - name: ISOLIR_BIND
          value: 0.0.0.0
        - name: ISOLIR_PORT
          value: "{port}"
        - name: GATEWAY_UPSTREAM
          value: "gateway:{gateway_service['port']}"
        ports:
        - name: isolir
          containerPort: {port}
        readinessProbe:
          tcpSocket:
            port: {port}
          periodSeconds: 10
        livenessProbe:
          tcpSocket:
            port: {port}
          initialDelaySeconds: 10
          periodSeconds: 20
        resources:
          requests:
            cpu: 50m
            memory: 64Mi
          limits:
            cpu: 500m
            memory: 256Mi
        securityContext:
          allowPrivilegeEscalation: false
          readOnlyRootFilesystem: true
          capabilities:
            drop: [ALL]
        volumeMounts:
        - name: caddyfile
          mountPath: /etc/caddy
          readOnly: true
        - name: data
          mountPath: /data
        - name: config
          mountPath: /config
      volumes:
      - name: caddyfile
        configMap:
          name: isolir-door-caddyfile
      - name: data
        emptyDir: {{}}
      - name: config
        emptyDir: {{}}
---
apiVersion: v1
kind: Service
metadata:
  name: isolir-door
  labels:
    app.kubernetes.io/name: isolir-door
spec:
  type: LoadBalancer
  # Keeps the customer's (or their router's) address as the source: the gateway's limits see it.
  externalTrafficPolicy: Local
  selector:
    app.kubernetes.io/name: isolir-door
  ports:
  - name: isolir
    port: {port}
    targetPort: {port}
'''


EXTERNAL = HEADER + '''# PostgreSQL 15 and Redis outside the cluster (a managed database, a VM): the processes call
# them as postgres:5432 and redis:6379. REPLACE the externalName values with their DNS names.
# overlays/in-cluster runs both in the cluster instead.
apiVersion: v1
kind: Service
metadata:
  name: postgres
spec:
  type: ExternalName
  externalName: postgres.example.internal
  ports:
  - name: postgres
    port: 5432
---
apiVersion: v1
kind: Service
metadata:
  name: redis
spec:
  type: ExternalName
  externalName: redis.example.internal
  ports:
  - name: redis
    port: 6379
'''


def statefulset(name, image, port, args, env, probe, storage, mount):
    head = workload_head('StatefulSet', name, f'  serviceName: {name}\n  replicas: 1\n')
    return f'''{head}      containers:
      - name: {name}
        image: {image}
        args: {args}
{env}        ports:
        - containerPort: {port}
        readinessProbe:
          exec:
            command: {probe}
          periodSeconds: 5
          timeoutSeconds: 5
        livenessProbe:
          tcpSocket:
            port: {port}
          initialDelaySeconds: 30
          periodSeconds: 20
        resources:
          requests:
            cpu: 250m
            memory: 256Mi
          limits:
            cpu: "2"
            memory: 2Gi
        volumeMounts:
        - name: data
          mountPath: {mount}
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: {storage}
'''


def in_cluster():
    pg_env = '''        env:
        - name: POSTGRES_USER
          value: billing
        - name: POSTGRES_DB
          value: billing
        - name: PGDATA
          value: /var/lib/postgresql/data/pgdata
        - name: POSTGRES_PASSWORD
          valueFrom:
            secretKeyRef:
              name: billing-suite-secrets
              key: POSTGRES_PASSWORD
'''
    stateful = HEADER + '# PostgreSQL 15 and Redis in the cluster, each a StatefulSet with its own volume.\n'
    stateful += statefulset('postgres', 'postgres:15',
                            5432, '["-c", "max_connections=200", "-c", "autovacuum_naptime=10s"]',
                            pg_env, '["pg_isready", "-U", "billing", "-d", "billing"]', '20Gi',
                            '/var/lib/postgresql/data')
    stateful += '---\n' + statefulset('redis', 'redis:7', 6379, '["--appendonly", "yes"]', '',
                                      '["redis-cli", "ping"]', '1Gi', '/data')
    kustomization = HEADER + '''# The base with PostgreSQL and Redis running in the cluster (StatefulSets with volumes) instead
# of outside it: kubectl apply -k deploy/k8s/overlays/in-cluster
commonLabels:
  app.kubernetes.io/part-of: billing-suite
bases:
- ../../base
resources:
- stateful.yaml
patchesJson6902:
- target:
    version: v1
    kind: Service
    name: postgres
  path: postgres-service.yaml
- target:
    version: v1
    kind: Service
    name: redis
  path: redis-service.yaml
'''

    def service_patch(name, port):
        return HEADER + f'''# The Service {name} points at the StatefulSet instead of an outside name.
- op: replace
  path: /spec
  value:
    clusterIP: None
    selector:
      app.kubernetes.io/name: {name}
    ports:
    - name: {name}
      port: {port}
'''
    return {
        'overlays/in-cluster/kustomization.yaml': kustomization,
        'overlays/in-cluster/stateful.yaml': stateful,
        'overlays/in-cluster/postgres-service.yaml': service_patch('postgres', 5432),
        'overlays/in-cluster/redis-service.yaml': service_patch('redis', 6379),
    }


def files(services, sidecars=()):
    """Every file of deploy/k8s, by its path under deploy/k8s."""
    files = {}
    for service in services:
        files[f'base/{service["name"]}.yaml'] = workload(service, sidecars)
    for sidecar in sidecars:
        files[f'base/{sidecar["name"]}.yaml'] = sidecar_workload(sidecar)
    files['base/config.yaml'] = config_map(services)
    files['base/secret.yaml'] = secret(sidecars)
    files['base/ingress.yaml'] = ingress(gateway(services))
    files['base/external.yaml'] = EXTERNAL
    files['base/isolir-door.yaml'] = isolir_door(gateway(services))
    resources = ['config.yaml', 'secret.yaml', 'external.yaml'] + \
        [f'{s["name"]}.yaml' for s in sidecars] + \
        [f'{s["name"]}.yaml' for s in services] + ['ingress.yaml', 'isolir-door.yaml']
    files['kustomization.yaml'] = HEADER + '''# The billing suite on Kubernetes: kubectl apply -k deploy/k8s (README: "Kubernetes"), which is
# base/ (kept apart from overlays/ because kubectl 1.20's kustomize refuses a base that contains
# its overlay). PostgreSQL and Redis are outside the cluster (base/external.yaml);
# overlays/in-cluster runs them in it.
bases:
- base
'''
    files['base/kustomization.yaml'] = HEADER + '''# Every process of deploy/services.txt and sidecar of deploy/sidecars.txt, its configuration,
# the ingress and the isolir door (see ../kustomization.yaml).
commonLabels:
  app.kubernetes.io/part-of: billing-suite
resources:
''' + ''.join(f'- {r}\n' for r in resources)
    files.update(in_cluster())
    return files
