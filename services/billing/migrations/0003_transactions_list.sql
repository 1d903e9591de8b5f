-- The transactions list at 1.2M rows. A page is found by an index-only scan of the list order
-- that also carries the filter columns (status, type, period, customer), so skipping to a
-- far page reads the index, not the table; the unpaid and the period filters have their own
-- list-order indexes, so their pages skip only matching rows. The search (name or description
-- containing the text) uses trigram indexes instead of reading every row; fastupdate is off so
-- that no insert (a gas sale) pays for flushing a pending list.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
DROP INDEX transactions_created;
CREATE INDEX transactions_created ON transactions (created_at DESC, id DESC)
  INCLUDE (status, type, period, customer_id);
CREATE INDEX transactions_unpaid_created ON transactions (created_at DESC, id DESC)
  INCLUDE (type, period) WHERE status = 'unpaid';
DROP INDEX transactions_period;
CREATE INDEX transactions_period ON transactions (period, created_at DESC, id DESC)
  INCLUDE (type, status);
CREATE INDEX transactions_search_name ON transactions
  USING gin (customer_name public.gin_trgm_ops) WITH (fastupdate = off);
CREATE INDEX transactions_search_description ON transactions
  USING gin (description public.gin_trgm_ops) WITH (fastupdate = off);
