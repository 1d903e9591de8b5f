-- A customer created through the repository is counted by its own insert statement (one
-- data-modifying WITH that also adds 1 to its customer_counts row, customer_repository.cc)
-- instead of by the plpgsql statement trigger of 0003, which cost about a third of the insert.
-- That statement sets customer.counts_accounted to 'on' for its transaction (set_config(...,
-- true)); the insert trigger skips a statement while it is on, and the guard lets such a
-- transaction write its counter row directly. Every other insert (a restore, a bulk load) never
-- sets it and is counted by the trigger as before; a restore's own counter rows stay dropped.
DROP TRIGGER customers_count_insert ON customers;
CREATE TRIGGER customers_count_insert AFTER INSERT ON customers
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  WHEN (current_setting('customer.counts_accounted', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION customer_counts_insert();

DROP TRIGGER customer_counts_written_by_triggers ON customer_counts;
CREATE TRIGGER customer_counts_written_by_triggers BEFORE INSERT ON customer_counts
  FOR EACH ROW
  WHEN (current_setting('customer.counts_accounted', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION customer_counts_guard();
