-- Transactions (internet bills and gas sales), bill runs and the settings document.
CREATE TABLE transactions (
  id             bigserial PRIMARY KEY,
  customer_id    bigint NOT NULL,
  customer_name  text NOT NULL,
  customer_phone text NOT NULL DEFAULT '',
  type           text NOT NULL CHECK (type IN ('internet', 'gas')),
  period         text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  description    text NOT NULL DEFAULT '',
  items          jsonb NOT NULL DEFAULT '[]'::jsonb,
  amount         bigint NOT NULL CHECK (amount >= 0),
  due_date       date NOT NULL,
  status         text NOT NULL DEFAULT 'unpaid' CHECK (status IN ('unpaid', 'paid')),
  paid_at        timestamptz,
  paid_amount    bigint CHECK (paid_amount >= 0),
  payment_method text CHECK (payment_method IN ('cash', 'transfer', 'other')),
  paid_by        text,
  created_by     text NOT NULL DEFAULT '',
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'paid') = (paid_at IS NOT NULL))
);
-- At most one internet bill per customer and period (the bill run relies on it).
CREATE UNIQUE INDEX transactions_one_bill_per_period
  ON transactions (customer_id, period) WHERE type = 'internet';
CREATE INDEX transactions_created ON transactions (created_at DESC, id DESC);
CREATE INDEX transactions_unpaid ON transactions (customer_id, due_date) WHERE status = 'unpaid';
CREATE INDEX transactions_paid_at ON transactions (paid_at) WHERE status = 'paid';
CREATE INDEX transactions_customer ON transactions (customer_id, id DESC);
CREATE INDEX transactions_period ON transactions (period, type);

CREATE TABLE bill_runs (
  period  text PRIMARY KEY,
  created bigint NOT NULL,
  skipped bigint NOT NULL,
  run_at  timestamptz NOT NULL DEFAULT now(),
  run_by  text NOT NULL
);

CREATE TABLE settings (
  id         integer PRIMARY KEY CHECK (id = 1),
  document   jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
