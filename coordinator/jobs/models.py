"""A job: work a request hands to the job workers, with its progress and, at the end, its result."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from ..extensions import db
from ..types import UTCDateTime, utcnow

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
SUBJECT_IMPORT = "subject_import"
NETWORK_LOOK = "network_look"


class Job(db.Model):
    """Work a request handed over: a subject import into a case, or a look at the network new links make.

    A network look (``network_look``) is one step: the alerts between other
    agencies' cases that a registration's first links between cases make
    (``conflicts.network.look_at_new_links``), its ``payload`` the pairs of
    cases the links join. It is deleted once done.

    An import (``subject_import``) is done in slices by whichever worker holds its claim.

    Each slice's records and the job's progress (``rows_done`` and the
    counts, errors and alerts so far) are committed together, so a worker
    that dies leaves the job exactly at its last slice: the next worker to
    claim it (once ``claimed_until`` has passed) goes on from there, and no
    row lands twice. ``claim`` names the holder; a worker whose claim was
    taken over commits nothing more. The uploaded file (``payload``) is kept
    only until the job ends.
    """

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_status_id", "status", "id"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # subject_import | network_look
    status: Mapped[str] = mapped_column(String(16), default=QUEUED)  # queued | running | done | failed
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    format: Mapped[str] = mapped_column(String(8))  # csv | jsonl (an import's file); json (a network look's pairs)
    locale: Mapped[str] = mapped_column(String(8), default="en")  # the language of the row errors
    payload: Mapped[str | None] = deferred(mapped_column(Text))
    rows_total: Mapped[int | None] = mapped_column()
    rows_done: Mapped[int] = mapped_column(default=0)
    imported: Mapped[int] = mapped_column(default=0)
    failed: Mapped[int] = mapped_column(default=0)
    errors: Mapped[list] = mapped_column(JSON, default=list)
    alert_ids: Mapped[list] = mapped_column(JSON, default=list)
    receipt: Mapped[str | None] = mapped_column(String(32))
    attempts: Mapped[int] = mapped_column(default=0)
    claim: Mapped[str | None] = mapped_column(String(32))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
