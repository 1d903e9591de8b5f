-- The phone linked through wa-link (issue 19, provider "linked"): its last known state. The link
-- watcher compares wa-link's status with this row and, when it changed, updates the row and
-- records the change (audit trail and live event) in one transaction; the conditional UPDATE
-- makes one replica record each change once.
CREATE TABLE linked_device (
  id         integer PRIMARY KEY CHECK (id = 1),
  state      text NOT NULL DEFAULT 'disconnected'
             CHECK (state IN ('disconnected', 'waiting_for_scan', 'connected')),
  number     text NOT NULL DEFAULT '',
  reason     text NOT NULL DEFAULT '',
  changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO linked_device (id) VALUES (1);
