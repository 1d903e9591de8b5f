# Secrets (router credentials on a new destination, PPPoE passwords on demand) and
# Idempotency-Key on creates: issue 12, items 9 and 10.
billing_security_test(secrets_test)
