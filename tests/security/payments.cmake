# Online payments and the customer portal (issue 15): forged, tampered, replayed and mismatched
# provider callbacks on POST /pay/callback/*, and on /api/portal/* other customers' bills and
# payments, crossed staff/portal tokens, guessed codes and links, revoked links and ended sessions.
billing_security_test(payment_callback_attacks_test)
target_link_libraries(payment_callback_attacks_test PRIVATE payment_fakes)
billing_security_test(portal_attacks_test)
target_link_libraries(portal_attacks_test PRIVATE payment_fakes)
