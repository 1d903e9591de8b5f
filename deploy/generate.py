#!/usr/bin/env python3
"""Writes every deploy file that repeats itself per process, from deploy/services.txt and
deploy/sidecars.txt: deploy/docker/Dockerfile (a stage per process), docker-compose.yml (a
service per process) and deploy/k8s (a kustomize base and the in-cluster overlay).

    deploy/generate.py [OUTPUT_ROOT]     (default: the repository root)

The generated files are committed; tests/deploy/deploy_config_test.sh (Dockerfile, compose) and
tests/deploy/k8s_test.sh (deploy/k8s) fail when they are not what this script writes now.
Change deploy/generator/ or deploy/services.txt, run this, commit both.
"""

import os
import sys

sys.dont_write_bytecode = True  # nothing beside the sources
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, 'generator'))

import containers  # noqa: E402
import k8s  # noqa: E402
from manifest import read_manifest, read_sidecars  # noqa: E402


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, '..')
    services, sidecars = read_manifest(), read_sidecars()
    files = containers.files(services, sidecars)
    files.update({os.path.join('deploy/k8s', path): text
                  for path, text in k8s.files(services, sidecars).items()})
    for path, text in files.items():
        full = os.path.join(out, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, 'w') as f:
            f.write(text)


if __name__ == '__main__':
    main()
