-- Bill lines (issue 17): a bill is a list of lines (package or items, installation fee,
-- discount, PPN) computed by billing when it is created (services/billing/bill_lines.h). The
-- amount stays the total the customer pays; tax_amount and discount_amount repeat the tax and
-- discount lines' sums so reports and exports read them without walking the lines. Bills from
-- before keep lines '[]' and are shown with lines made from their items or amount.
ALTER TABLE billing.transactions
  ADD COLUMN lines jsonb NOT NULL DEFAULT '[]'::jsonb,
  ADD COLUMN tax_amount bigint NOT NULL DEFAULT 0 CHECK (tax_amount >= 0),
  ADD COLUMN discount_amount bigint NOT NULL DEFAULT 0 CHECK (discount_amount >= 0);

-- The income report's PPN per month: only the paid bills that carry tax (none while PPN is off).
CREATE INDEX transactions_taxed_paid_at ON billing.transactions (paid_at)
  WHERE status = 'paid' AND tax_amount > 0;
