"""The audit trail's rows, the sealed batches that chain them, and the head of that chain."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..types import UTCDateTime, utcnow

# INTEGER PRIMARY KEY is SQLite's own row counter; PostgreSQL numbers rows from a sequence.
EventId = BigInteger().with_variant(Integer(), "sqlite")


class AuditEvent(db.Model):
    """One audited act: who (user, agency), what (action, object), when, from where, and how it ended.

    A request inserts its entries in its own transaction, numbered by the
    database (``id``), without waiting for anyone. The sealer
    (``flask audit seal``) later gives each committed entry its place in
    the log (``seq`` 1, 2, 3, ... without gaps) and its keyed ``hash``
    (HMAC-SHA256 of the content), and hashes each batch of entries into a
    Merkle tree whose roots are chained (:class:`AuditBatch`). Rows are only
    ever inserted (and sealed once): changing or removing a sealed one breaks
    its batch, which ``flask audit verify`` finds. User and agency are kept
    as they were at the time (id, email, agency code), not as references,
    so the trail reads the same whatever later happens to the account.
    """

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_object", "object_type", "object_id"),
        Index("ix_audit_events_user_at", "user_id", "at"),
        # The sealer's queue: only the entries not sealed yet, so it stays small.
        Index("ix_audit_events_unsealed", "id", postgresql_where=text("seq IS NULL"),
              sqlite_where=text("seq IS NULL")),
    )

    id: Mapped[int] = mapped_column(EventId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    user_id: Mapped[int | None]
    user_email: Mapped[str | None] = mapped_column(String(254))
    agency_code: Mapped[str | None] = mapped_column(String(16), index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str | None] = mapped_column(String(32))
    object_id: Mapped[str | None] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16))
    ip: Mapped[str | None] = mapped_column(String(45))
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    seq: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    hash: Mapped[str | None] = mapped_column(String(64))


class AuditBatch(db.Model):
    """One seal: entries ``first_seq``..``last_seq`` hashed into a Merkle tree, its root chained.

    ``hash`` is the keyed hash of the previous batch's hash, this batch's
    root, its range and the time it was sealed: the chain of batch hashes
    is the log's history, and the last one its head.
    """

    __tablename__ = "audit_batches"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    first_seq: Mapped[int] = mapped_column(BigInteger)
    last_seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    root: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    sealed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AuditChainHead(db.Model):
    """The log's head (one row, id 1): its size and the last batch's hash.

    Lets ``verify`` see batches cut off the end; on SQLite, updating this
    row is also how a sealer takes the database's write lock before it
    reads the head.
    """

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))
