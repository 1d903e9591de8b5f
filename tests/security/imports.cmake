# Customer import and export (issue 16): spreadsheets built to hurt the reader (zip bombs, XML
# entities, formulas, oversized sheets), exports that would run formulas in Excel or hand PPPoE
# passwords to staff, and uploads without a session or of a kind a browser form could send.
billing_security_test(import_attacks_test)
