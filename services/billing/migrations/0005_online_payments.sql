-- Online payments (issue 15): the payment service marks a bill paid with the method 'online'
-- and the provider's reference (MarkPaidOnline); the counter's MarkPaid still refuses 'online'.
ALTER TABLE billing.transactions ADD COLUMN payment_reference text;
ALTER TABLE billing.transactions DROP CONSTRAINT transactions_payment_method_check;
ALTER TABLE billing.transactions ADD CONSTRAINT transactions_payment_method_check
  CHECK (payment_method IN ('cash', 'transfer', 'online', 'other'));
