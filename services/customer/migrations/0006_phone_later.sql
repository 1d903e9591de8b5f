-- A customer adopted from a router may wait for a phone number: '' means "nomor HP belum diisi"
-- (only MergeCustomer's PhoneRule::kMayWait and updates of such a customer store it). Messages
-- refuse such a customer until a number is filled in.
ALTER TABLE customers DROP CONSTRAINT customers_phone_check;
ALTER TABLE customers ADD CONSTRAINT customers_phone_check
  CHECK (phone = '' OR phone ~ '^62[1-9][0-9]{7,12}$');

-- The list's "nomor HP belum diisi" filter reads these few rows without a scan.
CREATE INDEX customers_without_phone ON customers (id) WHERE phone = '' AND deleted_at IS NULL;
