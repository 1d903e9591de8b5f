# The gateway's own door (issue 12 items 3, 4, 11 and the trusted proxies of item 6).
billing_security_test(gateway_body_limit_test)
billing_security_test(gateway_backend_stall_test)
billing_security_test(gateway_browser_test)
billing_security_test(gateway_connections_test)
