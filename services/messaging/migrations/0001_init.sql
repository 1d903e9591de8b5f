-- The durable WhatsApp queue: messages, broadcasts, the sender row (on/off and pacing) and the
-- keys that make automatic reminders happen once.
CREATE TABLE sender (
  id           integer PRIMARY KEY CHECK (id = 1),
  enabled      boolean NOT NULL DEFAULT true,
  -- end of the last send attempt (or start of one in flight); the pause is counted from here
  last_send_at timestamptz,
  updated_by   text NOT NULL DEFAULT '',
  updated_at   timestamptz NOT NULL DEFAULT now()
);
INSERT INTO sender (id) VALUES (1);

CREATE TABLE broadcasts (
  id           bigserial PRIMARY KEY,
  type         text NOT NULL DEFAULT '' CHECK (type IN ('', 'internet', 'gas')),
  kind         text NOT NULL CHECK (kind IN ('reminder', 'bill')),
  total        integer NOT NULL,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  cancelled_by text,
  cancelled_at timestamptz
);

CREATE TABLE messages (
  id                  bigserial PRIMARY KEY,
  broadcast_id        bigint REFERENCES broadcasts (id),
  trigger             text NOT NULL CHECK (trigger IN ('manual', 'broadcast', 'auto')),
  kind                text NOT NULL
                      CHECK (kind IN ('internet_bill', 'gas_invoice', 'reminder', 'receipt')),
  customer_id         bigint NOT NULL,
  customer_name       text NOT NULL DEFAULT '',
  transaction_id      bigint,
  phone               text NOT NULL CHECK (phone ~ '^62[0-9]{8,13}$'),
  body                text NOT NULL,
  params              jsonb NOT NULL DEFAULT '{}'::jsonb,  -- placeholder values (Cloud templates)
  status              text NOT NULL DEFAULT 'queued'
                      CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
  attempts            integer NOT NULL DEFAULT 0,
  next_attempt_at     timestamptz NOT NULL DEFAULT now(),
  last_error          text NOT NULL DEFAULT '',
  provider            text NOT NULL DEFAULT '',
  provider_message_id text NOT NULL DEFAULT '',
  created_by          text NOT NULL DEFAULT '',
  created_at          timestamptz NOT NULL DEFAULT now(),
  sending_at          timestamptz,
  sent_at             timestamptz,
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX messages_due ON messages (next_attempt_at, id) WHERE status = 'queued';
CREATE INDEX messages_broadcast ON messages (broadcast_id, status);
CREATE INDEX messages_status ON messages (status, id DESC);
CREATE INDEX messages_customer ON messages (customer_id, id DESC);

-- One row per automatic reminder ever queued: "before_due:<transaction>", "overdue:<...>",
-- "receipt:<...>". The primary key is what makes a reminder never go out twice.
CREATE TABLE reminder_keys (
  key        text PRIMARY KEY,
  message_id bigint REFERENCES messages (id),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Receipts go out only for payments made while send_receipt is on: while it is off, each
-- reminder pass moves this mark to now().
CREATE TABLE scheduler_state (
  id             integer PRIMARY KEY CHECK (id = 1),
  receipts_since timestamptz NOT NULL DEFAULT now()
);
INSERT INTO scheduler_state (id) VALUES (1);
