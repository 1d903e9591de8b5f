-- The audit trail and event outbox shared by every service: one row per change, written in
-- the same transaction as the change. `seq` is the delivery order, assigned by the relay.
CREATE SEQUENCE delivery_seq;

CREATE TABLE outbox (
  id             bigserial PRIMARY KEY,
  seq            bigint UNIQUE,
  published_at   timestamptz,
  at             timestamptz NOT NULL DEFAULT now(),
  service        text NOT NULL,
  actor_id       bigint,
  actor_username text NOT NULL DEFAULT '',
  action         text NOT NULL,
  entity         text NOT NULL,
  entity_id      text NOT NULL DEFAULT '',
  summary        text NOT NULL DEFAULT '',
  changes        jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX outbox_unsequenced ON outbox (id) WHERE seq IS NULL;
CREATE INDEX outbox_unpublished ON outbox (seq) WHERE seq IS NOT NULL AND published_at IS NULL;
CREATE INDEX outbox_at ON outbox (at DESC, id DESC);
CREATE INDEX outbox_entity ON outbox (entity, at DESC);
CREATE INDEX outbox_actor ON outbox (actor_id, at DESC);
