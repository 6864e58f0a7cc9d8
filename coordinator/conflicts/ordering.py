"""Each side of an alert carries the alert's severity rank and raise time: the agency's list is read from an index.

The list orders an agency's sides by their alert's severity and age; those
live on the alert, and no index spans two tables. So each side keeps a
copy, set before every flush from its alert: when a side is written, and
when its alert's severity (or raise time) changes.
"""
from __future__ import annotations

from itertools import chain

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from ..deconfliction.conflicts import SEVERITY_RANK
from ..types import utcnow
from .models import AlertSide, ConflictAlert


def rank_of(severity: str | None) -> int:
    """A severity's place in the list: critical first, anything unknown last."""
    return SEVERITY_RANK.get(severity or "", len(SEVERITY_RANK))


def _carry(session: Session, _context, _instances) -> None:
    """Before a flush: new sides take their alert's rank and time; an alert's changed ones go to all its sides."""
    for obj in chain(session.new, session.dirty):
        if isinstance(obj, ConflictAlert):
            state = inspect(obj)
            if state.pending or state.attrs.severity.history.has_changes() \
                    or state.attrs.raised_at.history.has_changes():
                for side in obj.sides:
                    _copy(side, obj)
        elif isinstance(obj, AlertSide) and inspect(obj).pending:
            alert = obj.alert
            if alert is None and obj.alert_id is not None:
                alert = session.get(ConflictAlert, obj.alert_id)
            if alert is not None:
                _copy(obj, alert)


def _copy(side: AlertSide, alert: ConflictAlert) -> None:
    """Set the side's copies where they differ (an unchanged side stays clean: no UPDATE, no audit line)."""
    if alert.raised_at is None:
        alert.raised_at = utcnow()  # the column's default, given now so that its sides can carry it
    rank = rank_of(alert.severity)
    if side.severity_rank != rank:
        side.severity_rank = rank
    if side.raised_at != alert.raised_at:
        side.raised_at = alert.raised_at


def install(session_class: type[Session]) -> None:
    """Keep the sides' copies on every flush of the app's sessions."""
    event.listen(session_class, "before_flush", _carry)
