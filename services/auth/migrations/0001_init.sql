-- Users and revoked tokens of the auth service.
CREATE TABLE users (
  id                  bigserial PRIMARY KEY,
  username            text NOT NULL CHECK (username ~ '^[A-Za-z0-9._-]{3,32}$'),
  full_name           text NOT NULL DEFAULT '',
  role                text NOT NULL CHECK (role IN ('admin', 'staff')),
  active              boolean NOT NULL DEFAULT true,
  password_hash       text NOT NULL,
  password_is_default boolean NOT NULL DEFAULT false,
  token_version       integer NOT NULL DEFAULT 1,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  last_login_at       timestamptz
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

-- Tokens ended by logout before their expiry; rows past expiry are pruned.
CREATE TABLE revoked_tokens (
  token_id   text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);
CREATE INDEX revoked_tokens_expires_at ON revoked_tokens (expires_at);
