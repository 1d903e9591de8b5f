-- Invoice numbers without queueing commits (issue 17, measured by bench/compare.sh).
--
-- 0006's trigger locks the month's counter row from a create's insert until its commit, so
-- every gas sale and bill of the month waited for the previous one's commit (its WAL flush):
-- 32 counter clerks at once got 145 sales/s instead of 600. Now a single create takes its
-- number before its transaction, with billing.take_invoice_no: one statement that increments the
-- counter and commits without waiting for the flush (synchronous_commit off for that statement
-- only), so the row lock is held for microseconds. That is durable enough: the create's own
-- commit flushes the WAL up to it, and the counter's change comes earlier in the WAL; a crash
-- before that commit loses at most a number no bill has. The price is a gap when a create fails
-- after taking its number (a database error; an internet bill for a period that is billed is
-- checked first and takes no number). Batches (bill run, arrears import, restore) still number
-- in their transaction through the trigger, holding the counter for the batch, as before.
--
-- Both paths render the prefix with billing.invoice_prefix, and read the pattern and zone once
-- per transaction (the trigger read the settings document for every row of a batch).

CREATE FUNCTION billing.invoice_prefix(p_local timestamp, OUT prefix text, OUT token text,
                                       OUT width integer)
LANGUAGE plpgsql AS $$
DECLARE
  v_pattern text := nullif(current_setting('billing_invoice.pattern', true), '');
BEGIN
  IF v_pattern IS NULL THEN
    SELECT coalesce(nullif(document #>> '{invoice,pattern}', ''), 'INV/{YYYY}/{MM}/{SEQ:4}')
      INTO v_pattern FROM billing.settings WHERE id = 1;
    v_pattern := coalesce(v_pattern, 'INV/{YYYY}/{MM}/{SEQ:4}');
    PERFORM set_config('billing_invoice.pattern', v_pattern, true);
  END IF;
  prefix := replace(replace(replace(v_pattern, '{YYYY}', to_char(p_local, 'YYYY')),
                            '{YY}', to_char(p_local, 'YY')),
                    '{MM}', to_char(p_local, 'MM'));
  token := substring(prefix FROM '\{SEQ(?::[1-8])?\}');
  IF token IS NULL THEN  -- the settings check requires one; never a number without a sequence
    token := '{SEQ:4}';
    prefix := prefix || '/' || token;
  END IF;
  width := coalesce(substring(token FROM '[1-8]')::integer, 1);
END
$$;

-- The local time of `p_at` in the settings' zone (read once per transaction).
CREATE FUNCTION billing.invoice_local_time(p_at timestamptz) RETURNS timestamp
LANGUAGE plpgsql AS $$
DECLARE
  v_zone text := nullif(current_setting('billing_invoice.zone', true), '');
BEGIN
  IF v_zone IS NULL THEN
    SELECT coalesce(nullif(document #>> '{billing,timezone}', ''), 'Asia/Jakarta')
      INTO v_zone FROM billing.settings WHERE id = 1;
    v_zone := coalesce(v_zone, 'Asia/Jakarta');
    PERFORM set_config('billing_invoice.zone', v_zone, true);
  END IF;
  RETURN p_at AT TIME ZONE v_zone;
END
$$;

-- The sequence's `n`-th number, or a later one when that is taken (a restore brought numbers
-- newer than the counters): the number and its n.
CREATE FUNCTION billing.first_free_invoice_no(p_prefix text, p_token text, p_width integer,
                                              INOUT n bigint, OUT invoice_no text)
LANGUAGE plpgsql AS $$
BEGIN
  LOOP
    invoice_no := replace(p_prefix, p_token, lpad(n::text, greatest(p_width, length(n::text)), '0'));
    EXIT WHEN NOT EXISTS (SELECT 1 FROM billing.transactions t WHERE t.invoice_no = first_free_invoice_no.invoice_no);
    n := n + 1;
  END LOOP;
END
$$;

-- A number for one transaction about to be created, taken in a statement of its own that sets
-- synchronous_commit off for itself (see above; never call it inside a transaction that writes
-- anything else); NULL for an internet bill of a period already billed (its insert will be
-- refused).
CREATE FUNCTION billing.take_invoice_no(p_customer_id bigint, p_type text, p_period text)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v_prefix record;
  v_n bigint;
  v_free record;
BEGIN
  IF p_type = 'internet' AND EXISTS (
       SELECT 1 FROM billing.transactions
       WHERE customer_id = p_customer_id AND period = p_period AND type = 'internet') THEN
    RETURN NULL;
  END IF;
  SELECT * INTO v_prefix FROM billing.invoice_prefix(billing.invoice_local_time(now()));
  INSERT INTO billing.invoice_counters (prefix, last) VALUES (v_prefix.prefix, 0)
    ON CONFLICT ON CONSTRAINT invoice_counters_pkey DO NOTHING;
  UPDATE billing.invoice_counters SET last = last + 1 WHERE prefix = v_prefix.prefix
    RETURNING last INTO v_n;
  SELECT * INTO v_free
    FROM billing.first_free_invoice_no(v_prefix.prefix, v_prefix.token, v_prefix.width, v_n);
  IF v_free.n <> v_n THEN
    UPDATE billing.invoice_counters SET last = v_free.n WHERE prefix = v_prefix.prefix;
  END IF;
  RETURN v_free.invoice_no;
END
$$;

CREATE OR REPLACE FUNCTION billing.assign_invoice_no() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_prefix record;
  v_setting text;
  v_taken text;
  v_n bigint;
  v_free record;
BEGIN
  IF NEW.invoice_no IS NOT NULL THEN
    RETURN NEW;
  END IF;
  SELECT * INTO v_prefix
    FROM billing.invoice_prefix(billing.invoice_local_time(coalesce(NEW.created_at, now())));
  v_setting := 'billing_invoice.p' || md5(v_prefix.prefix);
  v_taken := nullif(current_setting(v_setting, true), '');
  IF v_taken IS NULL THEN
    -- This transaction's first number of the sequence: lock its counter until commit.
    INSERT INTO billing.invoice_counters (prefix, last) VALUES (v_prefix.prefix, 0)
      ON CONFLICT ON CONSTRAINT invoice_counters_pkey DO NOTHING;
    SELECT c.last INTO v_n FROM billing.invoice_counters c
      WHERE c.prefix = v_prefix.prefix FOR UPDATE;
    INSERT INTO billing.invoice_counter_flush (prefix, last) VALUES (v_prefix.prefix, v_setting);
  ELSE
    v_n := v_taken::bigint;
  END IF;
  SELECT * INTO v_free
    FROM billing.first_free_invoice_no(v_prefix.prefix, v_prefix.token, v_prefix.width, v_n + 1);
  PERFORM set_config(v_setting, v_free.n::text, true);
  NEW.invoice_no := v_free.invoice_no;
  RETURN NEW;
END
$$;
