"""The search index and the log of searches and inquiries."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..types import UTCDateTime, utcnow


class SearchEntry(db.Model):
    """One term a case, subject record or operation is found by, written in the same transaction as it.

    ``agency_id`` and ``case_id`` are the owning agency and the case, so a
    search reads only the postings of the caller's agency (one index range)
    and of the cases shared with it. A subject record's entries go with it
    when it is purged (``subject_id``, cascading).
    """

    __tablename__ = "search_entries"
    __table_args__ = (
        Index("ix_search_entries_term_agency", "term", "agency_id"),
        Index("ix_search_entries_term_case", "term", "case_id"),
        Index("ix_search_entries_record", "record_type", "record_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    term: Mapped[str] = mapped_column(String(120))
    weight: Mapped[int] = mapped_column(SmallInteger)
    record_type: Mapped[str] = mapped_column(String(16))
    record_id: Mapped[int]
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("subject_records.id", ondelete="CASCADE"),
                                                   index=True)


class Lookup(db.Model):
    """A search or an inquiry as asked, for the asking agency's own supervisors.

    The audit trail keeps every search as a keyed digest (its readers, the
    monitors and administrators, must not read the terms); the agency's
    supervisors read here what their people looked for and why. An
    inquiry's row is all that is kept of it: no record, no key, no alert.
    """

    __tablename__ = "lookups"
    __table_args__ = (Index("ix_lookups_user_kind_at", "user_id", "kind", "at"),
                      Index("ix_lookups_agency_at", "agency_id", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # "search" or "inquiry"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    subject_kind: Mapped[str | None] = mapped_column(String(16))
    terms: Mapped[str] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    hits: Mapped[int] = mapped_column(default=0)
    hit_agencies: Mapped[list] = mapped_column(JSON, default=list)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
