"""The alarm when network alerts wait: looks queued longer than allowed, or given up.

A registration leaves the alerts between other agencies' cases to the job
workers (``conflicts.network.look_at_new_links``). If no worker runs, or
one keeps failing, those alerts are never raised and nobody would know:
the administrators and the watch centre are told instead.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..types import utcnow
from .models import FAILED, NETWORK_LOOK, QUEUED, RUNNING, Job


@dataclass(frozen=True)
class LookLag:
    """Network looks waiting longer than ``minutes`` (how many, the oldest since when), and those given up."""

    late: int
    oldest: datetime | None
    failed: int
    minutes: int


def network_look_lag(session: Session, minutes: int, now: datetime | None = None) -> LookLag | None:
    """The alarm, or None when every look waiting is younger than ``minutes`` and none has failed."""
    since = (now or utcnow()) - timedelta(minutes=minutes)
    waiting = (Job.kind == NETWORK_LOOK, Job.status.in_((QUEUED, RUNNING)), Job.created_at <= since)
    late = session.scalar(select(func.count(Job.id)).where(*waiting))
    failed = session.scalar(select(func.count(Job.id)).where(Job.kind == NETWORK_LOOK, Job.status == FAILED))
    if not late and not failed:
        return None
    oldest = session.scalar(select(Job.created_at).where(*waiting).order_by(Job.id).limit(1)) if late else None
    return LookLag(late, oldest, failed, minutes)
