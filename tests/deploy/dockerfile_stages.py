"""The stages of a Dockerfile, for the deploy checks' Python snippets (PYTHONPATH=tests/deploy)."""
import re


def read_stages(path):
    """{stage name (or base image when unnamed): {'base': image or stage, 'lines': [...]}}."""
    stages, current = {}, None
    for line in open(path).read().splitlines():
        m = re.match(r'FROM\s+(\S+)(?:\s+AS\s+(\S+))?', line, re.I)
        if m:
            current = m.group(2) or m.group(1)
            stages[current] = {'base': m.group(1), 'lines': []}
        elif current:
            stages[current]['lines'].append(line)
    return stages
