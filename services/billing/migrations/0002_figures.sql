-- Dashboard figures kept up to date by statement triggers on billing.transactions, in the same
-- transaction as each change (insert, payment, any update, delete, TRUNCATE + INSERT restore),
-- so that Stats reads a few dozen rows instead of scanning every transaction.
--
-- They live in their own schema, billing_figures, because they are derived data: backups (which
-- copy the service schemas table by table) must not hold them, and a restore rebuilds them
-- through these same triggers (its TRUNCATE empties them, its INSERTs fill them again).
--
-- Hot rows: figures every writer would touch (outstanding totals, today's income) are split in
-- 16 slots picked by the backend pid, summed on read, so that concurrent gas sales do not queue
-- on one row lock until commit. Per-customer unpaid counts (one row per customer, touched only
-- by that customer's bills) give the exact number of customers in arrears by counting 0 <-> >0
-- transitions.
--
-- Transaction counts per (period, type, status) give the transactions list its exact total for
-- any status/type/period filter without counting rows.
--
-- Income buckets are local dates and months in the zone recorded in billing_figures.zone; when
-- the settings' billing.timezone differs (changed, or restored), the service calls rebuild(zone).
CREATE SCHEMA IF NOT EXISTS billing_figures;

CREATE TABLE billing_figures.zone (
  id   integer PRIMARY KEY CHECK (id = 1),
  name text NOT NULL
);

CREATE TABLE billing_figures.outstanding (
  kind      text NOT NULL CHECK (kind IN ('internet', 'gas', 'all')),
  slot      integer NOT NULL,
  amount    bigint NOT NULL,  -- Rupiah of unpaid transactions ('all': unused, 0)
  bills     bigint NOT NULL,  -- unpaid transactions ('all': unused, 0)
  customers bigint NOT NULL,  -- customers with at least one unpaid transaction of that kind
  PRIMARY KEY (kind, slot)
);

CREATE TABLE billing_figures.customer_unpaid (
  customer_id bigint PRIMARY KEY,
  internet    bigint NOT NULL,
  gas         bigint NOT NULL
);

CREATE TABLE billing_figures.income_day (
  day    date NOT NULL,  -- local date of paid_at in the recorded zone
  type   text NOT NULL,
  slot   integer NOT NULL,
  amount bigint NOT NULL,
  PRIMARY KEY (day, type, slot)
);

CREATE TABLE billing_figures.income_month (
  month  date NOT NULL,  -- first day of the local month of paid_at in the recorded zone
  type   text NOT NULL,
  slot   integer NOT NULL,
  amount bigint NOT NULL,
  PRIMARY KEY (month, type, slot)
);

CREATE TABLE billing_figures.counts (
  period text NOT NULL,
  type   text NOT NULL,
  status text NOT NULL,
  slot   integer NOT NULL,
  n      bigint NOT NULL,
  PRIMARY KEY (period, type, status, slot)
);

-- One transaction row's contribution, signed: +1 for a new row image, -1 for an old one.
CREATE TYPE billing_figures.change AS (
  customer_id bigint,
  type        text,
  period      text,
  paid        bigint,
  unpaid      bigint,
  amount      bigint,
  paid_at     timestamptz,
  paid_amount bigint
);

CREATE FUNCTION billing_figures.contribution(t billing.transactions, sign bigint)
RETURNS billing_figures.change LANGUAGE sql IMMUTABLE AS $$
  SELECT ROW(t.customer_id, t.type, t.period,
             CASE WHEN t.status = 'paid' THEN sign ELSE 0 END,
             CASE WHEN t.status = 'unpaid' THEN sign ELSE 0 END,
             CASE WHEN t.status = 'unpaid' THEN sign * t.amount ELSE 0 END,
             CASE WHEN t.status = 'paid' THEN t.paid_at END,
             CASE WHEN t.status = 'paid' THEN sign * coalesce(t.paid_amount, 0) ELSE 0 END
            )::billing_figures.change
$$;

-- Adds a statement's contributions to the figures; every upsert runs in key order, and the
-- per-customer rows come before the shared slot rows, so that concurrent statements (a bill-run
-- batch and a sale) take their row locks in the same order and cannot deadlock.
CREATE FUNCTION billing_figures.apply(changes billing_figures.change[])
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  zone text;
  my_slot integer := pg_backend_pid() % 16;
  internet_amount bigint;
  internet_bills bigint;
  gas_amount bigint;
  gas_bills bigint;
  internet_customers bigint;
  gas_customers bigint;
  all_customers bigint;
BEGIN
  SELECT name INTO zone FROM billing_figures.zone WHERE id = 1;

  WITH delta AS (
    SELECT c.customer_id,
           coalesce(sum(c.unpaid) FILTER (WHERE c.type = 'internet'), 0) AS internet,
           coalesce(sum(c.unpaid) FILTER (WHERE c.type = 'gas'), 0) AS gas
    FROM unnest(changes) c GROUP BY c.customer_id
  ),
  updated AS (
    INSERT INTO billing_figures.customer_unpaid AS f (customer_id, internet, gas)
    SELECT customer_id, internet, gas FROM delta
    WHERE internet <> 0 OR gas <> 0 ORDER BY customer_id
    ON CONFLICT (customer_id) DO UPDATE
      SET internet = f.internet + EXCLUDED.internet, gas = f.gas + EXCLUDED.gas
    RETURNING f.customer_id, f.internet, f.gas
  )
  SELECT coalesce(sum((u.internet > 0)::int - (u.internet - d.internet > 0)::int), 0),
         coalesce(sum((u.gas > 0)::int - (u.gas - d.gas > 0)::int), 0),
         coalesce(sum((u.internet + u.gas > 0)::int
                      - (u.internet - d.internet + u.gas - d.gas > 0)::int), 0)
  INTO internet_customers, gas_customers, all_customers
  FROM updated u JOIN delta d USING (customer_id);

  INSERT INTO billing_figures.income_day AS f (day, type, slot, amount)
  SELECT (c.paid_at AT TIME ZONE zone)::date, c.type, my_slot, sum(c.paid_amount)
  FROM unnest(changes) c WHERE c.paid_at IS NOT NULL
  GROUP BY 1, 2 HAVING sum(c.paid_amount) <> 0 ORDER BY 1, 2
  ON CONFLICT (day, type, slot) DO UPDATE SET amount = f.amount + EXCLUDED.amount;

  INSERT INTO billing_figures.income_month AS f (month, type, slot, amount)
  SELECT date_trunc('month', c.paid_at AT TIME ZONE zone)::date, c.type, my_slot, sum(c.paid_amount)
  FROM unnest(changes) c WHERE c.paid_at IS NOT NULL
  GROUP BY 1, 2 HAVING sum(c.paid_amount) <> 0 ORDER BY 1, 2
  ON CONFLICT (month, type, slot) DO UPDATE SET amount = f.amount + EXCLUDED.amount;

  INSERT INTO billing_figures.counts AS f (period, type, status, slot, n)
  SELECT k.period, k.type, k.status, my_slot, sum(k.n)
  FROM (SELECT c.period, c.type, 'paid' AS status, c.paid AS n FROM unnest(changes) c
        UNION ALL
        SELECT c.period, c.type, 'unpaid', c.unpaid FROM unnest(changes) c) k
  GROUP BY 1, 2, 3 HAVING sum(k.n) <> 0 ORDER BY 1, 2, 3
  ON CONFLICT (period, type, status, slot) DO UPDATE SET n = f.n + EXCLUDED.n;

  SELECT coalesce(sum(c.amount) FILTER (WHERE c.type = 'internet'), 0),
         coalesce(sum(c.unpaid) FILTER (WHERE c.type = 'internet'), 0),
         coalesce(sum(c.amount) FILTER (WHERE c.type = 'gas'), 0),
         coalesce(sum(c.unpaid) FILTER (WHERE c.type = 'gas'), 0)
  INTO internet_amount, internet_bills, gas_amount, gas_bills
  FROM unnest(changes) c;

  INSERT INTO billing_figures.outstanding AS f (kind, slot, amount, bills, customers)
  SELECT v.kind, my_slot, v.amount, v.bills, v.customers
  FROM (VALUES ('all', 0::bigint, 0::bigint, all_customers),
               ('gas', gas_amount, gas_bills, gas_customers),
               ('internet', internet_amount, internet_bills, internet_customers))
       AS v(kind, amount, bills, customers)
  WHERE v.amount <> 0 OR v.bills <> 0 OR v.customers <> 0
  ORDER BY v.kind
  ON CONFLICT (kind, slot) DO UPDATE SET amount = f.amount + EXCLUDED.amount,
    bills = f.bills + EXCLUDED.bills, customers = f.customers + EXCLUDED.customers;
END
$$;

CREATE FUNCTION billing_figures.on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM billing_figures.apply(
    ARRAY(SELECT billing_figures.contribution(n, 1) FROM new_rows n));
  RETURN NULL;
END
$$;

CREATE FUNCTION billing_figures.on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM billing_figures.apply(
    ARRAY(SELECT billing_figures.contribution(n, 1) FROM new_rows n
          UNION ALL SELECT billing_figures.contribution(o, -1) FROM old_rows o));
  RETURN NULL;
END
$$;

CREATE FUNCTION billing_figures.on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM billing_figures.apply(
    ARRAY(SELECT billing_figures.contribution(o, -1) FROM old_rows o));
  RETURN NULL;
END
$$;

CREATE FUNCTION billing_figures.on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE billing_figures.outstanding, billing_figures.customer_unpaid,
           billing_figures.income_day, billing_figures.income_month, billing_figures.counts;
  RETURN NULL;
END
$$;

CREATE TRIGGER figures_insert AFTER INSERT ON billing.transactions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION billing_figures.on_insert();
CREATE TRIGGER figures_update AFTER UPDATE ON billing.transactions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION billing_figures.on_update();
CREATE TRIGGER figures_delete AFTER DELETE ON billing.transactions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION billing_figures.on_delete();
CREATE TRIGGER figures_truncate AFTER TRUNCATE ON billing.transactions
  FOR EACH STATEMENT EXECUTE FUNCTION billing_figures.on_truncate();

-- Recomputes every figure from the transactions with income bucketed in `zone`; a no-op when
-- the figures already use it. Writers wait meanwhile (the lock conflicts with their row
-- exclusive lock, so none is half-way through), and so does any concurrent rebuild.
CREATE FUNCTION billing_figures.rebuild(new_zone text, force boolean DEFAULT false)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE billing.transactions IN SHARE ROW EXCLUSIVE MODE;
  IF NOT force AND EXISTS (SELECT 1 FROM billing_figures.zone WHERE id = 1 AND name = new_zone)
  THEN
    RETURN;
  END IF;
  PERFORM now() AT TIME ZONE new_zone;  -- an unknown zone fails here, before anything changes
  INSERT INTO billing_figures.zone (id, name) VALUES (1, new_zone)
  ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name;
  TRUNCATE billing_figures.outstanding, billing_figures.customer_unpaid,
           billing_figures.income_day, billing_figures.income_month, billing_figures.counts;
  INSERT INTO billing_figures.income_day (day, type, slot, amount)
  SELECT (paid_at AT TIME ZONE new_zone)::date, type, 0, sum(coalesce(paid_amount, 0))
  FROM billing.transactions WHERE status = 'paid' GROUP BY 1, 2;
  INSERT INTO billing_figures.income_month (month, type, slot, amount)
  SELECT date_trunc('month', paid_at AT TIME ZONE new_zone)::date, type, 0,
         sum(coalesce(paid_amount, 0))
  FROM billing.transactions WHERE status = 'paid' GROUP BY 1, 2;
  INSERT INTO billing_figures.counts (period, type, status, slot, n)
  SELECT period, type, status, 0, count(*) FROM billing.transactions GROUP BY 1, 2, 3;
  INSERT INTO billing_figures.customer_unpaid (customer_id, internet, gas)
  SELECT customer_id, count(*) FILTER (WHERE type = 'internet'),
         count(*) FILTER (WHERE type = 'gas')
  FROM billing.transactions WHERE status = 'unpaid' GROUP BY customer_id;
  INSERT INTO billing_figures.outstanding (kind, slot, amount, bills, customers)
  SELECT type, 0, sum(amount), count(*), count(DISTINCT customer_id)
  FROM billing.transactions WHERE status = 'unpaid' GROUP BY type
  UNION ALL
  SELECT 'all', 0, 0, 0, count(*) FROM billing_figures.customer_unpaid;
END
$$;

DO $$
BEGIN
  PERFORM billing_figures.rebuild(
    coalesce((SELECT document -> 'billing' ->> 'timezone' FROM billing.settings WHERE id = 1),
             'Asia/Jakarta'));
END
$$;
