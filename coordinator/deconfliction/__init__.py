"""The deconfliction engine: plain Python over values, no Flask.

It normalises identifiers, emits blocking keys, scores candidate pairs and
tells why they match. Services feed it values read from the database and
store what it returns.
"""
