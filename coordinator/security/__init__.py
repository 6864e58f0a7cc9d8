"""Accounts to CJIS standards and the web's defences.

``headers`` (CSP, HSTS, frame denial, ...), ``ratelimit`` (database-backed
counters shared by every app process), ``twofactor`` (TOTP, QR enrolment,
recovery codes), ``passwords`` (rules and history), ``store`` (browser
sessions kept in the database), ``sessions`` (idle expiry, binding to the
browser, the enrolment / password-change gates), ``views`` (the pages).
"""
