# Static files: hostile paths never leave the web build (issue 12, item 1).
billing_security_test(static_paths_test)
