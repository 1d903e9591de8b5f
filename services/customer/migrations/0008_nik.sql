-- A gas customer's NIK (issue 18): billing logs it on sales of subsidised LPG (Pertamina's buyer
-- logbook). Empty = not known; otherwise 16 digits (domain::NormalizeNik checks the layout).
ALTER TABLE customers
  ADD COLUMN nik text NOT NULL DEFAULT '' CHECK (nik = '' OR nik ~ '^[0-9]{16}$');
