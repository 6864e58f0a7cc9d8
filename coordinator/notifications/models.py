"""A user's in-app notifications and the outbox of emails waiting to be sent."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..extensions import db
from ..types import UTCDateTime, utcnow


class QueuedMessage:
    """What every outbox row keeps to be sent exactly once: its state, its attempts and its sender's claim.

    A failure only moves ``next_attempt_at`` later (exponential back-off,
    capped), so none is lost; ``claimed_until`` lets several senders run
    without sending one twice (``outbox.claim_due``).
    """

    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | sent | failed (set aside)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Notification(db.Model):
    """Something a user should know about, shown in the app in the reader's language.

    The text is not stored: ``kind`` and ``params`` are rendered when read, so
    a user who switches language reads old notifications in the new one.
    """

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_read", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    link: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


class OutboxMessage(QueuedMessage, db.Model):
    """An email to send, rendered in its recipient's language when it was queued.

    A message stays until the SMTP server accepts it: a failure only moves
    ``next_attempt_at`` later (exponential back-off, capped), so none is lost.
    ``claimed_until`` lets several senders run without sending one twice.
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int | None] = mapped_column(ForeignKey("notifications.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    to_address: Mapped[str] = mapped_column(String(254))
    locale: Mapped[str] = mapped_column(String(8), default="en")
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)

    notification: Mapped[Notification | None] = relationship()
