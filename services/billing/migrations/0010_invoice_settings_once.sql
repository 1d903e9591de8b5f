-- Invoice numbers: the trigger of 0006 read the settings document for every row it numbered (a
-- bill run's batch, an import, a restore). It now reads the pattern and the time zone once per
-- transaction and keeps them in transaction-local settings, like the sequence's last number.
-- Settings change in transactions of their own, so a transaction never needs a newer pattern.
CREATE OR REPLACE FUNCTION billing.assign_invoice_no() RETURNS trigger LANGUAGE plpgsql AS $$
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
  -- The pattern and zone are read once per transaction: a batch's further rows take them from
  -- transaction-local settings instead of reading (and detoasting) the settings document.
  v_pattern := nullif(current_setting('billing_invoice.pattern', true), '');
  v_zone := nullif(current_setting('billing_invoice.zone', true), '');
  IF v_pattern IS NULL OR v_zone IS NULL THEN
    SELECT document #>> '{invoice,pattern}', document #>> '{billing,timezone}'
      INTO v_pattern, v_zone FROM billing.settings WHERE id = 1;
    v_pattern := coalesce(nullif(v_pattern, ''), 'INV/{YYYY}/{MM}/{SEQ:4}');
    v_zone := coalesce(nullif(v_zone, ''), 'Asia/Jakarta');
    PERFORM set_config('billing_invoice.pattern', v_pattern, true);
    PERFORM set_config('billing_invoice.zone', v_zone, true);
  END IF;
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
