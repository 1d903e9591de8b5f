# Cached sessions in the gateway still end within 5 s on every gateway replica.
billing_security_test(session_cache_test)
