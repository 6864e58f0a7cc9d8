"""What a trace found: the dealer and the first retail purchaser as records of the requesting case.

A trace's answer names an FFL and a purchaser; as records of the case they
meet every other agency's records of that dealer and that person through the
ordinary registration (``add_subject``). An answer links to the case's own
record of the same dealer or person when there is one, instead of a second.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..cases.models import Case
from ..deconfliction.normalise import normalise_ffl, normalise_text
from ..formats import short_date
from ..subjects.models import Association, SubjectRecord
from ..subjects.services import add_subject
from ..subjects.validation import ValidRecord, validate_subject
from ..types import utcnow
from .models import TraceRequest
from .seizures import region_of
from .services import OutcomeFieldsError

DEALER_FIELDS = ("license_number", "name")
PURCHASER_FIELDS = ("first_name", "middle_name", "last_name", "second_last_name", "dob")
PERSON_NAME_FIELDS = ("first_name", "middle_name", "last_name", "second_last_name")


def _checked(value: object, name: str, kind: str, role: str, allowed: tuple[str, ...],
             region: str, errors: dict) -> ValidRecord | None:
    if value in (None, {}):
        return None
    if not isinstance(value, dict):
        errors[name] = _l("Must be an object.")
        return None
    for key in set(value) - set(allowed):
        errors[f"{name}-{key}"] = _l("Unknown field.")
    given = {key: v for key, v in value.items() if key in allowed and v not in (None, "")}
    record, problems = validate_subject({"kind": kind, "role": role, **given}, region)
    errors.update({f"{name}-{key}": message for key, message in problems.items()})
    return record


def check_findings(session: Session, case: Case, values: dict[str, Any],
                   answered: bool) -> tuple[ValidRecord | None, ValidRecord | None]:
    """The dealer and purchaser of an answer, checked with their kinds' rules; every bad field at once."""
    errors: dict[str, Any] = {}
    region = region_of(session, case)
    dealer = _checked(values.get("dealer"), "dealer", "dealer", "source_dealer", DEALER_FIELDS, region, errors)
    purchaser = _checked(values.get("purchaser"), "purchaser", "person", "buyer", PURCHASER_FIELDS, region, errors)
    if (dealer or purchaser) and not answered:
        errors.setdefault("answered_on", _l("A trace's findings come with its answer: give the date it was "
                                            "answered."))
    if purchaser is not None and values.get("result") != "purchaser_found":
        errors.setdefault("purchaser", _l("A purchaser is given only when the trace found one."))
    if errors:
        raise OutcomeFieldsError(errors)
    return dealer, purchaser


def check_purchase_date(trace: TraceRequest) -> None:
    """A gun is bought before it is recovered and before its trace is answered."""
    bought = trace.purchased_on
    if bought is None:
        return
    if trace.recovered_on is not None and bought > trace.recovered_on:
        raise OutcomeFieldsError({"purchased_on": _l("The purchase cannot come after the seizure (%(date)s).",
                                                     date=short_date(trace.recovered_on))})
    if trace.answered_on is not None and bought > trace.answered_on:
        raise OutcomeFieldsError({"purchased_on": _l("The purchase cannot come after the trace's answer.")})


def _same_dealer(mine: dict, found: dict) -> bool:
    ours, theirs = normalise_ffl(mine.get("license_number")), normalise_ffl(found.get("license_number"))
    if ours or theirs:
        return ours == theirs
    return normalise_text(mine.get("name")) == normalise_text(found.get("name"))


def _same_person(mine: dict, found: dict) -> bool:
    return mine.get("dob") == found.get("dob") and all(
        normalise_text(mine.get(name)) == normalise_text(found.get(name)) for name in PERSON_NAME_FIELDS)


def _record_for(session: Session, user: User, trace: TraceRequest, found: ValidRecord, same) -> SubjectRecord:
    """The case's own record of what the trace found, or a new one registered (and checked) now."""
    for record in session.scalars(select(SubjectRecord).where(SubjectRecord.case_id == trace.case_id,
                                                              SubjectRecord.kind == found.kind)
                                  .order_by(SubjectRecord.id)):
        if same(record.data, found.data):
            return record
    return add_subject(session, user, trace.case, found.kind, found.role, found.data,
                       predicate=f"Named by the answer to trace request {trace.id} of case {trace.case.number}.")


def _link(session: Session, user: User, trace: TraceRequest, to: SubjectRecord, kind: str) -> None:
    """Tie the traced gun to the dealer that sold it (or the person who bought it), once."""
    if trace.firearm_id is None:
        return
    exists = session.scalar(select(Association.id).where(Association.from_subject_id == trace.firearm_id,
                                                         Association.to_subject_id == to.id,
                                                         Association.kind == kind))
    if exists is None:
        session.add(Association(case_id=trace.case_id, from_subject_id=trace.firearm_id, to_subject_id=to.id,
                                kind=kind, note=f"trace request {trace.id}", created_by_id=user.id))


