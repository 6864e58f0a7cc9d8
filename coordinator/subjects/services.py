"""Adding and changing subject records and linking records of one case."""
from __future__ import annotations

from dataclasses import dataclass

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..cases.models import Case
from ..conflicts.detect import check_subject
from ..search.services import index_subject
from .labels import subject_label
from .models import Association, SubjectRecord

# association kind: (kinds it may start from, kinds it may point to); None = any
ASSOCIATION_RULES: dict[str, tuple[set[str] | None, set[str] | None]] = {
    "used_by": ({"phone", "email", "vehicle", "address"}, {"person", "business"}),
    "registered_to": ({"vehicle", "phone", "email", "business"}, {"person", "business"}),
    "bought_at": ({"firearm"}, {"dealer", "gun_show"}),
    "attended": ({"person", "dealer", "business"}, {"gun_show"}),
    "located_at": ({"person", "business", "dealer"}, {"address"}),
    "associated_with": (None, None),
}


class SubjectError(ValueError):
    """A subject or association change refused for a reason tied to one field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def add_subject(session: Session, user: User, case: Case, kind: str, role: str, data: dict[str, Any],
                notes: str | None = None, predicate: str | None = None) -> SubjectRecord:
    """Record a subject in a case of the user's agency, with the criminal predicate it rests on."""
    record = SubjectRecord(
        case=case, agency_id=case.agency_id, kind=kind, role=role, data=data,
        label=subject_label(kind, data), notes=notes or None, created_by=user,
        predicate=(predicate or "").strip() or None,
    )
    session.add(record)
    session.flush()
    index_subject(session, record, new=True)  # before the check's key locks, which the commit releases
    check_subject(session, record, user.id, new=True)
    return record


def update_subject(session: Session, record: SubjectRecord, role: str, data: dict[str, Any],
                   notes: str | None = None, user: User | None = None, predicate: str | None = None) -> SubjectRecord:
    """Change a subject record's fields (its kind stays) and check it again.

    A predicate given replaces the stored one; none given keeps it (a change
    never silently drops the record's justification).
    """
    if (predicate or "").strip():
        record.predicate = predicate.strip()
    before = dict(record.data or {})
    record.role = role
    record.data = data
    record.notes = notes or None
    record.label = subject_label(record.kind, data)
    session.flush()
    index_subject(session, record)  # before the check's key locks, which the commit releases
    check_subject(session, record, user.id if user else None, before=before)
    return record


def subjects_of_case(session: Session, case: Case) -> list[SubjectRecord]:
    """The case's subject records, by kind then label."""
    return list(session.scalars(
        select(SubjectRecord).where(SubjectRecord.case_id == case.id)
        .order_by(SubjectRecord.kind, SubjectRecord.label)
    ))


@dataclass
class CasePoint:
    """A record of a case that places something on the map: its point, and what to fill in with it."""

    record: SubjectRecord
    latitude: float
    longitude: float
    venue: str
    address: str


def case_points(session: Session, case: Case) -> list[CasePoint]:
    """The case's records with a point (addresses, gun shows, dealers), for the operation's map.

    A dealer without a point of its own takes the point of an address of
    the case it is located at (a ``located_at`` link), with that address.
    """
    records = subjects_of_case(session, case)
    by_id = {record.id: record for record in records}
    located: dict[int, SubjectRecord] = {}
    for link in associations_of_case(session, case):
        if link.kind == "located_at" and link.to_subject_id in by_id:
            located.setdefault(link.from_subject_id, by_id[link.to_subject_id])
    points = []
    for record in records:
        data = record.data or {}
        venue = data.get("venue") or (data.get("name") if record.kind in ("gun_show", "dealer") else "") or ""
        own = _point(data)
        if own is not None:
            points.append(CasePoint(record, *own, venue, record.label if record.kind == "address" else ""))
        elif record.kind == "dealer" and record.id in located and _point(located[record.id].data) is not None:
            address = located[record.id]
            points.append(CasePoint(record, *_point(address.data), venue, address.label))
    return points


def _point(data: dict | None) -> tuple[float, float] | None:
    if not data or data.get("latitude") is None or data.get("longitude") is None:
        return None
    return float(data["latitude"]), float(data["longitude"])


def associations_of_case(session: Session, case: Case) -> list[Association]:
    """The links between the case's records."""
    return list(session.scalars(select(Association).where(Association.case_id == case.id)
                                .order_by(Association.id)))


def associate(session: Session, user: User, case: Case, from_id: int, to_id: int, kind: str,
              note: str | None = None) -> Association:
    """Link two records of the same case, if the kind of link suits their kinds."""
    if from_id == to_id:
        raise SubjectError("to_subject_id", str(_l("A record cannot be linked to itself.")))
    first, second = session.get(SubjectRecord, from_id), session.get(SubjectRecord, to_id)
    for name, record in (("from_subject_id", first), ("to_subject_id", second)):
        if record is None or record.case_id != case.id:
            raise SubjectError(name, str(_l("Choose a record of this case.")))
    allowed_from, allowed_to = ASSOCIATION_RULES[kind]
    if allowed_from is not None and first.kind not in allowed_from:
        raise SubjectError("from_subject_id", str(_l("This kind of link cannot start from this record.")))
    if allowed_to is not None and second.kind not in allowed_to:
        raise SubjectError("to_subject_id", str(_l("This kind of link cannot point to this record.")))
    existing = session.scalar(select(Association).where(
        Association.kind == kind,
        or_((Association.from_subject_id == from_id) & (Association.to_subject_id == to_id),
            (Association.from_subject_id == to_id) & (Association.to_subject_id == from_id)),
    ))
    if existing is not None:
        raise SubjectError("to_subject_id", str(_l("These records are already linked this way.")))
    link = Association(case_id=case.id, from_subject=first, to_subject=second, kind=kind,
                       note=note or None, created_by_id=user.id)
    session.add(link)
    session.flush()
    return link
