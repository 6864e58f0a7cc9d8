"""Rate-limit counters, recovery codes, password history and browser sessions."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..types import UTCDateTime, utcnow


class RateLimitHit(db.Model):
    """How many requests one key (an address, a token) made in one fixed time window.

    Kept in the database, not in a process's memory: every app process
    behind the load balancer counts into the same row.
    """

    __tablename__ = "rate_limit_hits"
    __table_args__ = (UniqueConstraint("key", "window", name="uq_rate_limit_hits_key_window"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120))
    window: Mapped[int] = mapped_column(BigInteger, index=True)  # the window's start, seconds since the epoch
    count: Mapped[int] = mapped_column(default=0)


class RecoveryCode(db.Model):
    """A one-use code that stands in for the second factor; only its SHA-256 is stored."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PasswordHistory(db.Model):
    """A password a user had (its Argon2id hash), so the last ones are not chosen again."""

    __tablename__ = "password_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class BrowserSession(db.Model):
    """A signed-in (or about to sign in) browser's session, kept on the server.

    The cookie holds only a random id; the row is found by the id's SHA-256,
    so a copy of this table opens no session. ``user_id`` lets every session
    of one account be ended at once.
    """

    __tablename__ = "browser_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    sid_digest: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
