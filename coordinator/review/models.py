"""Judgements on possible matches: every one kept, with who, when and why."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Agency, User
from ..extensions import db
from ..types import UTCDateTime, utcnow


class LinkJudgement(db.Model):
    """A reviewer's decision that two agencies' records are (or are not) the same thing.

    The latest judgement is the link's ``state``; the earlier ones stay here.
    """

    __tablename__ = "link_judgements"

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("subject_links.id", ondelete="CASCADE"), index=True)
    decision: Mapped[str] = mapped_column(String(16))  # confirmed | rejected
    note: Mapped[str] = mapped_column(Text)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    agency: Mapped[Agency] = relationship()
    user: Mapped[User] = relationship()
