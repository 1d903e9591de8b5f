-- The customer portal (Cek Tagihan): personal links, sign-in codes, portal sessions and the
-- rate-limit counters every replica shares. Tokens and codes are stored only as SHA-256 hashes.

-- One personal link per customer. The token is derived from `nonce` with a key the database
-- does not hold (see portal_access.h), so the link can be handed out again without storing it.
CREATE TABLE portal_links (
  customer_id bigint PRIMARY KEY,
  nonce       text NOT NULL,
  token_hash  text NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL
);

-- The last code asked for a customer number and phone; a new request replaces it. A pair that
-- does not belong together gets a row too (deliverable = false: never accepted), so that both
-- answer the same.
CREATE TABLE portal_codes (
  customer_id bigint NOT NULL,
  phone       text NOT NULL,
  code_hash   text NOT NULL,
  deliverable boolean NOT NULL,
  tries       integer NOT NULL DEFAULT 0 CHECK (tries >= 0),
  voided      boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  PRIMARY KEY (customer_id, phone)
);
CREATE INDEX portal_codes_expiry ON portal_codes (expires_at);

CREATE TABLE portal_sessions (
  token_hash  text PRIMARY KEY,
  customer_id bigint NOT NULL,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX portal_sessions_customer ON portal_sessions (customer_id);
CREATE INDEX portal_sessions_expiry ON portal_sessions (expires_at);

-- Fixed-window counters: `hits` since `window_start` for one key ("code_number:42", ...).
CREATE TABLE portal_limits (
  key          text PRIMARY KEY,
  window_start timestamptz NOT NULL,
  hits         integer NOT NULL CHECK (hits > 0)
);
CREATE INDEX portal_limits_window ON portal_limits (window_start);
