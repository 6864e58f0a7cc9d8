"""Deconfliction in the database: the key index, the checks, the alerts, the receipts.

The engine (``coordinator.deconfliction``) decides from values; this area
stores its keys, reads candidates from them, and records what it found.
"""
