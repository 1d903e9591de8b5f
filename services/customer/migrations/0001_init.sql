-- Customers (internet / gas) and internet packages. Rows are soft-deleted so that billing
-- history keeps names; uniqueness and the list indexes cover live rows only.
-- pg_trgm is a trusted extension: the database owner may create it. It goes to `public` so
-- that every schema's search_path finds its operator classes.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

CREATE TABLE packages (
  id         bigserial PRIMARY KEY,
  name       text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 60),
  speed      text NOT NULL DEFAULT '' CHECK (char_length(speed) <= 30),
  price      bigint NOT NULL CHECK (price BETWEEN 0 AND 100000000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE UNIQUE INDEX packages_name_key ON packages (lower(name)) WHERE deleted_at IS NULL;

CREATE TABLE customers (
  id             bigserial PRIMARY KEY,
  type           text NOT NULL CHECK (type IN ('internet', 'gas')),
  name           text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  phone          text NOT NULL CHECK (phone ~ '^62[1-9][0-9]{7,12}$'),
  address        text NOT NULL DEFAULT '',
  notes          text NOT NULL DEFAULT '',
  status         text NOT NULL DEFAULT 'active'
                 CHECK (status IN ('active', 'isolated', 'inactive')),
  pppoe_username text NOT NULL DEFAULT '',
  pppoe_password text NOT NULL DEFAULT '',
  package_id     bigint REFERENCES packages (id),
  monthly_fee    bigint NOT NULL DEFAULT 0 CHECK (monthly_fee BETWEEN 0 AND 100000000),
  due_day        smallint NOT NULL DEFAULT 10 CHECK (due_day BETWEEN 1 AND 28),
  installed_at   date,
  gas_price      bigint NOT NULL DEFAULT 0 CHECK (gas_price BETWEEN 0 AND 100000000),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  deleted_at     timestamptz,
  CHECK (type = 'gas' OR (pppoe_username <> '' AND package_id IS NOT NULL)),
  CHECK (type = 'internet' OR (pppoe_username = '' AND package_id IS NULL))
);

-- A PPPoE login is unique among live customers, whatever its case; deleting frees it.
CREATE UNIQUE INDEX customers_pppoe_username_key ON customers (lower(pppoe_username))
  WHERE deleted_at IS NULL AND type = 'internet';

-- Search (q) over name, phone, PPPoE username and address: one trigram index on the same
-- expression the repository queries with ILIKE, so a search never scans the table.
CREATE INDEX customers_search ON customers
  USING gin ((name || ' ' || phone || ' ' || pppoe_username || ' ' || address) gin_trgm_ops)
  WHERE deleted_at IS NULL;

-- Lists are newest first (id DESC); filters use these, the bill run the first one.
CREATE INDEX customers_live_by_type_status ON customers (type, status, id)
  WHERE deleted_at IS NULL;
CREATE INDEX customers_live_by_status ON customers (status, id) WHERE deleted_at IS NULL;
CREATE INDEX customers_live_by_package ON customers (package_id, id) WHERE deleted_at IS NULL;
CREATE INDEX customers_live ON customers (id) WHERE deleted_at IS NULL;
