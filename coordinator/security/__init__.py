"""Accounts to CJIS standards and the web's defences.

``headers`` (CSP, HSTS, frame denial, ...), ``ratelimit`` (database-backed
counters shared by every app process), ``twofactor`` (TOTP, QR enrolment,
recovery codes), ``passwords`` (rules and history), ``sessions`` (idle
expiry and the enrolment / password-change gates), ``views`` (the pages).
"""
