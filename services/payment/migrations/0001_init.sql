-- Payment attempts (one pay link each) and the audit of every callback that arrived.
CREATE TABLE attempts (
  id                 bigserial PRIMARY KEY,
  merchant_ref       text NOT NULL UNIQUE,
  provider           text NOT NULL CHECK (provider IN ('tripay', 'midtrans', 'xendit')),
  provider_reference text NOT NULL DEFAULT '',
  customer_id        bigint NOT NULL,
  scope              text NOT NULL CHECK (scope IN ('bill', 'all_unpaid')),
  bill_ids           bigint[] NOT NULL CHECK (cardinality(bill_ids) > 0),
  amount_asked       bigint NOT NULL CHECK (amount_asked > 0),
  amount_charged     bigint NOT NULL DEFAULT 0 CHECK (amount_charged >= 0),
  amount_paid        bigint NOT NULL DEFAULT 0 CHECK (amount_paid >= 0),
  pay_url            text NOT NULL DEFAULT '',
  status             text NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'paid', 'expired', 'failed', 'refunded')),
  expires_at         timestamptz NOT NULL,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  paid_at            timestamptz,
  bill_marked_at     timestamptz,
  checked_at         timestamptz,
  needs_check        text NOT NULL DEFAULT ''
                     CHECK (needs_check IN ('', 'paid_meanwhile', 'amount_mismatch', 'bill_missing'))
);
CREATE INDEX attempts_customer ON attempts (customer_id, created_at DESC);
CREATE INDEX attempts_bills ON attempts USING gin (bill_ids);
-- What reconciliation walks: pending attempts and paid ones whose bill(s) are not marked yet.
CREATE INDEX attempts_open ON attempts (created_at)
  WHERE status = 'pending' OR (status = 'paid' AND bill_marked_at IS NULL AND needs_check = '');
CREATE INDEX attempts_needs_check ON attempts (updated_at DESC) WHERE needs_check <> '';

CREATE TABLE callbacks (
  id           bigserial PRIMARY KEY,
  received_at  timestamptz NOT NULL,
  provider     text NOT NULL,
  body_sha256  text NOT NULL,
  merchant_ref text NOT NULL DEFAULT '',
  verdict      text NOT NULL
);
CREATE INDEX callbacks_ref ON callbacks (merchant_ref, received_at DESC);
CREATE INDEX callbacks_at ON callbacks (received_at DESC);
