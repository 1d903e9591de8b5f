-- Sign-in codes of the customer portal (issue 15; SendPortalCode, asked for by the payment
-- service): a message kind of its own, sent before the ordinary queue, whose code is kept
-- apart from the text staff see (the body says "******"; `secret` holds the code only until
-- the message is sent or fails), and at most one such message per customer in 30 seconds.
ALTER TABLE messages DROP CONSTRAINT messages_kind_check;
ALTER TABLE messages ADD CONSTRAINT messages_kind_check
  CHECK (kind IN ('internet_bill', 'gas_invoice', 'reminder', 'receipt', 'isolir', 'reconnect',
                  'portal_code'));
ALTER TABLE messages ADD COLUMN priority smallint NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN secret text;

-- The sender's order: priority first (a code before a broadcast), then due time.
DROP INDEX messages_due;
CREATE INDEX messages_due ON messages (priority DESC, next_attempt_at, id) WHERE status = 'queued';

-- The last portal code message per customer.
CREATE TABLE portal_code_sends (
  customer_id bigint PRIMARY KEY,
  sent_at     timestamptz NOT NULL
);
