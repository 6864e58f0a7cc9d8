"""What people do with alerts: list them, acknowledge them, resolve them."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager
from werkzeug.exceptions import Forbidden, NotFound

from ..access import may_review_alerts
from ..accounts.models import User
from ..cases.models import Case
from ..codes import RESOLUTIONS  # noqa: F401  (where the alert services have always offered it)
from ..operations.models import Operation
from ..types import utcnow
from .alerts import Record, record_ref, sides_of
from .models import LIST_ORDER, AlertEvent, AlertSide, ConflictAlert
from .signals import announce_action, announce_alert, announce_sides

# Resolutions the engine records, never chosen by a person.
ENGINE_RESOLUTIONS = {"withdrawn": _l("Withdrawn: a record was purged")}
SIDE_STATUSES = ("open", "acknowledged", "deconflicted", "false_positive")
RESOLVED_STATUSES = ("deconflicted", "false_positive")


class AlertActionError(ValueError):
    """An alert action that the alert's state does not allow."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def alerts_for(session: Session, user: User, status: str | None = None, limit: int | None = None,
               offset: int = 0) -> list[AlertSide]:
    """The user's agency's sides of alerts (``side.alert``) it has been told of, most severe and newest first.

    A side, not an alert: an alert between two of the agency's own cases
    is listed once from each side, each with its own status.
    """
    # Each alert comes with its sides and their agencies (what a list shows), not read again per alert.
    query = select(AlertSide).join(ConflictAlert, AlertSide.alert_id == ConflictAlert.id) \
        .where(AlertSide.agency_id == user.agency_id, AlertSide.withheld.is_(False)) \
        .options(contains_eager(AlertSide.alert).selectinload(ConflictAlert.sides).joinedload(AlertSide.agency))
    if status:
        query = query.where(AlertSide.status == status)
    # The sides' own copies of their alert's rank and age (conflicts/ordering.py): an index's order, so that
    # a page reads its rows from the index, however many alerts the agency has.
    query = query.order_by(*LIST_ORDER).offset(offset)
    return list(session.scalars(query.limit(limit) if limit else query))


class SideRequired(AlertActionError):
    """An action on an alert between two of the agency's cases that does not say which side it is for."""


def alert_for(session: Session, user: User, alert_id: int,
              record: Record | None = None) -> tuple[ConflictAlert, AlertSide]:
    """The alert and the side the user looks from; a 404 for an agency not party to it.

    ``record`` names the side (the viewer's own record); without it, the
    agency's only side, or — when the alert joins two of its cases — the
    side the user is concerned with, else the first.
    """
    alert = session.get(ConflictAlert, alert_id)
    mine = sides_of(alert, user.agency_id) if alert is not None else []
    if not mine or user.role not in ("agent", "supervisor"):
        raise NotFound()
    if record is not None:
        side = next((s for s in mine if (s.record_type, s.record_id) == tuple(record)), None)
        if side is None:
            raise NotFound()
        return alert, side
    return alert, own_side(session, user, mine) or mine[0]


def own_side(session: Session, user: User, sides: list[AlertSide]) -> AlertSide | None:
    """The one of the agency's sides that is the user's: the only one, or the one of the user's case or office.

    The user's case or operation (lead agent, creator, point of contact)
    first, then the case of the user's office; None when that names both
    or neither (a supervisor of both offices).
    """
    if len(sides) == 1:
        return sides[0]
    cases = {c.id: c for c in session.scalars(select(Case).where(Case.id.in_([s.case_id for s in sides])))}
    mine = [s for s in sides if _personally_concerned(session, user, s, cases.get(s.case_id))]
    if len(mine) == 1:
        return mine[0]
    if not mine and user.office_id is not None:
        office = [s for s in sides if cases.get(s.case_id) is not None and cases[s.case_id].office_id == user.office_id]
        if len(office) == 1:
            return office[0]
    return None


def _personally_concerned(session: Session, user: User, side: AlertSide, case: Case | None) -> bool:
    if case is not None and user.id in (case.lead_agent_id, case.created_by_id):
        return True
    if side.record_type == "operation":
        operation = session.get(Operation, side.record_id)
        return operation is not None and user.id in (operation.created_by_id, operation.poc_user_id)
    return False


def acting_side(session: Session, user: User, alert_id: int,
                record: Record | None = None) -> tuple[ConflictAlert, AlertSide]:
    """The side an action is for: named, or the only one the user can mean; else ``SideRequired``.

    Each side of an alert between two of one agency's cases is worked on
    its own, as the sides of two agencies are.
    """
    alert, side = alert_for(session, user, alert_id, record)
    if record is None and len(sides_of(alert, user.agency_id)) > 1 \
            and own_side(session, user, sides_of(alert, user.agency_id)) is None:
        refs = ", ".join(record_ref(s) for s in sides_of(alert, user.agency_id))
        raise SideRequired("record", str(_l(
            "This alert joins two of your agency's cases: say which side you act for (record: %(records)s).",
            records=refs)))
    return alert, side


def _as_committed(session: Session, sides: list[AlertSide]) -> None:
    """Read these sides again as committed now, locked until the transaction ends (in id order).

    Two acts on one alert at once then take turns, each seeing the other's:
    without it both read the side before either commits, and two people
    acknowledging at once both record it, or two agencies resolving their
    sides at once each see the other's undecided and neither closes the
    alert. Only the sides acted on are locked: the registrations and reads
    of other records never wait for them.
    """
    session.execute(select(AlertSide).where(AlertSide.id.in_([s.id for s in sides])).order_by(AlertSide.id)
                    .with_for_update(key_share=True).execution_options(populate_existing=True)).all()


