"""What a supervisor sees on landing: the top of the alert queue and what waits on the agency."""
from __future__ import annotations

from flask_babel import gettext
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..conflicts.models import AlertSide
from ..operations.lifecycle import pending_clearances_query
from .matches import pending_count
from .queue import QueueFilters, queue_query, queue_rows

HOME_ROWS = 15


def review_summary(session: Session, user: User) -> dict:
    """The alerts to decide first, and how many matches and clearances wait on the agency."""
    query = queue_query(user.agency_id, QueueFilters())
    sides = list(session.scalars(query.limit(HOME_ROWS)))
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    clearances = session.scalar(select(func.count()).select_from(
        pending_clearances_query(user.agency_id).order_by(None).subquery())) or 0
    return {
        "rows": queue_rows(session, user.agency_id, sides, gettext),
        "unresolved": total,
        "pending_matches": pending_count(session, user),
        "pending_clearances": clearances,
    }


def alerts_on_cases(session: Session, user: User, case_ids, limit: int = HOME_ROWS) -> dict:
    """The unresolved alerts on some of the agency's cases (an agent's own), in queue order, with their count.

    Sides, as the queue lists them: an alert between two of the agent's cases is there from each.
    """
    query = queue_query(user.agency_id, QueueFilters()).where(AlertSide.case_id.in_(case_ids))
    sides = list(session.scalars(query.limit(limit)))
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    return {"rows": queue_rows(session, user.agency_id, sides, gettext), "alert_total": total}