def record_findings(session: Session, user: User, trace: TraceRequest, dealer: ValidRecord | None,
                    purchaser: ValidRecord | None) -> None:
    """Create or link the dealer and purchaser records the answer names, and tie the gun to them."""
    if dealer is not None:
        trace.dealer = _record_for(session, user, trace, dealer, _same_dealer)
        _link(session, user, trace, trace.dealer, "bought_at")
    if purchaser is not None:
        trace.purchaser = _record_for(session, user, trace, purchaser, _same_person)
        _link(session, user, trace, trace.purchaser, "associated_with")
    session.flush()


def finding_values(trace: TraceRequest, values: dict[str, Any], provided=lambda name: True) -> None:
    """Copy the answer's plain findings (maker, purchase date and place, urgency) onto the trace."""
    for name in ("manufacturer", "importer", "purchased_on", "purchase_city", "purchase_state"):
        if values.get(name) not in (None, ""):
            setattr(trace, name, values[name])
    if "urgent" in values and provided("urgent"):
        trace.urgent = bool(values["urgent"])


def _today_where(user: User, now: datetime) -> date:
    try:
        return now.astimezone(ZoneInfo(user.timezone or "UTC")).date()
    except (ZoneInfoNotFoundError, ValueError):
        return now.date()


def _moment(user: User, day: date | None, given: datetime | None, field: str, errors: dict) -> datetime | None:
    """The UTC moment of a trace's step: the one given (on the step's day, not in the future), else now when
    the step is dated today where the user is, else unknown (a step recorded afterwards with its day only)."""
    now = utcnow()
    if given is None:
        return now if day is not None and day == _today_where(user, now) else None
    if day is None:
        errors[field] = _l("Give the date of this step too.")
    elif given.date() != day:
        errors[field] = _l("The moment must fall on the day given (%(date)s).", date=short_date(day))
    if given > now:
        errors[field] = _l("This moment is in the future.")
    return given.astimezone(timezone.utc)


def moments(user: User, trace: TraceRequest, values: dict[str, Any], requested: bool) -> None:
    """Set when the request was sent (``requested``: it is being recorded now) and when it was answered.

    "Answered within 24 hours" is counted on these moments, not on the dates.
    """
    errors: dict[str, Any] = {}
    if requested:
        trace.requested_at = _moment(user, trace.sent_on, values.get("requested_at"), "requested_at", errors)
    if trace.answered_on is not None or values.get("answered_at") is not None:
        trace.answered_at = _moment(user, trace.answered_on, values.get("answered_at"), "answered_at", errors)
    if (trace.requested_at and trace.answered_at and trace.answered_at < trace.requested_at
            and "answered_at" not in errors):
        errors["answered_at"] = _l("A trace cannot be answered before it was requested.")
    if errors:
        raise OutcomeFieldsError(errors)


# The tracing agency's side: the requests of every agency's cases, seen through the gun alone.

GUN_FIELDS = ("make", "model", "caliber", "serial_number")
QUEUE_STATUSES = ("open", "answered")


def trace_queue_query(status: str = "open"):
    """The trace requests waiting for the tracing agency (``open``) or answered, urgent first, oldest first."""
    waiting = TraceRequest.answered_on.is_(None) if status == "open" else TraceRequest.answered_on.is_not(None)
    order = (TraceRequest.urgent.desc(), TraceRequest.sent_on, TraceRequest.id) if status == "open" \
        else (TraceRequest.answered_on.desc(), TraceRequest.id.desc())
    return select(TraceRequest).where(waiting).order_by(*order)


def open_traces_count(session: Session) -> int:
    """How many trace requests wait for an answer (the tracing agency's navigation shows it)."""
    return session.scalar(select(func.count(TraceRequest.id)).where(TraceRequest.answered_on.is_(None))) or 0


def tracer_view(trace: TraceRequest) -> dict[str, Any]:
    """What the tracing agency sees of a request in another agency's case: the gun, the request, its answer.

    Need to know: the requesting agency, the gun's make, model, calibre and
    serial, when it was asked (and recovered, in which country) and the
    answer the tracing agency gave — never the case, its other records, the
    request's note or the records the answer created or linked there.
    """
    gun = trace.firearm.data if trace.firearm is not None else {}
    return {
        "id": trace.id, "requesting_agency": trace.case.agency.code, "urgent": trace.urgent,
        "sent_on": trace.sent_on, "requested_at": trace.requested_at,
        **{name: gun.get(name) for name in GUN_FIELDS},
        "recovered_on": trace.recovered_on,
        "recovery_country": trace.seizure.country if trace.seizure is not None else None,
        "answered_on": trace.answered_on, "answered_at": trace.answered_at, "result": trace.result,
        "manufacturer": trace.manufacturer, "importer": trace.importer, "purchased_on": trace.purchased_on,
        "purchase_city": trace.purchase_city, "purchase_state": trace.purchase_state,
        "days_taken": trace.days_taken, "answered_within_24h": trace.answered_within_24h,
        "time_to_crime_days": trace.time_to_crime_days,
    }


REQUESTERS_FIELDS = ("urgent", "note")


def as_tracer(provided=lambda name: True):
    """The fields a tracing agency's answer may set: all but the urgency and the note, the requester's own."""
    return lambda name: name not in REQUESTERS_FIELDS and provided(name)
