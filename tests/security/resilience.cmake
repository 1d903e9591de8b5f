# Resilience (issue 12, items 5 and 13): the gateway survives its clients; every service
# survives a PostgreSQL restart.
billing_security_test(disconnect_soak_test)
billing_security_test(pg_restart_test)
