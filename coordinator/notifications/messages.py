"""What each kind of notification says, rendered in the reader's language.

A notification stores its kind and parameters, not its text: the title and
body below are translated when a user reads them (in the app) or when the
email is queued (in the recipient's language). Parameters that are codes
(severity, resolution, ...) are shown through their code tables; those that
end in ``_at`` are moments, shown in the reader's time zone.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import format_datetime, gettext

from .. import codes
from ..deconfliction.reasons import N_

# kind: (title, body). Placeholders are filled from the notification's params.
MESSAGES = {
    "alert_raised": (
        N_("New %(severity)s alert %(alert)s: %(conflict_kind)s with %(agency)s"),
        N_("Your record “%(record)s” overlaps the work of %(agency)s. Call their point of contact before you "
           "act: %(poc)s."),
    ),
    "alert_escalated": (
        N_("Alert %(alert)s with %(agency)s is now %(severity)s"),
        N_("Something changed on alert %(alert)s about your record “%(record)s”: it is open again for both "
           "agencies. Their point of contact: %(poc)s."),
    ),
    "import_alerts": (
        N_("Import into case %(case)s: %(count)s new conflict alerts"),
        N_("Records imported into case %(case)s overlap the work of %(agencies)s: %(count)s new conflict "
           "alerts. Each names whom to call before you act; they are in your alert queue."),
    ),
    "import_alerts_other": (
        N_("Records imported by %(agency)s: %(count)s new conflict alerts"),
        N_("Records %(agency)s imported overlap records of yours: %(count)s new conflict alerts. Each names "
           "their point of contact; call before you act. They are in your alert queue."),
    ),
    "alert_resolved": (
        N_("%(agency)s resolved alert %(alert)s: %(resolution)s"),
        N_("%(agency)s recorded its decision on alert %(alert)s about your record “%(record)s”: "
           "%(resolution)s. Note: %(note)s"),
    ),
    "alert_reopened": (
        N_("%(agency)s reopened alert %(alert)s"),
        N_("%(agency)s reopened alert %(alert)s about your record “%(record)s”. Note: %(note)s"),
    ),
    "match_confirmed": (
        N_("%(agency)s confirmed the match of alert %(alert)s"),
        N_("%(agency)s reviewed the possible match of alert %(alert)s with your record “%(record)s” and "
           "confirmed that they are the same. Note: %(note)s"),
    ),
    "match_rejected": (
        N_("%(agency)s rejected the possible match of alert %(alert)s"),
        N_("%(agency)s reviewed the possible match of alert %(alert)s with your record “%(record)s”: not the "
           "same, for %(agency)s, whose side of the alert is closed. Your side keeps your agency's own decision. "
           "Note: %(note)s"),
    ),
    "network_withdrawn": (
        N_("Network alert %(alert)s with %(agency)s closed: the chain broke"),
        N_("Network alert %(alert)s, which joined your case “%(record)s” to a case of %(agency)s, is closed: "
           "a link in the chain was rejected in review or no longer holds after a record changed, and no other "
           "chain of confident links joins the two cases. It opens again if one does."),
    ),
    "record_purged": (
        N_("Alert %(alert)s with %(agency)s closed: a record was purged"),
        N_("Alert %(alert)s between your agency and %(agency)s is closed: one of its records was purged at "
           "its retention review (28 CFR Part 23). Nothing is left to deconflict; a new registration is "
           "checked afresh."),
    ),
    "operation_ended": (
        N_("Alert %(alert)s with %(agency)s closed: an operation ended"),
        N_("Alert %(alert)s about your record “%(record)s” is closed: one of the two operations was cancelled "
           "or completed, so the teams can no longer meet. It opens again if an operation is planned there anew."),
    ),
    "probe_burst": (
        N_("%(agency)s: %(count)s operations registered and cancelled near other teams"),
        N_("%(count)s operations of %(agency)s were registered and cancelled within %(hours)s hours, each near "
           "another team's operation. A series like this can locate other teams from what the alerts say: "
           "check with the officers who registered them."),
    ),
    "operation_overridden": (
        N_("%(agency)s went active despite critical alert %(alert)s"),
        N_("A supervisor of %(agency)s marked its %(operation_kind)s active while critical alert %(alert)s "
           "about your record “%(record)s” is unresolved. Reason given: %(note)s"),
    ),
    "clearance_requested": (
        N_("%(agency)s asks your clearance: %(operation_kind)s “%(title)s”"),
        N_("%(agency)s plans a cross-border %(operation_kind)s, “%(title)s”, starting %(starts_at)s. "
           "It cannot be cleared until your agency grants clearance. Grant or refuse it, with a note, in your "
           "clearance queue."),
    ),
    "alert_unacknowledged": (
        N_("Escalated: critical alert %(alert)s not acknowledged within %(minutes)s minutes"),
        N_("Your agency has not acknowledged critical alert %(alert)s (%(conflict_kind)s with %(agency)s) about "
           "your record “%(record)s” within %(minutes)s minutes. The watch centre has been told and your point of "
           "contact was sent a message. Call %(agency)s's point of contact now: %(poc)s. Then acknowledge the "
           "alert."),
    ),
    "watch_escalation": (
        N_("Escalated: %(agency)s has not acknowledged critical alert %(alert)s"),
        N_("%(agency)s has not acknowledged critical alert %(alert)s (%(conflict_kind)s with %(other)s) within "
           "%(minutes)s minutes. Its supervisors were told and its point of contact was sent a message. Its "
           "point of contact: %(poc)s. Take the alert on the watch board."),
    ),
    "record_inquired": (
        N_("%(agency)s inquired about your record “%(record)s”"),
        N_("%(agency)s asked Coordinator, before acting, whether anyone works what your record “%(record)s” "
           "holds, and was given your point of contact. Nothing of your case was shown to them. Expect their "
           "call."),
    ),
    "clearance_decided": (
        N_("%(agency)s: clearance %(decision)s for “%(title)s”"),
        N_("%(agency)s recorded its clearance decision on “%(title)s”: %(decision)s. Note: %(note)s"),
    ),
    "clearance_without_supervisor": (
        N_("Nobody at %(clearing_agency)s can clear “%(title)s”"),
        N_("%(agency)s's %(operation_kind)s “%(title)s”, starting %(starts_at)s, needs the clearance of "
           "%(clearing_agency)s, which has no active supervisor in Coordinator to decide it. An administrator "
           "must give %(clearing_agency)s a supervisor (or the operation's owner call them) before it can be "
           "cleared."),
    ),
}



def _code_tables() -> dict[str, dict]:
    return {
        "severity": codes.SEVERITIES,
        "conflict_kind": codes.CONFLICT_KINDS,
        "operation_kind": codes.OPERATION_KINDS,
        "decision": codes.CLEARANCE_DECISIONS,
        "resolution": codes.RESOLUTIONS,
    }


def _param(name: str, value: object, zone: str, tables: dict[str, dict]) -> str:
    if value is None or value == "":
        return "—"
    if name in tables:
        return str(tables[name].get(value, value))
    if name.endswith("_at") and isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value).astimezone(ZoneInfo(zone))
        except ValueError:
            return value
        return f"{format_datetime(moment.replace(tzinfo=None), 'medium', rebase=False)} ({moment.tzname()})"
    return str(value)


def render(kind: str, params: dict, zone: str = "UTC") -> tuple[str, str]:
    """The title and body of a notification in the current locale."""
    title, body = MESSAGES[kind]
    tables = _code_tables()
    values = {name: _param(name, value, zone, tables) for name, value in (params or {}).items()}
    try:
        return gettext(title, **values), gettext(body, **values)
    except (KeyError, ValueError, TypeError):  # a parameter missing, or a translation with a broken one
        return title, body
