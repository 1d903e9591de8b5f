-- Network notices (isolir / reconnect, asked for by the network service): two more message
-- kinds, and the keys that make each notice be queued once however often it is asked for.
ALTER TABLE messages DROP CONSTRAINT messages_kind_check;
ALTER TABLE messages ADD CONSTRAINT messages_kind_check
  CHECK (kind IN ('internet_bill', 'gas_invoice', 'reminder', 'receipt', 'isolir', 'reconnect'));

-- One row per notice ever queued; the primary key is the caller's idempotency key
-- (e.g. "isolir:<customer>:<change seq>").
CREATE TABLE notice_keys (
  key         text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 200),
  kind        text NOT NULL CHECK (kind IN ('isolir', 'reconnect')),
  customer_id bigint NOT NULL,
  message_id  bigint REFERENCES messages (id),
  created_at  timestamptz NOT NULL DEFAULT now()
);
