"""A savepoint that stays inside its transaction on SQLite too.

Python's sqlite3 driver opens a transaction only before a write
(INSERT, UPDATE, DELETE). A ``SAVEPOINT`` sent while none is open opens
one itself, and its ``RELEASE`` then commits: whatever the savepoint
wrote stays even if the caller's transaction is rolled back afterwards (a
job that fails after raising its alerts, a watch run killed between an
escalation and its notice). ``savepoint`` first opens the transaction the
savepoint belongs in.
"""
from __future__ import annotations

from sqlalchemy.orm import Session, SessionTransaction


def savepoint(session: Session) -> SessionTransaction:
    """``session.begin_nested()``, nested in the session's transaction on every engine (use it as a context)."""
    connection = session.connection()
    if connection.dialect.name == "sqlite" and not connection.connection.driver_connection.in_transaction:
        connection.exec_driver_sql("BEGIN")
    return session.begin_nested()