def acknowledge(session: Session, user: User, alert_id: int, note: str | None = None,
                record: Record | None = None) -> ConflictAlert:
    """The user's side has seen the alert and is in touch with the other side."""
    alert, side = acting_side(session, user, alert_id, record)
    _as_committed(session, [side])
    if side.status == "open":
        side.status = "acknowledged"
        side.acknowledged_at, side.acknowledged_by_id = utcnow(), user.id
        session.add(AlertEvent(alert_id=alert.id, agency_id=user.agency_id, user_id=user.id,
                               action="acknowledged", note=note, side_id=side.id))
        announce_sides(session, alert, [side])
    elif side.status != "acknowledged":
        raise AlertActionError("status", str(_l("This alert is already resolved on your side.")))
    session.flush()
    return alert


def resolve(session: Session, user: User, alert_id: int, resolution: str, note: str | None,
            record: Record | None = None) -> ConflictAlert:
    """A supervisor records the side's decision; the alert closes when both sides have decided."""
    alert_for(session, user, alert_id, record)
    if not may_review_alerts(user):
        raise Forbidden()
    alert, side = acting_side(session, user, alert_id, record)
    _as_committed(session, alert.sides)  # whether the alert closes depends on the other side's decision too
    if resolution not in RESOLUTIONS:
        raise AlertActionError("resolution", str(_l("Not a valid choice.")))
    now = utcnow()
    if side.acknowledged_at is None:
        side.acknowledged_at, side.acknowledged_by_id = now, user.id
    side.status = "false_positive" if resolution == "false_positive" else "deconflicted"
    side.resolution, side.note = resolution, note
    side.resolved_at, side.resolved_by_id = now, user.id
    session.add(AlertEvent(alert_id=alert.id, agency_id=user.agency_id, user_id=user.id,
                           action=f"resolved:{resolution}", note=note, side_id=side.id))
    if all(s.status in RESOLVED_STATUSES for s in alert.sides):
        alert.status, alert.closed_at = "closed", now
    _tell_other_side(session, alert, user, side, "alert_resolved", resolution=resolution, note=note)
    announce_sides(session, alert, [side])
    session.flush()
    return alert


def reopen(session: Session, user: User, alert_id: int, note: str, record: Record | None = None) -> ConflictAlert:
    """A supervisor takes back the side's decision: the side is being worked again, the alert opens."""
    alert_for(session, user, alert_id, record)
    if not may_review_alerts(user):
        raise Forbidden()
    alert, side = acting_side(session, user, alert_id, record)
    _as_committed(session, alert.sides)  # two reopenings at once: the second sees the first's
    if side.status not in RESOLVED_STATUSES:
        raise AlertActionError("status", str(_l("Only a resolved alert can be reopened.")))
    side.status = "acknowledged"
    side.resolution, side.resolved_at, side.resolved_by_id, side.note = None, None, None, note
    alert.status, alert.closed_at = "open", None
    session.add(AlertEvent(alert_id=alert.id, agency_id=user.agency_id, user_id=user.id, action="reopened",
                           note=note, side_id=side.id))
    _tell_other_side(session, alert, user, side, "alert_reopened", note=note)
    announce_sides(session, alert, [side])
    session.flush()
    return alert


def _tell_other_side(session: Session, alert: ConflictAlert, user: User, side: AlertSide, kind: str,
                     **params) -> None:
    announce_action(session, alert, user.agency_id, kind, actor_id=user.id, side_id=side.id, **params)


def reveal(session: Session, user: User, alert_id: int) -> ConflictAlert:
    """"Tell them": the owner of a sensitive record lets the other side know of a hit, as a normal alert.

    Only the agency that was told (the sensitive record's owner) may; it is
    in the alert's history and the audit trail, and both sides then hear of
    the alert as of any new one.
    """
    from ..audit.recorder import record as audit

    alert, side = alert_for(session, user, alert_id)
    withheld = [s for s in alert.sides if s.withheld]
    if not withheld:
        raise AlertActionError("alert", str(_l("The other side already knows of this alert.")))
    now = utcnow()
    for other in withheld:
        other.withheld = False
    session.add(AlertEvent(alert_id=alert.id, agency_id=user.agency_id, user_id=user.id, action="revealed", at=now,
                           side_id=side.id))
    audit(session, "alert.revealed", object_type="alert", object_id=alert.id,
          details={"told_agency_ids": [s.agency_id for s in withheld], "record_id": side.record_id})
    session.flush()
    announce_alert(session, alert, "alert_raised")
    return alert


def records_in_conflict(session: Session, case_id: int, agency_id: int) -> dict[tuple[str, int], int]:
    """The case's records and operations with an alert its agency knows of and has not resolved: (type, id) -> an alert id."""
    rows = session.execute(select(AlertSide.record_type, AlertSide.record_id, AlertSide.alert_id).where(
        AlertSide.case_id == case_id, AlertSide.agency_id == agency_id, AlertSide.withheld.is_(False),
        AlertSide.status.in_(("open", "acknowledged"))).order_by(AlertSide.alert_id.desc()))
    return {(record_type, record_id): alert_id for record_type, record_id, alert_id in rows}
