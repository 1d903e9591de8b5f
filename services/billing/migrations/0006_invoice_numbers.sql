-- Invoice numbers (issue 17): every transaction gets one when it is inserted, in the same
-- transaction, from the settings' invoice.pattern (default INV/{YYYY}/{MM}/{SEQ:4}).
--
-- The sequence belongs to the pattern rendered without its {SEQ}: with {YYYY} and {MM} that is
-- one sequence per month (of the local creation date in billing.timezone), with {YYYY} alone one
-- per year. A transaction's first number of a sequence locks its counter row until commit, so
-- concurrent creates (any replica: they share this database) queue on it, and a rolled-back
-- create gives its numbers back: no gaps but deleted bills. Further numbers of the same
-- transaction (a bill run's batch, an import, a restore) come from a transaction-local setting,
-- and the counter row is written once, at commit (invoice_counter_flush's deferred trigger):
-- updating it per row would grow one row's version chain inside the transaction and make a
-- batch of n rows cost n^2. A number already used (a restore that brought numbers but older
-- counters, a pattern changed back and forth) is skipped, and the unique index is the last
-- word. Rows that come with a number (a restore) keep it.
ALTER TABLE billing.transactions ADD COLUMN invoice_no text;

CREATE TABLE billing.invoice_counters (
  prefix text PRIMARY KEY,  -- the pattern rendered for the date, {SEQ...} left in
  last   bigint NOT NULL CHECK (last >= 0)
);

-- The counters a transaction has taken numbers from, written back when it commits; empty
-- outside a transaction.
CREATE TABLE billing.invoice_counter_flush (
  prefix text NOT NULL,
  last   text NOT NULL  -- the transaction-local setting that holds the last number taken
);

CREATE FUNCTION billing.flush_invoice_counter() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE billing.invoice_counters SET last = current_setting(NEW.last)::bigint
    WHERE prefix = NEW.prefix;
  DELETE FROM billing.invoice_counter_flush WHERE ctid = NEW.ctid;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER invoice_counter_flush AFTER INSERT ON billing.invoice_counter_flush
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION billing.flush_invoice_counter();

CREATE FUNCTION billing.assign_invoice_no() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_pattern text;
  v_zone text;
  v_local timestamp;
  v_prefix text;
  v_token text;
  v_width integer;
  v_setting text;
  v_taken text;
  v_n bigint;
  v_candidate text;
BEGIN
  IF NEW.invoice_no IS NOT NULL THEN
    RETURN NEW;
  END IF;
  SELECT document #>> '{invoice,pattern}', document #>> '{billing,timezone}'
    INTO v_pattern, v_zone FROM billing.settings WHERE id = 1;
  v_pattern := coalesce(nullif(v_pattern, ''), 'INV/{YYYY}/{MM}/{SEQ:4}');
  v_zone := coalesce(nullif(v_zone, ''), 'Asia/Jakarta');
  v_local := coalesce(NEW.created_at, now()) AT TIME ZONE v_zone;
  v_prefix := replace(replace(replace(v_pattern, '{YYYY}', to_char(v_local, 'YYYY')),
                              '{YY}', to_char(v_local, 'YY')),
                      '{MM}', to_char(v_local, 'MM'));
  v_token := substring(v_prefix FROM '\{SEQ(?::[1-8])?\}');
  IF v_token IS NULL THEN  -- the settings check requires one; never a number without a sequence
    v_token := '{SEQ:4}';
    v_prefix := v_prefix || '/' || v_token;
  END IF;
  v_width := coalesce(substring(v_token FROM '[1-8]')::integer, 1);
  v_setting := 'billing_invoice.p' || md5(v_prefix);
  v_taken := nullif(current_setting(v_setting, true), '');
  IF v_taken IS NULL THEN
    -- This transaction's first number of the sequence: lock its counter until commit.
    INSERT INTO billing.invoice_counters (prefix, last) VALUES (v_prefix, 0)
      ON CONFLICT ON CONSTRAINT invoice_counters_pkey DO NOTHING;
    SELECT c.last INTO v_n FROM billing.invoice_counters c WHERE c.prefix = v_prefix FOR UPDATE;
    INSERT INTO billing.invoice_counter_flush (prefix, last) VALUES (v_prefix, v_setting);
  ELSE
    v_n := v_taken::bigint;
  END IF;
  LOOP
    v_n := v_n + 1;
    v_candidate := replace(v_prefix, v_token,
                           lpad(v_n::text, greatest(v_width, length(v_n::text)), '0'));
    EXIT WHEN NOT EXISTS (SELECT 1 FROM billing.transactions WHERE invoice_no = v_candidate);
  END LOOP;
  PERFORM set_config(v_setting, v_n::text, true);
  NEW.invoice_no := v_candidate;
  RETURN NEW;
END
$$;

-- The transactions there are now, numbered by the default pattern in creation order per month.
WITH zone AS (
  SELECT coalesce((SELECT nullif(document #>> '{billing,timezone}', '') FROM billing.settings
                   WHERE id = 1), 'Asia/Jakarta') AS name
), numbered AS (
  SELECT t.id, to_char(t.created_at AT TIME ZONE zone.name, 'YYYY/MM') AS month,
         row_number() OVER (PARTITION BY to_char(t.created_at AT TIME ZONE zone.name, 'YYYY/MM')
                            ORDER BY t.created_at, t.id) AS n
  FROM billing.transactions t, zone
), written AS (
  UPDATE billing.transactions t
  SET invoice_no = 'INV/' || numbered.month || '/' ||
                   lpad(numbered.n::text, greatest(4, length(numbered.n::text)), '0')
  FROM numbered WHERE numbered.id = t.id
  RETURNING numbered.month, numbered.n
)
INSERT INTO billing.invoice_counters (prefix, last)
SELECT 'INV/' || month || '/{SEQ:4}', max(n) FROM written GROUP BY month;

ALTER TABLE billing.transactions ALTER COLUMN invoice_no SET NOT NULL;
CREATE UNIQUE INDEX transactions_invoice_no ON billing.transactions (invoice_no);

CREATE TRIGGER transactions_invoice_no BEFORE INSERT ON billing.transactions
  FOR EACH ROW EXECUTE FUNCTION billing.assign_invoice_no();
