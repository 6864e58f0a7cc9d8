"""How records look in the API."""
from __future__ import annotations

from ..cases.models import Case
from ..operations.models import Operation
from ..subjects.models import Association, SubjectRecord


def iso(value) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value is not None else None


def case_json(case: Case) -> dict:
    return {
        "id": case.id,
        "agency": case.agency.code,
        "number": case.number,
        "title": case.title,
        "case_type": case.case_type,
        "status": case.status,
        "opened_on": iso(case.opened_on),
        "closed_on": iso(case.closed_on),
        "initiated_by": case.initiated_by,
        "referring_agency": case.referring_agency.code if case.referring_agency else None,
        "mexico_nexus": case.mexico_nexus,
        "lead_agent_id": case.lead_agent_id,
        "lead_agent": case.lead_agent.name if case.lead_agent else None,
        "participating_agencies": [a.code for a in case.participating_agencies],
        "summary": case.summary,
        "created_at": iso(case.created_at),
        "updated_at": iso(case.updated_at),
    }


def subject_json(record: SubjectRecord) -> dict:
    return {
        "id": record.id,
        "case_id": record.case_id,
        "kind": record.kind,
        "role": record.role,
        "label": record.label,
        **record.data,
        "notes": record.notes,
        "predicate": record.predicate,
        "predicate_missing": record.predicate_missing,
        "validated_at": iso(record.validated_at),
        "created_at": iso(record.created_at),
        "updated_at": iso(record.updated_at),
        # "requested" (awaiting a supervisor), "approved" (its hits are told to its agency alone) or null.
        "sensitive": "approved" if record.sensitive else "requested" if record.sensitive_pending else None,
    }


def association_json(link: Association) -> dict:
    return {
        "id": link.id,
        "case_id": link.case_id,
        "from_subject_id": link.from_subject_id,
        "to_subject_id": link.to_subject_id,
        "kind": link.kind,
        "note": link.note,
    }


def operation_json(operation: Operation) -> dict:
    return {
        "id": operation.id,
        "case_id": operation.case_id,
        "agency": operation.case.agency.code,
        "kind": operation.kind,
        "title": operation.title,
        "status": operation.status,
        "starts_at": iso(operation.starts_at),
        "ends_at": iso(operation.ends_at),
        "timezone": operation.timezone,
        "latitude": operation.latitude,
        "longitude": operation.longitude,
        "radius_m": operation.radius_m,
        "venue": operation.venue,
        "address": operation.address,
        "cross_border": operation.cross_border,
        "target_subject_ids": [t.subject_id for t in operation.targets],
        "poc_name": operation.poc_name,
        "poc_phone": operation.poc_phone,
        "poc_email": operation.poc_email,
        "notes": operation.notes,
        "created_at": iso(operation.created_at),
        "updated_at": iso(operation.updated_at),
    }
