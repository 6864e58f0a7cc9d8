"""Recording seizures of firearms and ammunition, and the trace requests for the firearms."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..cases.models import Case
from ..subjects.models import SubjectRecord
from .codes import FIREARM_COUNT_FIELDS
from .models import Seizure, TraceRequest
from .services import OutcomeConflict, OutcomeError


def record_seizure(session: Session, user: User, case: Case, values: dict[str, Any]) -> Seizure:
    """Record a seizure in a case of the user's agency, with its firearms counted by type."""
    firearms = {code: int(values.get(name) or 0) for name, code in FIREARM_COUNT_FIELDS.items()
                if values.get(name)}
    seizure = Seizure(case=case, seized_on=values["seized_on"], place=values["place"], country=values["country"],
                      port_of_entry=values.get("port_of_entry") or None, direction=values["direction"],
                      firearms=firearms, firearm_count=sum(firearms.values()), rounds=values.get("rounds") or 0,
                      note=values.get("note") or None, created_by=user)
    session.add(seizure)
    session.flush()
    return seizure


def seizures_of_case(session: Session, case: Case) -> list[Seizure]:
    """A case's seizures, oldest first."""
    return list(session.scalars(select(Seizure).where(Seizure.case_id == case.id)
                                .order_by(Seizure.seized_on, Seizure.id)))


def firearms_of_case(session: Session, case: Case) -> list[SubjectRecord]:
    """The case's firearm records: what a trace request can be about."""
    return list(session.scalars(select(SubjectRecord).where(SubjectRecord.case_id == case.id,
                                                            SubjectRecord.kind == "firearm")
                                .order_by(SubjectRecord.label)))


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
                                         date=seizure.seized_on.isoformat()))
    trace = TraceRequest(case=case, firearm=firearm, seizure=seizure, sent_on=values["sent_on"],
                         answered_on=values.get("answered_on"), result=values.get("result") or None,
                         note=values.get("note") or None, created_by=user)
    session.add(trace)
    session.flush()
    return trace


def answer_trace(session: Session, user: User, trace: TraceRequest, values: dict[str, Any]) -> TraceRequest:
    """Record the answer to a trace request; an answer is recorded once."""
    if trace.answered_on is not None:
        raise OutcomeConflict("answered_on", _l("This trace request is already answered."))
    if values["answered_on"] < trace.sent_on:
        raise OutcomeError("answered_on", _l("A trace cannot be answered before it was sent (%(date)s).",
                                             date=trace.sent_on.isoformat()))
    trace.answered_on, trace.result = values["answered_on"], values["result"]
    if values.get("note"):
        trace.note = values["note"]
    session.flush()
    return trace


def traces_of_case(session: Session, case: Case) -> list[TraceRequest]:
    """A case's trace requests, oldest first."""
    return list(session.scalars(select(TraceRequest).where(TraceRequest.case_id == case.id)
                                .order_by(TraceRequest.sent_on, TraceRequest.id)))
