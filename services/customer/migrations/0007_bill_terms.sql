-- A customer's standing discount and installation fee (issue 17): billing reads them when it
-- composes the customer's bills (a discount on every bill; the installation fee once, on the
-- first internet bill).
ALTER TABLE customers
  ADD COLUMN discount_type text NOT NULL DEFAULT 'none'
    CHECK (discount_type IN ('none', 'fixed', 'percent')),
  ADD COLUMN discount_value bigint NOT NULL DEFAULT 0 CHECK (discount_value >= 0),
  ADD COLUMN installation_fee bigint NOT NULL DEFAULT 0 CHECK (installation_fee >= 0),
  ADD CONSTRAINT customers_discount_check CHECK (
    (discount_type = 'none' AND discount_value = 0)
    OR (discount_type = 'percent' AND discount_value BETWEEN 1 AND 100)
    OR discount_type = 'fixed');
