"""Who hears about what happens to an alert, and what they are told.

A new or escalated alert concerns both sides; an action one agency takes
(resolve, reopen, a match judgement, an override) concerns the other one.
Each side is told in terms of its own record and given the other side's
point of contact — never the other case's contents.

These are receivers of the announcements in ``conflicts/signals.py``,
connected by ``subscribe()`` when the app is made: the alert services
announce, this module decides who hears.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..accounts.models import Agency, User
from ..cases.models import Case
from ..conflicts.models import AlertSide, ConflictAlert
from ..conflicts import signals
from ..conflicts.alerts import side_link
from ..conflicts.present import point_of_contact
from ..formats import contact_line
from ..notifications.services import concerned_with, concerned_with_cases, notify, record_label, supervisors_of
from ..operations.models import Operation


ALERT_QUEUE = "/review/alerts"


def alert_link(alert: ConflictAlert, side: AlertSide) -> str:
    """The alert's page in the review area, as ``side`` sees it."""
    return side_link(alert, side)


def people_of(session: Session, side: AlertSide):
    """The people of a side's agency concerned by its record (none here for a peer instance's side)."""
    if side.instance is not None:
        return []
    operation = session.get(Operation, side.record_id) if side.record_type == "operation" else None
    return concerned_with(session, side.agency_id, side.case_id, operation)


def home_of(session: Session, side: AlertSide) -> str:
    """The country of a side's agency, whose people read the other side's phone (a peer's side: none)."""
    agency = session.get(Agency, side.agency_id) if side.agency_id is not None else None
    return agency.country if agency is not None else ""


def _params(session: Session, alert: ConflictAlert, side: AlertSide, other: AlertSide, **extra) -> dict:
    return {
        "alert": alert.id, "severity": alert.severity, "conflict_kind": alert.kind,
        "agency": other.agency_label,
        "record": record_label(session, side.record_type, side.record_id),
        "poc": contact_line(point_of_contact(session, other), home_of(session, side)),
        **extra,
    }


def alert_news(session: Session, alert: ConflictAlert, kind: str,
               people: dict[tuple[int, int], list] | None = None) -> None:
    """A new, worsened or withdrawn alert: both sides hear of it.

    ``kind``: ``alert_raised``, ``alert_escalated``, ``network_withdrawn`` or ``record_purged``.
    ``people``: those concerned by each (agency, case), read beforehand for many alerts at once.
    """
    for side in alert.sides:
        other = next((s for s in alert.sides if s is not side), None)
        if other is not None and not side.withheld:  # a withheld side hears nothing until the owner tells it
            told = (people or {}).get((side.agency_id, side.case_id))
            notify(session, people_of(session, side) if told is None else told, kind,
                   _params(session, alert, side, other), alert_link(alert, side))


def alerts_news(session: Session, alerts: list[ConflictAlert], kind: str) -> None:
    """Many new alerts of one check (a link that joined a case to a network): each side hears, as ``alert_news`` tells.

    The people concerned by the sides' cases, and those cases with whom to
    call, are read once for all the alerts: telling a network of a hundred
    cases costs the queries of telling one.
    """
    sides = [side for alert in alerts for side in alert.sides]
    people = concerned_with_cases(session, {(side.agency_id, side.case_id) for side in sides
                                            if side.instance is None and side.record_type != "operation"
                                            and side.case_id is not None})
    agencies = {agency.id: agency for agency in session.scalars(
        select(Agency).where(Agency.id.in_({side.agency_id for side in sides} - {None})))}
    session.info.setdefault("preloaded", []).extend(agencies.values())
    for alert in alerts:
        alert_news(session, alert, kind, people)


