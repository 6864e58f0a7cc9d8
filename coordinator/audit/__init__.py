"""The audit trail: every sign-in, view, search, export and change, append-only, sealed into a keyed log.

``recorder`` collects entries during a request (or a CLI command) and
inserts them just before the one commit, in the same transaction as the
change they describe, without any lock; ``chain`` seals committed entries
into chained Merkle batches (``sealer`` runs it apart, ``flask audit seal``),
``checkpoint`` exports each seal's signed head outside the database and
``verify`` checks the log against both; ``capture`` turns ORM flushes into
change entries; ``requests`` turns each request into one entry through an
endpoint → action table.
"""
