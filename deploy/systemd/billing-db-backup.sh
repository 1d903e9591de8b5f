#!/usr/bin/env bash
# Dumps the billing database (pg_dump custom format) into DB_BACKUP_DIR and deletes dumps older
# than DB_BACKUP_KEEP_DAYS. Installed as /opt/billing-suite/bin/billing-db-backup and run by
# billing-suite-db-backup.service; works by hand too:
#   DATABASE_URL=postgresql://... DB_BACKUP_DIR=/tmp/b billing-db-backup
# Restore: pg_restore --clean --if-exists --no-owner -d "$DATABASE_URL" FILE
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL is not set (it is in /etc/billing-suite/billing.env)}"
dir="${DB_BACKUP_DIR:-/var/backups/billing-suite}"
keep_days="${DB_BACKUP_KEEP_DAYS:-14}"
if [[ ! "$keep_days" =~ ^[1-9][0-9]*$ ]]; then
  printf 'DB_BACKUP_KEEP_DAYS must be a positive number of days, got %s\n' "$keep_days" >&2
  exit 2
fi

umask 077
mkdir -p "$dir"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
final="${dir}/billing-${stamp}.dump"
partial="${dir}/.billing-${stamp}.dump.partial"
trap 'rm -f "$partial"' EXIT

# Written under a temporary name and renamed when complete, so a dump that failed half-way
# is never mistaken for a backup, nor counted by the rotation below.
pg_dump --format=custom --no-owner --dbname="$DATABASE_URL" --file="$partial"
mv "$partial" "$final"
printf 'backup written: %s (%s bytes)\n' "$final" "$(stat -c %s "$final")"

# Rotation only after a successful dump: a failing database never empties the directory.
find "$dir" -maxdepth 1 -type f -name 'billing-*.dump' -mmin +"$((keep_days * 24 * 60))" \
  -print -delete | sed 's/^/deleted old backup: /'
