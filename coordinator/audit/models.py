"""The audit trail's rows and the head of its hash chain."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..types import UTCDateTime, utcnow


class AuditEvent(db.Model):
    """One audited act: who (user, agency), what (action, object), when, from where, and how it ended.

    ``id`` numbers the entries 1, 2, 3, ... without gaps; ``hash`` is the
    SHA-256 of the entry's content and ``prev_hash``, the hash of the entry
    before it. Rows are only ever inserted: changing or removing one breaks
    the chain, which ``flask audit verify`` finds. User and agency are kept
    as they were at the time (id, email, agency code), not as references,
    so the trail reads the same whatever later happens to the account.
    """

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_object", "object_type", "object_id"),
        Index("ix_audit_events_user_at", "user_id", "at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
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
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditChainHead(db.Model):
    """The chain's last entry (one row, id 1): lets ``verify`` see entries cut off the end.

    On SQLite, updating this row is also how an append takes the database's
    write lock before it reads the head.
    """

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))
