#!/usr/bin/env bash
# Seeds the 100k data set for the benchmarks straight into PostgreSQL (seconds, not the hour the
# API takes): N customers "Pelanggan i" (even i internet on one package, odd i gas, as
# ../shared/bench/seed_suite.js makes them) and a year of transactions: for each internet
# customer one bill per month for the 12 months before PERIOD (all paid on their due day but the
# last month's, unpaid for every third customer), and for each gas customer one LPG sale per
# month (paid the same day, the last month's unpaid for every fifth customer). At N=100000 that
# is 1,200,000 transactions. The bill run for PERIOD is left to do (POST /api/billing/run).
#
# Usage: bench/seed_100k.sh DATABASE_URL [N] [PERIOD] [GAS_IDS]
#   DATABASE_URL  the suite's database, its migrations applied (start the suite once first),
#                 e.g. postgresql://postgres@127.0.0.1:55432/billing
#   N             customers to add (default 100000)
#   PERIOD        the month the bill run is for (default: the current month, Asia/Jakarta)
#   GAS_IDS       file the gas customers' ids are written to, one a line, for post_gas.lua
#                 (default /tmp/gas_ids.txt); run compare.sh afterwards with SEEDED=1.
# Then restart the suite (or wait for its caches) and let `ANALYZE` finish (done here).
# It writes no outbox events, so the network service's mirror does not see these customers;
# the benchmarks of issue 13 (list, search, stats, gas sales, transactions list) do not need it.
set -euo pipefail
URL=${1:?usage: seed_100k.sh DATABASE_URL [N] [PERIOD] [GAS_IDS]}
N=${2:-100000}
PERIOD=${3:-$(TZ=Asia/Jakarta date +%Y-%m)}
GAS_IDS=${4:-/tmp/gas_ids.txt}
[[ "$N" =~ ^[0-9]+$ ]] || { echo "N must be a number"; exit 1; }
[[ "$PERIOD" =~ ^[0-9]{4}-(0[1-9]|1[0-2])$ ]] || { echo "PERIOD must be YYYY-MM"; exit 1; }

start=$(date +%s)
psql "$URL" -v ON_ERROR_STOP=1 -q -v n="$N" <<'SQL'
WITH package AS (
  INSERT INTO customer.packages (name, speed, price)
  VALUES ('Seed 10 Mbps ' || to_char(clock_timestamp(), 'YYYYMMDDHH24MISSUS'), '10 Mbps', 150000)
  RETURNING id)
INSERT INTO customer.customers (type, name, phone, address, pppoe_username, pppoe_password,
                                package_id, monthly_fee, due_day, gas_price)
SELECT CASE WHEN g % 2 = 0 THEN 'internet' ELSE 'gas' END, 'Pelanggan ' || g,
       '62812' || lpad(g::text, 8, '0'), 'RT ' || (g % 20),
       CASE WHEN g % 2 = 0
            THEN 'seed' || (extract(epoch FROM now())::bigint % 100000) || 'u' || g ELSE '' END,
       CASE WHEN g % 2 = 0 THEN 'pw123456' ELSE '' END,
       CASE WHEN g % 2 = 0 THEN (SELECT id FROM package) END,
       CASE WHEN g % 2 = 0 THEN 150000 ELSE 0 END, 10,
       CASE WHEN g % 2 = 0 THEN 0 ELSE 22000 END
FROM generate_series(0, :n - 1) g;
SQL
# One statement per month keeps the figures triggers' working set (one statement's rows) small.
for back in $(seq 12 -1 1); do
  psql "$URL" -v ON_ERROR_STOP=1 -q -v back="$back" -v period="$PERIOD" -v n="$N" <<'SQL'
WITH month AS (
  SELECT (to_date(:'period', 'YYYY-MM') - make_interval(months => :back))::date AS first_day),
customers AS (
  SELECT id, type, name, phone, monthly_fee, row_number() OVER (ORDER BY id) AS i
  FROM customer.customers WHERE name LIKE 'Pelanggan %' AND deleted_at IS NULL
  ORDER BY id DESC LIMIT :n)
INSERT INTO billing.transactions (customer_id, customer_name, customer_phone, type, period,
  description, items, amount, due_date, status, paid_at, paid_amount, payment_method, paid_by,
  created_by, created_at, updated_at)
SELECT c.id, c.name, c.phone, c.type, to_char(m.first_day, 'YYYY-MM'),
       CASE WHEN c.type = 'internet'
            THEN 'Tagihan internet periode ' || to_char(m.first_day, 'YYYY-MM') || ' (Seed)'
            ELSE 'Penjualan gas' END,
       CASE WHEN c.type = 'gas'
            THEN '[{"name":"LPG 3kg","qty":1,"unit_price":22000}]'::jsonb ELSE '[]'::jsonb END,
       CASE WHEN c.type = 'internet' THEN 150000 ELSE 22000 END,
       m.first_day + (CASE WHEN c.type = 'internet' THEN 9 ELSE (c.i % 28)::int END),
       CASE WHEN unpaid THEN 'unpaid' ELSE 'paid' END,
       CASE WHEN unpaid THEN NULL
            ELSE (m.first_day + (CASE WHEN c.type = 'internet' THEN 9 ELSE (c.i % 28)::int END)
                  + time '09:00' + (c.i % 600) * interval '1 minute')
                 AT TIME ZONE 'Asia/Jakarta' END,
       CASE WHEN unpaid THEN NULL WHEN c.type = 'internet' THEN 150000 ELSE 22000 END,
       CASE WHEN unpaid THEN NULL ELSE 'cash' END,
       CASE WHEN unpaid THEN NULL ELSE 'admin' END,
       'admin',
       (m.first_day + time '08:00' + (c.i % 600) * interval '1 minute') AT TIME ZONE 'Asia/Jakarta',
       (m.first_day + time '08:00' + (c.i % 600) * interval '1 minute') AT TIME ZONE 'Asia/Jakarta'
FROM customers c CROSS JOIN month m
CROSS JOIN LATERAL (SELECT :back = 1 AND (CASE WHEN c.type = 'internet' THEN c.i % 3 = 0
                                               ELSE c.i % 5 = 0 END) AS unpaid) u
ON CONFLICT DO NOTHING;
SQL
done
psql "$URL" -v ON_ERROR_STOP=1 -q -v n="$N" -At -o "$GAS_IDS" <<'SQL'
SELECT id FROM (SELECT id, type FROM customer.customers WHERE name LIKE 'Pelanggan %'
                AND deleted_at IS NULL ORDER BY id DESC LIMIT :n) c
WHERE type = 'gas' ORDER BY id;
SQL
psql "$URL" -v ON_ERROR_STOP=1 -q -c "ANALYZE customer.customers" \
  -c "ANALYZE billing.transactions"
echo "seeded $N customers and $(psql "$URL" -At -c 'SELECT count(*) FROM billing.transactions') \
transactions in $(( $(date +%s) - start )) s; gas ids in $GAS_IDS"