def import_news(session: Session, alerts: list[ConflictAlert], case: Case) -> None:
    """New alerts an import into ``case`` raised, told once per person rather than once per alert.

    An import can raise hundreds: each person concerned hears how many,
    and with which agencies (who imported, for the other side); every
    alert waits in the queues with whom to call.
    """
    tallies: dict[int, _Tally] = {}
    people: dict[tuple[int, int], list] = {}
    codes = dict(session.execute(select(Agency.id, Agency.code)).all())
    for alert in alerts:
        for side in alert.sides:
            other = next(s for s in alert.sides if s is not side)
            if side.withheld:
                continue
            if (side.agency_id, side.case_id) not in people:
                people[side.agency_id, side.case_id] = people_of(session, side)
            for user in people[side.agency_id, side.case_id]:
                tally = tallies.setdefault(user.id, _Tally(user, side.agency_id == case.agency_id))
                tally.count += 1
                tally.agencies.add(other.agency_label)
    importer = codes[case.agency_id]
    for tally in tallies.values():
        if tally.own:
            params = {"case": case.number, "count": tally.count, "agencies": ", ".join(sorted(tally.agencies))}
            notify(session, [tally.user], "import_alerts", params, ALERT_QUEUE)
        else:
            notify(session, [tally.user], "import_alerts_other", {"agency": importer, "count": tally.count},
                   ALERT_QUEUE)


@dataclass
class _Tally:
    user: User
    own: bool  # of the importing agency
    count: int = 0
    agencies: set[str] = field(default_factory=set)


def side_action(session: Session, alert: ConflictAlert, actor_agency_id: int, kind: str,
                actor_id: int | None = None, side_id: int | None = None, **extra) -> None:
    """One side acted on the alert: the other side's people hear of it (``side_id``: the acting side)."""
    acting = next((s for s in alert.sides if s.id == side_id), None) if side_id is not None else None
    acting = acting or next((s for s in alert.sides if s.agency_id == actor_agency_id), None)
    if acting is None:
        return
    for side in alert.sides:
        if side is not acting and not side.withheld:  # the other agency's side, or the agency's other case's
            notify(session, people_of(session, side), kind, _params(session, alert, side, acting, **extra),
                   alert_link(alert, side), skip_user_id=actor_id)


# --- receivers of the alert announcements ----------------------------------------

def _on_alert(session: Session, alert: ConflictAlert, kind: str, **_ignored) -> None:
    alert_news(session, alert, kind)


def _on_alerts(session: Session, alerts: list[ConflictAlert], kind: str, **_ignored) -> None:
    alerts_news(session, alerts, kind)


def _on_action(session: Session, alert: ConflictAlert, agency_id: int, kind: str, actor_id: int | None = None,
               side_id: int | None = None, params: dict | None = None, **_ignored) -> None:
    side_action(session, alert, agency_id, kind, actor_id=actor_id, side_id=side_id, **(params or {}))


def _on_import(session: Session, alerts: list[ConflictAlert], case: Case, **_ignored) -> None:
    import_news(session, alerts, case)


def _on_probe_burst(session: Session, burst, params: dict, **_ignored) -> None:
    notify(session, supervisors_of(session, [burst.agency_id]), "probe_burst", params, "/operations/?status=cancelled")


def _on_inquiry(session: Session, record_type: str, record_id: int, agency_id: int, case_id: int, inquirer: str,
                **_ignored) -> None:
    """An inquiry met a record: the people concerned by it hear which agency asked."""
    operation = session.get(Operation, record_id) if record_type == "operation" else None
    link = f"/operations/{record_id}" if record_type == "operation" else f"/subjects/{record_id}"
    notify(session, concerned_with(session, agency_id, case_id, operation), "record_inquired",
           {"agency": inquirer, "record": record_label(session, record_type, record_id)}, link)


def subscribe() -> None:
    """Tell the people concerned (in the app and by e-mail) whenever the alert services announce news.

    Connecting twice is harmless: blinker keeps one connection per receiver.
    """
    signals.alert_raised.connect(_on_alert, weak=False)
    signals.alerts_raised.connect(_on_alerts, weak=False)
    signals.alert_withdrawn.connect(_on_alert, weak=False)
    signals.alert_acted_on.connect(_on_action, weak=False)
    signals.alerts_imported.connect(_on_import, weak=False)
    signals.probe_burst_found.connect(_on_probe_burst, weak=False)
    signals.record_inquired.connect(_on_inquiry, weak=False)
