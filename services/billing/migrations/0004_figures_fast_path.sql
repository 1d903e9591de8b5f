-- Single-row writes of the repository (a create, a payment, a delete) update the figures from
-- their own statement (transaction_repository.cc: one data-modifying WITH that writes the row
-- and adds its known delta to the figure rows) instead of through the statement triggers of
-- 0002, whose plpgsql `apply` cost more than the write itself. Such a statement sets
-- billing_figures.accounted to 'on' for its transaction (set_config(..., true)), and the
-- triggers skip a statement while it is on. Every other writer (the bill run's batches, a
-- restore, an admin's SQL) never sets it, so the triggers keep its figures as before.
DROP TRIGGER figures_insert ON billing.transactions;
DROP TRIGGER figures_update ON billing.transactions;
DROP TRIGGER figures_delete ON billing.transactions;

CREATE TRIGGER figures_insert AFTER INSERT ON billing.transactions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  WHEN (current_setting('billing_figures.accounted', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION billing_figures.on_insert();
CREATE TRIGGER figures_update AFTER UPDATE ON billing.transactions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  WHEN (current_setting('billing_figures.accounted', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION billing_figures.on_update();
CREATE TRIGGER figures_delete AFTER DELETE ON billing.transactions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  WHEN (current_setting('billing_figures.accounted', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION billing_figures.on_delete();
