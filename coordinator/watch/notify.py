"""Who hears of an overdue critical alert, and how: receivers of ``conflicts.signals.alert_overdue``.

The side that did not acknowledge: its supervisors (in the app and by
e-mail) and its point of contact (a text message, or a call, through the
phone outbox). The watch centre: the officers whose region covers the
alert (in the app and by e-mail), besides the board itself. Everything is
written into the escalating transaction's session.
"""
from __future__ import annotations

from flask import current_app, has_app_context
from sqlalchemy import select
from flask_babel import force_locale, gettext

from ..accounts.models import Agency, User
from ..conflicts import signals
from ..conflicts.alerts import side_link
from ..conflicts.models import AlertSide, ConflictAlert
from ..conflicts.present import point_of_contact
from ..deconfliction.reasons import N_
from ..formats import contact_line
from ..notifications.phone import e164, queue_phone_message
from ..notifications.services import notify, record_label, supervisors_of
from ..operations.models import Operation
from .services import WATCH_ROLE, officers_for

BOARD = "/watch"
TEXT = N_("Coordinator: critical alert %(alert)s with %(agency)s is not acknowledged by your agency after "
          "%(minutes)s minutes. Call %(agency)s now: %(poc)s. Then acknowledge it in Coordinator.")


def _other(alert: ConflictAlert, side: AlertSide) -> AlertSide:
    return next(s for s in alert.sides if s is not side)


def tell_people(session, alert: ConflictAlert, side: AlertSide, minutes: int, **_ignored) -> None:
    """The side's supervisors and the watch officers of the region hear of the escalation."""
    other = _other(alert, side)
    own_agency = session.get(Agency, side.agency_id)
    agency = own_agency.code
    other_agency = other.agency_label
    own = {"alert": alert.id, "severity": alert.severity, "conflict_kind": alert.kind, "agency": other_agency,
           "minutes": minutes, "record": record_label(session, side.record_type, side.record_id),
           "poc": contact_line(point_of_contact(session, other), own_agency.country)}
    notify(session, supervisors_of(session, [side.agency_id]), "alert_unacknowledged", own, side_link(alert, side))
    watch = {"alert": alert.id, "conflict_kind": alert.kind, "agency": agency, "other": other_agency,
             "minutes": minutes, "poc": contact_line(point_of_contact(session, side), "")}  # officers of any country
    notify(session, officers_for(session, alert), "watch_escalation", watch, BOARD)


def text_point_of_contact(session, alert: ConflictAlert, side: AlertSide, minutes: int, **_ignored) -> None:
    """The side's point of contact gets a text message (or a call) naming whom to call."""
    poc = point_of_contact(session, side)
    agency = session.get(Agency, side.agency_id)
    number = e164(poc.get("phone"), agency.country)
    if number is None:
        return  # no number to text; the supervisors and the watch centre were told all the same
    reader = _poc_user(session, side)
    locale = (reader.locale if reader is not None and reader.locale else None) or \
        agency.default_locale
    other = _other(alert, side)
    params = {"alert": alert.id, "agency": other.agency_label, "minutes": minutes,
              "poc": contact_line(point_of_contact(session, other), agency.country)}
    with force_locale(locale):
        body = gettext(TEXT, **params)
    channel = current_app.config.get("PHONE_CHANNEL", "sms") if has_app_context() else "sms"
    queue_phone_message(session, number, body, channel=channel, locale=locale, alert_id=alert.id,
                        user_id=reader.id if reader is not None else None)


def _poc_user(session, side: AlertSide) -> User | None:
    if side.record_type == "operation":
        operation = session.get(Operation, side.record_id)
        if operation is not None and operation.poc_user_id:
            return session.get(User, operation.poc_user_id)
    return None


def tell_watch_of_probes(session, burst, params: dict, **_ignored) -> None:
    """A probe burst has no place of its own: every active watch officer hears of it."""
    officers = session.scalars(select(User).where(User.role == WATCH_ROLE, User.active.is_(True))
                               .order_by(User.id)).all()
    notify(session, officers, "probe_burst", params)


def subscribe() -> None:
    """Connect the escalation's receivers (idempotent)."""
    signals.alert_overdue.connect(tell_people, weak=False)
    signals.alert_overdue.connect(text_point_of_contact, weak=False)
    signals.probe_burst_found.connect(tell_watch_of_probes, weak=False)
