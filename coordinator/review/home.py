"""What a supervisor sees on landing: the top of the alert queue and what waits on the agency."""
from __future__ import annotations

from flask_babel import gettext
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..conflicts.models import AlertSide
from ..conflicts.present import conflict_json
from ..operations.lifecycle import pending_clearances_query
from .matches import pending_count
from .queue import UNRESOLVED, QueueFilters, queue_query, waited

HOME_ROWS = 15


def review_summary(session: Session, user: User) -> dict:
    """The alerts to decide first, and how many matches and clearances wait on the agency."""
    query = queue_query(user.agency_id, QueueFilters())
    alerts = list(session.scalars(query.limit(HOME_ROWS)))
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    clearances = session.scalar(select(func.count()).select_from(
        pending_clearances_query(user.agency_id).order_by(None).subquery())) or 0
    return {
        "rows": [(alert, conflict_json(session, alert, user.agency_id, gettext), waited(alert)) for alert in alerts],
        "unresolved": total,
        "pending_matches": pending_count(session, user),
        "pending_clearances": clearances,
    }


def alerts_on_cases(session: Session, user: User, case_ids, limit: int = HOME_ROWS) -> dict:
    """The unresolved alerts on some of the agency's cases (an agent's own), in queue order, with their count."""
    query = queue_query(user.agency_id, QueueFilters()).where(AlertSide.case_id.in_(case_ids))
    alerts = list(dict.fromkeys(session.scalars(query.limit(limit))))
    total = session.scalar(select(func.count(func.distinct(AlertSide.alert_id))).where(
        AlertSide.agency_id == user.agency_id, AlertSide.status.in_(UNRESOLVED), AlertSide.case_id.in_(case_ids))) or 0
    return {"rows": [(alert, conflict_json(session, alert, user.agency_id, gettext), waited(alert)) for alert in alerts],
            "alert_total": total}
