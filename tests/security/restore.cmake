# Restore and backup secrets (issue 12, items 3, 8 and 10): partial and empty restores, revived
# sessions, secrets in clear text in a backup, and a 100 MB restore in bounded memory.
billing_security_test(restore_attacks_test)
billing_security_test(restore_memory_test)
