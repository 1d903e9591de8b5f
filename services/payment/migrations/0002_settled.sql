-- Staff settle a "perlu dicek" attempt (refunded to the customer, or kept): who, their note and
-- when. (The API calls them checked_by / checked_note / checked_at; the column checked_at of
-- 0001 is when reconciliation last asked the provider.)
ALTER TABLE attempts
  ADD COLUMN settled_by   text NOT NULL DEFAULT '',
  ADD COLUMN settled_note text NOT NULL DEFAULT '' CHECK (char_length(settled_note) <= 500),
  ADD COLUMN settled_at   timestamptz;
-- What staff still have to look at.
CREATE INDEX attempts_waiting ON attempts (updated_at DESC)
  WHERE needs_check <> '' AND settled_at IS NULL;
