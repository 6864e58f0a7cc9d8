"""Check before you act: what a registration would raise, asked without registering anything.

An agent asks, within one of the agency's cases and with a reason, whether
anyone works a person, a plate, a phone, a serial (any kind of subject
record) or a place and time. The engine judges it exactly as it would judge
a registration (``match_subject``, ``operations_met``), read-only: no record,
key, link, alert or receipt is written. The answer is what the alerts would
have said — the other agency, the kind of its record, whom to call — and
the owner of every record met is told which agency asked. Each inquiry is
logged for the asking agency's supervisors and audited; an agent has a
daily allowance (``INQUIRY_DAILY_LIMIT``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..accounts.models import Agency, User
from ..audit.recorder import record as audit
from ..cases.models import Case
from ..conflicts.detect import match_subject
from ..conflicts.encounters import operations_met
from ..conflicts.present import point_of_contact_of
from ..conflicts.signals import announce_inquiry
from ..deconfliction.disclosure import withhold_other_names
from ..deconfliction.reasons import Reason
from ..operations.models import Operation
from ..types import utcnow
from .models import Lookup
from .services import log_lookup

DEFAULT_DAILY_LIMIT = 20
PLACE = "place"
# The operation form's fields an inquiry of a place and time gives.
PLACE_FIELDS = ("latitude", "longitude", "radius_m", "starts_at", "ends_at", "venue", "address", "timezone")


class InquiryLimitReached(Exception):
    """The agent has used the day's inquiries."""

    def __init__(self, limit: int):
        super().__init__(limit)
        self.limit = limit


@dataclass
class InquiryHit:
    """One record an inquiry met: whose, what kind, how sure, why (in the asker's terms), whom to call."""

    agency: str
    record_kind: str
    conflict_kind: str  # "subject" or "event"
    level: str
    severity: str | None
    reasons: list[Reason]
    poc: dict


@dataclass
class InquiryAnswer:
    """The answer to an inquiry, and how many inquiries the agent has left today."""

    kind: str
    case_id: int
    hits: list[InquiryHit] = field(default_factory=list)
    remaining: int = 0


def used_today(session: Session, user: User) -> int:
    """How many inquiries the user made in the last 24 hours."""
    return session.scalar(select(func.count(Lookup.id)).where(
        Lookup.user_id == user.id, Lookup.kind == "inquiry", Lookup.at > utcnow() - timedelta(hours=24))) or 0


def _check_allowance(session: Session, user: User, limit: int) -> int:
    used = used_today(session, user)
    if used >= limit:
        raise InquiryLimitReached(limit)
    return limit - used - 1


def _codes(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Agency.id, Agency.code)).all())


def daily_limit() -> int:
    """How many inquiries an agent may make in 24 hours (the instance's ``INQUIRY_DAILY_LIMIT``)."""
    from flask import current_app, has_app_context

    return int(current_app.config.get("INQUIRY_DAILY_LIMIT", DEFAULT_DAILY_LIMIT)) if has_app_context() \
        else DEFAULT_DAILY_LIMIT


def place_values(form) -> dict:
    """A validated operation form's place and time, the zone the point's own when none was chosen."""
    from ..deconfliction.geography import zone_at

    values = {name: form[name].data for name in PLACE_FIELDS}
    values["timezone"] = values["timezone"] or zone_at(values["latitude"], values["longitude"]) or "UTC"
    return values


def describe_subject(kind: str, data: dict) -> str:
    """The inquiry as its agency's supervisors read it in the log."""
    from ..subjects.labels import subject_label

    return f"{kind}: {subject_label(kind, data)}"


def describe_place(values: dict) -> str:
    """A place-and-time inquiry as its agency's supervisors read it in the log."""
    where = ", ".join(str(v) for v in (values.get("venue"), values.get("address")) if v)
    return (f"place: {values['latitude']:.5f}, {values['longitude']:.5f}, {values['radius_m']} m"
            f"{' (' + where + ')' if where else ''}; {values['starts_at'].isoformat()} – "
            f"{values['ends_at'].isoformat()}")


def inquire_subject(session: Session, user: User, case: Case, kind: str, data: dict, reason: str,
                    limit: int = DEFAULT_DAILY_LIMIT) -> InquiryAnswer:
    """Whether a record of ``kind`` with ``data`` would meet another agency's, registered in ``case``."""
    remaining = _check_allowance(session, user, limit)
    codes = _codes(session)
    answer = InquiryAnswer(kind, case.id, remaining=remaining)
    for other, result in match_subject(session, kind, data, user.agency_id):
        reasons = list(withhold_other_names(result.reasons, data) if kind == "person" else result.reasons)
        answer.hits.append(InquiryHit(codes[other.agency_id], other.kind, "subject", result.level, None, reasons,
                                      point_of_contact_of(session, "subject", other.id, other.case_id)))
        announce_inquiry(session, "subject", other.id, other.agency_id, other.case_id, user.agency.code)
    _log(session, user, case, kind, describe_subject(kind, data), reason, answer)
    return answer


def inquire_place(session: Session, user: User, case: Case, values: dict, reason: str,
                  limit: int = DEFAULT_DAILY_LIMIT) -> InquiryAnswer:
    """Whether an operation at this place and time, in ``case``, would meet another case's live operation."""
    from ..deconfliction.conflicts import event_severity

    remaining = _check_allowance(session, user, limit)
    probe = Operation(id=0, case_id=case.id, agency_id=user.agency_id, status="planned",
                      kind=values.get("kind") or "other", title="", latitude=values["latitude"],
                      longitude=values["longitude"], radius_m=values["radius_m"], starts_at=values["starts_at"],
                      ends_at=values["ends_at"], timezone=values.get("timezone") or "UTC",
                      venue=values.get("venue"), address=values.get("address"))
    codes = _codes(session)
    answer = InquiryAnswer(PLACE, case.id, remaining=remaining)
    for other, reasons, overlap in operations_met(session, probe):
        answer.hits.append(InquiryHit(codes[other.agency_id], other.kind, "event", "match",
                                      event_severity("planned", other.status, overlap), list(reasons),
                                      point_of_contact_of(session, "operation", other.id, other.case_id)))
        announce_inquiry(session, "operation", other.id, other.agency_id, other.case_id, user.agency.code)
    _log(session, user, case, PLACE, describe_place(values), reason, answer)
    return answer


def _log(session: Session, user: User, case: Case, kind: str, described: str, reason: str,
         answer: InquiryAnswer) -> None:
    """Log the inquiry for the agency's supervisors and in the audit trail (without its terms there)."""
    agencies = sorted({hit.agency for hit in answer.hits})
    log_lookup(session, user, "inquiry", described, len(answer.hits), case_id=case.id, reason=reason,
               subject_kind=kind, hit_agencies=agencies)
    audit(session, "inquiry.ask", object_type="case", object_id=case.id,
          details={"kind": kind, "hits": len(answer.hits), "agencies": agencies})
