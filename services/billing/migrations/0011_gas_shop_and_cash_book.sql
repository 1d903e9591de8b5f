-- The gas shop and the cash book (issue 18): products with their prices and cylinder stock,
-- every stock movement, the buyer's NIK on sales of subsidised LPG, and the cash book's
-- categories and entries (expenses and other income). One migration, because a delivery from
-- the agent writes its stock movement and its cash book expense in the same transaction.

CREATE TABLE billing.products (
  id             bigserial PRIMARY KEY,
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  kind           text NOT NULL CHECK (kind IN ('lpg_3kg', 'lpg_5_5kg', 'lpg_12kg', 'bright_gas', 'other')),
  price          bigint NOT NULL CHECK (price >= 0),           -- refill (exchange) price
  cylinder_price bigint NOT NULL DEFAULT 0 CHECK (cylinder_price >= 0),  -- 0 = refill only
  purchase_price bigint NOT NULL DEFAULT 0 CHECK (purchase_price >= 0),  -- agent's price a refill
  tracks_stock   boolean NOT NULL DEFAULT true,
  low_stock      integer NOT NULL DEFAULT 0 CHECK (low_stock >= 0),
  subsidised     boolean NOT NULL DEFAULT false,               -- the buyer's NIK is logged
  active         boolean NOT NULL DEFAULT true,
  full_count     integer NOT NULL DEFAULT 0 CHECK (full_count >= 0),
  empty_count    integer NOT NULL DEFAULT 0 CHECK (empty_count >= 0),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX products_name ON billing.products (lower(name));

-- A customer's own price of a product (instead of the product's price).
CREATE TABLE billing.product_prices (
  product_id  bigint NOT NULL REFERENCES billing.products (id) ON DELETE CASCADE,
  customer_id bigint NOT NULL,
  price       bigint NOT NULL CHECK (price >= 0),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (product_id, customer_id)
);
CREATE INDEX product_prices_customer ON billing.product_prices (customer_id);

-- Every change of a product's full and empty counts, with who and why. The counts on products
-- are the running sum of these deltas (from zero), kept in the same transaction.
--   sale              full -q, empty +q (an exchange)
--   sale_new_cylinder full -q (the customer takes the cylinder; its price is a bill line)
--   sale_cancelled    the reverse of a deleted unpaid sale's movements
--   delivery          full +q, empty -e (from the agent, at unit_price each: a cash book expense)
--   return            full +f, empty +e (cylinders brought back by a customer)
--   correction        any deltas, with a reason (admin)
CREATE TABLE billing.stock_movements (
  id             bigserial PRIMARY KEY,
  product_id     bigint NOT NULL REFERENCES billing.products (id),
  kind           text NOT NULL CHECK (kind IN ('sale', 'sale_new_cylinder', 'sale_cancelled',
                                               'delivery', 'return', 'correction')),
  full_delta     integer NOT NULL,
  empty_delta    integer NOT NULL,
  unit_price     bigint NOT NULL DEFAULT 0 CHECK (unit_price >= 0),
  amount         bigint NOT NULL DEFAULT 0 CHECK (amount >= 0),
  transaction_id bigint,   -- the sale (sale, sale_new_cylinder, sale_cancelled)
  note           text NOT NULL DEFAULT '',
  created_by     text NOT NULL DEFAULT '',
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (full_delta <> 0 OR empty_delta <> 0)
);
CREATE INDEX stock_movements_product_time ON billing.stock_movements (product_id, created_at);
CREATE INDEX stock_movements_transaction ON billing.stock_movements (transaction_id)
  WHERE transaction_id IS NOT NULL;

-- The buyer's NIK (16 digits) on a sale of subsidised LPG (Pertamina's logbook).
ALTER TABLE billing.transactions
  ADD COLUMN nik text CHECK (nik ~ '^[0-9]{16}$');
CREATE INDEX transactions_nik ON billing.transactions (nik, created_at) WHERE nik IS NOT NULL;

-- The cash book: expenses and other income, by editable categories.
CREATE TABLE billing.cash_categories (
  id      bigserial PRIMARY KEY,
  kind    text NOT NULL CHECK (kind IN ('expense', 'income')),
  name    text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  code    text UNIQUE,   -- a built-in category the code refers to ('gas_purchase'), else NULL
  active  boolean NOT NULL DEFAULT true
);
CREATE UNIQUE INDEX cash_categories_name ON billing.cash_categories (kind, lower(name));
INSERT INTO billing.cash_categories (kind, name, code) VALUES
  ('expense', 'Bandwidth / upstream', NULL),
  ('expense', 'Listrik', NULL),
  ('expense', 'Gaji', NULL),
  ('expense', 'Pembelian gas', 'gas_purchase'),
  ('expense', 'Peralatan', NULL),
  ('expense', 'Lain-lain', NULL),
  ('income', 'Pendapatan lain', NULL);

CREATE TABLE billing.cash_entries (
  id             bigserial PRIMARY KEY,
  kind           text NOT NULL CHECK (kind IN ('expense', 'income')),
  category_id    bigint NOT NULL REFERENCES billing.cash_categories (id),
  amount         bigint NOT NULL CHECK (amount > 0),
  entry_date     date NOT NULL,
  note           text NOT NULL DEFAULT '',
  photo          bytea,          -- the receipt's photo (JPEG/PNG/WebP, size-limited)
  photo_type     text,
  movement_id    bigint UNIQUE REFERENCES billing.stock_movements (id),  -- a gas delivery's expense
  created_by     text NOT NULL DEFAULT '',
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CHECK ((photo IS NULL) = (photo_type IS NULL))
);
CREATE INDEX cash_entries_date ON billing.cash_entries (entry_date, id);
