"""Recording seizures of firearms and ammunition, and the trace requests for the firearms."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..accounts.services import agency_by_code
from ..cases.models import Case
from ..formats import short_date
from ..subjects.models import SubjectRecord
from .codes import FIREARM_COUNT_FIELDS
from .models import Seizure, TraceRequest
from .seizures import (
    add_items, check_ammunition, check_items, firearm_counts, linked_records, region_of,
    tie_records,
)
from .services import OutcomeConflict, OutcomeError, OutcomeFieldsError, check_answer
from .traces import check_findings, check_purchase_date, finding_values, moments, record_findings


def record_seizure(session: Session, user: User, case: Case, values: dict[str, Any]) -> Seizure:
    """Record a seizure in a case of the user's agency: its firearms counted by type, each gun listed
    registered as a firearm record of the case (and deconflicted), the persons and vehicles found with them.

    Everything is checked before anything is written: a refused seizure leaves no record behind.
    """
    items = check_items(values.get("items"), region_of(session, case))
    ammunition = check_ammunition(values.get("ammunition"))
    persons = linked_records(session, case, values.get("person_ids"), "person", "person_ids")
    vehicles = linked_records(session, case, values.get("vehicle_ids"), "vehicle", "vehicle_ids")
    given = {code: int(values.get(name) or 0) for name, code in FIREARM_COUNT_FIELDS.items() if values.get(name)}
    firearms = firearm_counts(given, [record.data.get("firearm_type") for record in items])
    rounds = values.get("rounds") or 0
    if ammunition:
        if rounds and rounds != sum(ammunition.values()):
            raise OutcomeFieldsError({"rounds": _l("The rounds must be the sum of the ammunition by calibre "
                                                   "(%(n)d), or left out.", n=sum(ammunition.values()))})
        rounds = sum(ammunition.values())
    if not firearms and not rounds:
        raise OutcomeFieldsError({"rounds": _l("Give the number of firearms or of rounds seized.")})
    custody = agency_by_code(session, values["custody_agency"]) if values.get("custody_agency") else None
    if values.get("custody_agency") and custody is None:
        raise OutcomeFieldsError({"custody_agency": _l("Not a valid choice.")})
    seizure = Seizure(case=case, seized_on=values["seized_on"], place=values["place"], country=values["country"],
                      port_of_entry=values.get("port_of_entry") or None, direction=values["direction"],
                      firearms=firearms, firearm_count=sum(firearms.values()), rounds=rounds,
                      ammunition=ammunition, state=values.get("state") or None,
                      municipality=values.get("municipality") or None, latitude=values.get("latitude"),
                      longitude=values.get("longitude"), transit_country=values.get("transit_country") or None,
                      custody_agency=custody, custody_location=values.get("custody_location") or None,
                      note=values.get("note") or None, created_by=user)
    session.add(seizure)
    session.flush()
    tie_records(session, seizure, persons, "person")
    tie_records(session, seizure, vehicles, "vehicle")
    add_items(session, user, seizure, items)
    return seizure


def seizures_of_case(session: Session, case: Case) -> list[Seizure]:
    """A case's seizures, oldest first."""
    return list(session.scalars(select(Seizure).where(Seizure.case_id == case.id)
                                .order_by(Seizure.seized_on, Seizure.id)))


def firearms_of_case(session: Session, case: Case) -> list[SubjectRecord]:
    """The case's firearm records, what a trace request can be about: the most recently added first."""
    return list(session.scalars(select(SubjectRecord).where(SubjectRecord.case_id == case.id,
                                                            SubjectRecord.kind == "firearm")
                                .order_by(SubjectRecord.id.desc())))


def _own_record(session: Session, model, record_id, case: Case, field: str, kind: str | None = None):
    if record_id in (None, ""):
        return None
    record = session.get(model, int(record_id))
    if record is None or record.case_id != case.id or (kind and record.kind != kind):
        raise OutcomeError(field, _l("Choose a record of this case."))
    return record


def request_trace(session: Session, user: User, case: Case, values: dict[str, Any]) -> TraceRequest:
    """Record a trace request (and its answer, when it is already known)."""
    firearm = _own_record(session, SubjectRecord, values.get("firearm_id"), case, "firearm_id", "firearm")
    seizure = _own_record(session, Seizure, values.get("seizure_id"), case, "seizure_id")
    if seizure is not None and values["sent_on"] < seizure.seized_on:
        raise OutcomeError("sent_on", _l("A trace cannot be requested before the firearm was seized (%(date)s).",
                                         date=short_date(seizure.seized_on)))
    dealer, purchaser = check_findings(session, case, values, answered=values.get("answered_on") is not None)
    trace = TraceRequest(case=case, firearm=firearm, seizure=seizure, sent_on=values["sent_on"],
                         answered_on=values.get("answered_on"), result=values.get("result") or None,
                         note=values.get("note") or None, created_by=user)
    finding_values(trace, values)
    check_purchase_date(trace)
    moments(user, trace, values, requested=True)
    session.add(trace)
    session.flush()
    record_findings(session, user, trace, dealer, purchaser)
    return trace


def answer_trace(session: Session, user: User, trace: TraceRequest, values: dict[str, Any],
                 provided=lambda name: True) -> TraceRequest:
    """Record the answer to a trace request, with the dealer and purchaser it found; an answer is recorded once.

    ``provided`` says which optional fields the caller gave (an API PATCH
    that leaves ``urgent`` out keeps the trace's urgency).
    """
    check_answer(trace.answered_on is not None,
                 OutcomeConflict("answered_on", _l("This trace request is already answered.")),
                 "answered_on", values["answered_on"], trace.sent_on,
                 _l("A trace cannot be answered before it was sent (%(date)s).", date=short_date(trace.sent_on)))
    dealer, purchaser = check_findings(session, trace.case, values, answered=True)
    trace.answered_on, trace.result = values["answered_on"], values["result"]
    finding_values(trace, values, provided)
    check_purchase_date(trace)
    moments(user, trace, values, requested=False)
    if values.get("note") and provided("note"):
        trace.note = values["note"]
    session.flush()
    record_findings(session, user, trace, dealer, purchaser)
    return trace


def traces_of_case(session: Session, case: Case) -> list[TraceRequest]:
    """A case's trace requests, oldest first."""
    return list(session.scalars(select(TraceRequest).where(TraceRequest.case_id == case.id)
                                .order_by(TraceRequest.sent_on, TraceRequest.id)))
