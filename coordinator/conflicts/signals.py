"""What happens to alerts, announced to whoever listens: the notifiers subscribe, the engine does not know them.

Raising and acting on alerts only announces; who hears of it and how
(in-app and e-mail, the watch centre, a text message) is decided by the
receivers that ``create_app`` connects (``register_notifiers``). That keeps
the dependency one way: the notifiers build on ``conflicts/``, never the
reverse.

Announcements are made inside the unit of work that made the change, with
the session as sender, and blinker calls each receiver at once, in the same
thread: a receiver writes its notifications and outbox rows into that same
session, so they are committed with the change or rolled back with it —
nothing is lost and the request still commits once. A receiver that fails
fails the change, as a failing notify call always did.

Each signal is sent as ``signal.send(session, alert=..., ...)``; its
keyword arguments are listed beside it. A new kind of news (a flag raised by
another check, for instance) gets a signal of its own here and a receiver
in the notifier that should carry it.
"""
from __future__ import annotations

from blinker import Namespace

announcements = Namespace()

# A new alert, or one made worse (higher severity, or a network alert opened again): both sides hear of it.
#   alert: ConflictAlert; kind: "alert_raised" | "alert_escalated"
alert_raised = announcements.signal("alert-raised")
# Several new alerts at once, raised by one check (a new link that joins a case to a whole network): each
# side of each hears of it as of one ``alert_raised``, the receiver reading who is concerned once for all.
#   alerts: list[ConflictAlert]; kind: "alert_raised"
alerts_raised = announcements.signal("alerts-raised")
# The engine closed an alert (a network alert whose chain broke, a purged record, an operation that ended):
# both sides hear of it.
#   alert: ConflictAlert; kind: "network_withdrawn", "record_purged" or "operation_ended"
alert_withdrawn = announcements.signal("alert-withdrawn")
# One agency acted on an alert (resolved, reopened, judged the match, went active over it): the other hears.
#   alert: ConflictAlert; agency_id: the acting agency; kind: the notification kind;
#   actor_id: the acting user (not told of their own act); side_id: the side acted for (None: the agency's
#   first side); params: what the message names
alert_acted_on = announcements.signal("alert-acted-on")
# A side left a critical alert unacknowledged past the limit; announced once per side (watch/escalation.py).
#   alert: ConflictAlert; side: the AlertSide that did not acknowledge; minutes: the limit it passed
alert_overdue = announcements.signal("alert-overdue")
# An import raised many alerts at once: each person concerned hears once, with the count.
#   alerts: list[ConflictAlert]; case: the Case imported into
alerts_imported = announcements.signal("alerts-imported")
# One agency registered and soon cancelled several operations near other agencies' operations (a probe burst):
# its supervisors and the watch centre hear of it, once per burst.
#   burst: ProbeBurst; params: what the message names (agency, count, hours)
probe_burst_found = announcements.signal("probe-burst-found")
# A record or operation was checked (registered or changed): the federation asks its peers about it.
#   record_type: "subject" | "operation"; record: the SubjectRecord or Operation; check: its receipt;
#   keys: the subject's blocking keys (None for an operation)
record_checked = announcements.signal("record-checked")
# A side's status changed by its agency's act (acknowledged, resolved, reopened): a peer instance holding
# the other side hears of it.
#   alert: ConflictAlert; sides: the AlertSides that changed
side_changed = announcements.signal("side-changed")

# An inquiry ("check before you act") met a record: its owners hear which agency asked — never a silent
# fishing line. Nothing of the inquiry is kept but its log row.
#   record_type: "subject" | "operation"; record_id; agency_id and case_id: the record's; inquirer: the
#   asking agency's code
record_inquired = announcements.signal("record-inquired")


WITHDRAWN_KINDS = frozenset({"network_withdrawn", "record_purged", "operation_ended"})


def announce_alert(session, alert, kind: str) -> None:
    """A new or worsened alert (``alert_raised``/``alert_escalated``), or a closed one (``WITHDRAWN_KINDS``)."""
    signal = alert_withdrawn if kind in WITHDRAWN_KINDS else alert_raised
    signal.send(session, alert=alert, kind=kind)


def announce_alerts(session, alerts: list, kind: str = "alert_raised") -> None:
    """Several new alerts raised by one check, told together."""
    if alerts:
        alerts_raised.send(session, alerts=alerts, kind=kind)


def announce_action(session, alert, agency_id: int, kind: str, actor_id: int | None = None,
                    side_id: int | None = None, **params) -> None:
    """One side acted on ``alert``; ``kind`` names the notification the other side gets."""
    alert_acted_on.send(session, alert=alert, agency_id=agency_id, kind=kind, actor_id=actor_id, side_id=side_id,
                        params=params)


def announce_checked(session, record_type: str, record, check, keys: list[str] | None = None) -> None:
    """A record was checked here; listeners may look further (peer instances)."""
    record_checked.send(session, record_type=record_type, record=record, check=check, keys=keys)


def announce_sides(session, alert, sides: list) -> None:
    """Sides of ``alert`` changed status by their agency's act."""
    side_changed.send(session, alert=alert, sides=sides)


def announce_import(session, alerts: list, case) -> None:
    """The alerts an import into ``case`` raised."""
    alerts_imported.send(session, alerts=alerts, case=case)


def announce_inquiry(session, record_type: str, record_id: int, agency_id: int, case_id: int, inquirer: str) -> None:
    """An inquiry of agency ``inquirer`` met this record."""
    record_inquired.send(session, record_type=record_type, record_id=record_id, agency_id=agency_id,
                         case_id=case_id, inquirer=inquirer)
