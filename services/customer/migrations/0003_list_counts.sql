-- Issue 13: a list's total without counting the whole filter. Live customers are counted per
-- (type, status, package) in customer_counts, kept by triggers in the writing transaction, so a
-- total is a sum over a handful of rows. Each key is spread over 16 shards (by customer id) so
-- that concurrent creates do not queue on one counter row.
CREATE TABLE customer_counts (
  type       text NOT NULL,
  status     text NOT NULL,
  package_id bigint NOT NULL,  -- 0 = none (gas)
  shard      smallint NOT NULL,
  n          bigint NOT NULL,
  PRIMARY KEY (type, status, package_id, shard)
);

INSERT INTO customer_counts (type, status, package_id, shard, n)
  SELECT type, status, coalesce(package_id, 0), (id % 16)::smallint, count(*)
  FROM customers WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4;

-- Names are schema-qualified: the triggers also fire for the backup service's restore, whose
-- search_path does not start with this schema.
-- Inserts are counted once per statement (a restore or a bulk load inserts thousands of rows in
-- one), keys in a fixed order so that two such statements lock counters in the same order.
CREATE FUNCTION customer_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer.customer_counts AS k (type, status, package_id, shard, n)
    SELECT type, status, coalesce(package_id, 0), (id % 16)::smallint, count(*)
    FROM new_rows WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (type, status, package_id, shard) DO UPDATE SET n = k.n + EXCLUDED.n;
  RETURN NULL;
END
$$;

-- Updates and deletes, one row at a time (staff edit one customer at a time).
CREATE FUNCTION customer_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.deleted_at IS NULL THEN
    INSERT INTO customer.customer_counts AS k (type, status, package_id, shard, n)
      VALUES (OLD.type, OLD.status, coalesce(OLD.package_id, 0), OLD.id % 16, -1)
      ON CONFLICT (type, status, package_id, shard) DO UPDATE SET n = k.n - 1;
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.deleted_at IS NULL THEN
    INSERT INTO customer.customer_counts AS k (type, status, package_id, shard, n)
      VALUES (NEW.type, NEW.status, coalesce(NEW.package_id, 0), NEW.id % 16, 1)
      ON CONFLICT (type, status, package_id, shard) DO UPDATE SET n = k.n + 1;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER customers_count_insert AFTER INSERT ON customers
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_counts_insert();
CREATE TRIGGER customers_count_update AFTER UPDATE OF type, status, package_id, deleted_at
  ON customers FOR EACH ROW
  WHEN (OLD.type IS DISTINCT FROM NEW.type OR OLD.status IS DISTINCT FROM NEW.status
        OR OLD.package_id IS DISTINCT FROM NEW.package_id
        OR (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL))
  EXECUTE FUNCTION customer_counts_apply();
CREATE TRIGGER customers_count_delete AFTER DELETE ON customers
  FOR EACH ROW EXECUTE FUNCTION customer_counts_apply();

-- Only those triggers write counts. A restore (TRUNCATE of the schema's tables, then the
-- backup's rows) re-counts the customers it inserts; the counter rows a backup carries are
-- dropped here, or they would be counted twice. Direct writes run at trigger depth 1, the
-- triggers' own at depth 2.
CREATE FUNCTION customer_counts_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() < 2 THEN
    RETURN NULL;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER customer_counts_written_by_triggers BEFORE INSERT ON customer_counts
  FOR EACH ROW EXECUTE FUNCTION customer_counts_guard();

-- A list filtered by type alone, newest first, read from the index only (deep pages).
CREATE INDEX customers_live_by_type ON customers (type, id) WHERE deleted_at IS NULL;
