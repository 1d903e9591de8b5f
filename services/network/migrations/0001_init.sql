-- Network control: routers, the isolir policy, the mirror of internet customers and what was
-- applied to each router. See docs/network.md.
CREATE TABLE policy (
  id                  integer PRIMARY KEY CHECK (id = 1),
  auto_isolir         boolean NOT NULL DEFAULT false,
  grace_days          integer NOT NULL DEFAULT 3 CHECK (grace_days BETWEEN 0 AND 60),
  check_minutes       integer NOT NULL DEFAULT 60 CHECK (check_minutes BETWEEN 5 AND 1440),
  notify_whatsapp     boolean NOT NULL DEFAULT true,
  isolir_pool         text NOT NULL DEFAULT 'isolir' CHECK (char_length(isolir_pool) <= 60),
  isolir_address_list text NOT NULL DEFAULT 'isolir'
                      CHECK (char_length(isolir_address_list) <= 60),
  last_check_at       timestamptz,
  last_checked        bigint NOT NULL DEFAULT 0,
  last_isolated       bigint NOT NULL DEFAULT 0,
  updated_at          timestamptz NOT NULL DEFAULT now()
);
INSERT INTO policy (id) VALUES (1);

CREATE TABLE routers (
  id              bigserial PRIMARY KEY,
  name            text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 60),
  kind            text NOT NULL CHECK (kind IN ('routeros', 'radius')),
  host            text NOT NULL CHECK (char_length(host) BETWEEN 1 AND 253),
  port            integer NOT NULL CHECK (port BETWEEN 1 AND 65535),
  tls             boolean NOT NULL DEFAULT false,
  username        text NOT NULL DEFAULT '' CHECK (char_length(username) <= 100),
  password        text NOT NULL DEFAULT '',
  secret          text NOT NULL DEFAULT '',
  isolir_mode     text NOT NULL DEFAULT 'profile' CHECK (isolir_mode IN ('profile', 'disable')),
  isolir_profile  text NOT NULL DEFAULT 'isolir' CHECK (char_length(isolir_profile) <= 60),
  enabled         boolean NOT NULL DEFAULT true,
  reachable       boolean NOT NULL DEFAULT false,
  last_contact_at timestamptz,
  last_sync_at    timestamptz,
  last_error      text NOT NULL DEFAULT '',
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX routers_name_key ON routers (lower(name));

-- One row per internet customer ever seen (deleted ones stay until every router dropped them).
CREATE TABLE subscribers (
  customer_id   bigint PRIMARY KEY,
  customer_name text NOT NULL DEFAULT '',
  phone         text NOT NULL DEFAULT '',
  username      text NOT NULL,
  password      text NOT NULL DEFAULT '',
  package_id    bigint,
  profile       text NOT NULL DEFAULT '',
  rate_limit    text NOT NULL DEFAULT '',
  status        text NOT NULL CHECK (status IN ('active', 'isolated', 'inactive')),
  deleted       boolean NOT NULL DEFAULT false,
  isolated_by   text NOT NULL DEFAULT '' CHECK (isolated_by IN ('', 'auto', 'manual')),
  reason        text NOT NULL DEFAULT '',
  changed_at    timestamptz NOT NULL DEFAULT now(),
  exempt_until  date,
  version       bigint NOT NULL DEFAULT 1,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX subscribers_username ON subscribers (lower(username)) WHERE NOT deleted;

-- What was last applied to a router for a customer, and the retry state of the next change.
-- Behind (applied_version < the subscriber's version) = a change to apply; see docs/network.md.
CREATE TABLE links (
  router_id        bigint NOT NULL REFERENCES routers (id) ON DELETE CASCADE,
  customer_id      bigint NOT NULL REFERENCES subscribers (customer_id) ON DELETE CASCADE,
  applied_version  bigint NOT NULL DEFAULT 0,
  applied_username text NOT NULL DEFAULT '',
  applied_status   text NOT NULL DEFAULT '',
  applied_profile  text NOT NULL DEFAULT '',
  applied_deleted  boolean NOT NULL DEFAULT false,
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  last_error       text NOT NULL DEFAULT '',
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (router_id, customer_id)
);
CREATE INDEX links_due ON links (router_id, next_attempt_at);
CREATE INDEX links_by_customer ON links (customer_id);

-- How far the outbox has been read (events.outbox.seq). It starts at the present: history before
-- the service existed is covered by the full refresh at start, not replayed (no old notices).
CREATE TABLE cursor (
  id       integer PRIMARY KEY CHECK (id = 1),
  last_seq bigint NOT NULL DEFAULT 0
);
INSERT INTO cursor (id, last_seq) SELECT 1, coalesce(max(seq), 0) FROM events.outbox;
