"""What the review pages show beside the records: an operation's lifecycle panel and its history."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..access import may_move_operation, may_override
from ..accounts.models import Agency, User
from ..codes import CLEARANCE_DECISIONS, OPERATION_STATUSES
from ..conflicts.models import ConflictAlert
from ..operations.lifecycle import (
    REVERTED, TRANSITIONS, clearances_of, notice_hours_for, required_agencies, unresolved_critical_alerts,
)
from ..operations.models import Operation, OperationClearance, OperationEvent

ACTIONS = {
    "registered": _l("registered"),
    "changed": _l("plan changed"),
    "transition": _l("status changed"),
    "reverted": _l("sent back to planned"),
    "override": _l("critical alert overridden"),
    "clearance": _l("clearance decided"),
}
ALERT_ACTIONS = {
    "raised": _l("raised"),
    "escalated": _l("escalated: open again for both sides"),
    "acknowledged": _l("acknowledged"),
    "reopened": _l("reopened"),
    "override": _l("operation sent active over this alert"),
    "match_confirmed": _l("match confirmed in review"),
    "match_rejected": _l("match rejected in review: not the same"),
    "no_longer_matches": _l("a record was changed and no longer matches"),
    "network_withdrawn": _l("closed: a link in the chain no longer holds and no other chain joins the cases"),
    "record_purged": _l("closed: one of its records was purged at its retention review"),
    "overdue_escalated": _l("not acknowledged in time: escalated to the agency's supervisors and the watch centre"),
    "watch_call": _l("watch centre: call logged"),
    "watch_closed": _l("watch centre: closed on its board"),
    "revealed": _l("the other agency was told (the record is sensitive: it had not been)"),
}


@dataclass
class HistoryRow:
    """One line of a history, ready to show."""

    at: datetime
    agency: str
    who: str
    action: str
    change: str
    note: str


@dataclass
class LifecyclePanel:
    """An operation's lifecycle as the viewer may act on it."""

    targets: list[str]
    clearances: list[OperationClearance]
    required: list[Agency]
    critical: list[ConflictAlert]
    can_override: bool
    notice_hours: int
    history: list[HistoryRow]


def lifecycle_panel(session: Session, user: User, operation: Operation) -> LifecyclePanel:
    """The moves the viewer may make, the clearances, the critical alerts and the history."""
    targets = [to for to in TRANSITIONS.get(operation.status, ()) if may_move_operation(user, operation, to)]
    critical = unresolved_critical_alerts(session, operation) if operation.status in TRANSITIONS else []
    return LifecyclePanel(
        targets=targets, clearances=clearances_of(session, operation),
        required=required_agencies(session, operation), critical=critical,
        can_override=may_override(user) and bool(critical), notice_hours=notice_hours_for(session, operation),
        history=operation_history(session, user, operation),
    )


def operation_history(session: Session, viewer: User, operation: Operation) -> list[HistoryRow]:
    """The operation's events, oldest first; people of other agencies are named by their agency only."""
    events = session.scalars(select(OperationEvent).where(OperationEvent.operation_id == operation.id)
                             .order_by(OperationEvent.at, OperationEvent.id)).all()
    codes = _agency_codes(session)
    rows = []
    for event in events:
        table = CLEARANCE_DECISIONS if event.action == "clearance" else OPERATION_STATUSES
        change = " → ".join(str(table.get(s, s)) for s in (event.from_status, event.to_status) if s)
        note = gettext(REVERTED[event.reason]) if event.action == "reverted" and event.reason in REVERTED \
            else (event.reason or "")
        rows.append(HistoryRow(event.at, codes.get(event.agency_id, ""), _who(event.user, viewer),
                               str(ACTIONS.get(event.action, event.action)), change, note))
    return rows


def alert_history(session: Session, viewer: User, events) -> list[HistoryRow]:
    """An alert's events, oldest first, in the same shape."""
    from ..conflicts.services import RESOLUTIONS

    codes = _agency_codes(session)
    cases = _own_sides_cases(session, viewer, events)
    rows = []
    for event in events:
        action, _sep, resolution = event.action.partition(":")
        text = str(ALERT_ACTIONS.get(action, action))
        if action == "resolved":
            text = gettext("resolved: %(resolution)s", resolution=RESOLUTIONS.get(resolution, resolution))
        agency = codes.get(event.agency_id, "")
        if event.side_id in cases:  # one of two sides of the viewer's agency: say which case acted
            agency = f"{agency} · {cases[event.side_id]}"
        rows.append(HistoryRow(event.at, agency, _who(event.user, viewer), text, "", event.note or ""))
    return rows


def _own_sides_cases(session: Session, viewer: User, events) -> dict[int, str]:
    """Case numbers of the viewer agency's sides, by side id, when an alert has two of them (else empty)."""
    from ..cases.models import Case
    from ..conflicts.models import AlertSide

    side_ids = {event.side_id for event in events if event.side_id is not None}
    if not side_ids:
        return {}
    rows = session.execute(select(AlertSide.id, AlertSide.alert_id, Case.number).join(Case, Case.id == AlertSide.case_id)
                           .where(AlertSide.id.in_(side_ids), AlertSide.agency_id == viewer.agency_id)).all()
    both = {alert_id for alert_id, in session.execute(
        select(AlertSide.alert_id).where(AlertSide.alert_id.in_({alert_id for _id, alert_id, _n in rows}),
                                         AlertSide.agency_id == viewer.agency_id)
        .group_by(AlertSide.alert_id).having(func.count(AlertSide.id) > 1))}
    return {side_id: number for side_id, alert_id, number in rows if alert_id in both}


def _who(user: User | None, viewer: User) -> str:
    if user is None:  # the system itself: the agency column says so
        return ""
    return user.name if user.agency_id == viewer.agency_id else ""


def _agency_codes(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Agency.id, Agency.code)).all())
