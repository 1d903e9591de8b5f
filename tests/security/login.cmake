# Login limits that cannot lock the owner out, and default passwords that must be changed.
billing_security_test(login_lockout_test)
billing_security_test(login_default_password_test)
