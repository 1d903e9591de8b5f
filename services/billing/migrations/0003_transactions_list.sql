-- The transactions list at 1.2M rows. A page is found by an index-only scan of the list order
-- that also carries the filter columns (status, type, period, customer), so skipping to a
-- far page reads the index, not the table; the unpaid and the period filters have their own
-- list-order indexes, so their pages skip only matching rows.
-- (No trigram index for the search: on these long, repetitive descriptions one costs ~0.5 ms
-- per inserted row, which the bill run and every gas sale would pay.)
DROP INDEX transactions_created;
CREATE INDEX transactions_created ON transactions (created_at DESC, id DESC)
  INCLUDE (status, type, period, customer_id);
CREATE INDEX transactions_unpaid_created ON transactions (created_at DESC, id DESC)
  INCLUDE (type, period) WHERE status = 'unpaid';
DROP INDEX transactions_period;
CREATE INDEX transactions_period ON transactions (period, created_at DESC, id DESC)
  INCLUDE (type, status);
