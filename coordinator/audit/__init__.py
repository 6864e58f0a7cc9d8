"""The audit trail: every sign-in, view, search, export and change, append-only and hash-chained.

``recorder`` collects entries during a request (or a CLI command) and
appends them to the chain just before the one commit, in the same
transaction as the change they describe; ``chain`` hashes, appends and
verifies; ``capture`` turns ORM flushes into change entries; ``requests``
turns each request into one entry through an endpoint → action table.
"""
