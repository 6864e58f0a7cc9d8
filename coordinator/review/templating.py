"""What the review area gives every template: counts in the navigation, lifecycle panels, ages."""
from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask_babel import format_timedelta
from flask_login import current_user

from ..extensions import db


def _open_alerts(user) -> int:
    from .queue import open_count

    return open_count(db.session, user)


def _pending_matches(user) -> int:
    from .matches import pending_count

    return pending_count(db.session, user)


def _pending_clearances(user) -> int:
    from sqlalchemy import func, select

    from ..operations.lifecycle import pending_clearances_query

    query = pending_clearances_query(user.agency_id).order_by(None).subquery()
    return db.session.scalar(select(func.count()).select_from(query)) or 0


def _awaiting_approval(user) -> int:
    from sqlalchemy import func, select

    from ..operations.lifecycle import awaiting_approval_query

    query = awaiting_approval_query(user.agency_id).order_by(None).subquery()
    return db.session.scalar(select(func.count()).select_from(query)) or 0


def _unread(user) -> int:
    from ..notifications.services import unread_count

    return unread_count(db.session, user)


def lifecycle_of(operation):
    """The lifecycle panel of an operation for the signed-in user."""
    from .present import lifecycle_panel

    return lifecycle_panel(db.session, current_user, operation)


def age(value: timedelta) -> str:
    """A duration in words ("3 hours"), in the user's language."""
    return format_timedelta(value, threshold=1.1)


def resolution_label(code: str | None) -> str:
    """The words for an alert resolution code."""
    from ..conflicts.services import ENGINE_RESOLUTIONS, RESOLUTIONS

    return str(RESOLUTIONS.get(code) or ENGINE_RESOLUTIONS.get(code, code or ""))


def record_title(record_type: str, record_id: int) -> str:
    """What the viewer's own record of an alert is called (an operation's title, a subject's label)."""
    from ..notifications.services import record_label

    return record_label(db.session, record_type, record_id)


def alert_url(conflict: dict) -> str:
    """The alert's page from the side of ``conflict`` (a conflict object): named when both sides are the agency's."""
    from flask import url_for

    own = conflict["other"]["agency"] == current_user.agency.code
    record = f"{conflict['this']['type']}:{conflict['this']['id']}" if own else None
    return url_for("review.alert", alert_id=conflict["id"], record=record)


def register(app: Flask) -> None:
    from ..main.templating import NAV_COUNTS

    NAV_COUNTS.update({"review.alerts": _open_alerts, "review.matches": _pending_matches,
                       "review.clearances": _pending_clearances, "review.approvals": _awaiting_approval,
                       "notifications.index": _unread})
    app.jinja_env.globals.update(lifecycle_of=lifecycle_of, resolution_label=resolution_label,
                                  record_title=record_title, alert_url=alert_url)
    app.jinja_env.filters["age"] = age
