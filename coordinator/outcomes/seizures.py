"""The guns of a seizure: each one a firearm record of the seizing case, keyed and deconflicted like any other.

A seized serial must meet every other agency's record of the same gun at
once (a rifle seized in Culiacán, bought by a straw purchaser in Phoenix), so
each gun listed goes through the subject registration (``add_subject``) or,
for a seizure of hundreds, through the subject import; nothing here keys or
judges records itself.
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Iterable

from flask_babel import lazy_gettext as _l
from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..cases.models import Case
from ..codes import FIREARM_TYPES
from ..conflicts.detect import country_of
from ..conflicts.models import AlertSide
from ..forms import MAX_ID
from ..imports.parse import RowError, json_row
from ..imports.services import ImportReport, import_subjects, refused_rows
from ..subjects.models import SubjectRecord
from ..subjects.services import add_subject
from ..subjects.validation import ValidRecord, validate_subject
from .codes import FIREARM_COUNT_FIELDS
from .models import Seizure, SeizureRecord
from .services import OutcomeFieldsError

# A larger seizure is imported (CSV or JSON Lines): a JSON body stays small.
MAX_ITEMS = 200
ITEM_FIELDS = ("make", "model", "caliber", "firearm_type", "serial_number", "importer", "country_of_manufacture")
SEIZED_ROLE = "other"
MAX_CALIBERS = 30
MAX_ROUNDS = 1_000_000


def item_field(index: int, name: str) -> str:
    """The name of one gun's field in errors (as the page form names it)."""
    return f"items-{index}-{name}"


def check_items(items: object, region: str) -> list[ValidRecord]:
    """Each gun listed checked with the firearm record's own rules; every bad field at once, or the records."""
    if items is None:
        return []
    if not isinstance(items, list):
        raise OutcomeFieldsError({"items": _l("Must be a list.")})
    if len(items) > MAX_ITEMS:
        raise OutcomeFieldsError({"items": _l("At most %(n)d guns in one request; import a larger seizure.",
                                              n=MAX_ITEMS)})
    errors: dict[str, Any] = {}
    records = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            errors[f"items-{index}"] = _l("Each gun is an object of firearm fields.")
            continue
        for name in set(item) - set(ITEM_FIELDS):
            errors[item_field(index, name)] = _l("Unknown field.")
        values = {name: value for name, value in item.items() if name in ITEM_FIELDS and value not in (None, "")}
        record, problems = validate_subject({"kind": "firearm", "role": SEIZED_ROLE, **values}, region)
        errors.update({item_field(index, name): message for name, message in problems.items()})
        if record is not None:
            records.append(record)
    if errors:
        raise OutcomeFieldsError(errors)
    return records


def check_ammunition(value: object) -> dict[str, int]:
    """Rounds by calibre ({"7.62x39": 1200}): calibres as text, counts as whole numbers."""
    if value in (None, {}):
        return {}
    if not isinstance(value, dict) or len(value) > MAX_CALIBERS:
        raise OutcomeFieldsError({"ammunition": _l("Give rounds by calibre, at most %(n)d calibres.",
                                                   n=MAX_CALIBERS)})
    out: dict[str, int] = {}
    for calibre, rounds in value.items():
        calibre = calibre.strip() if isinstance(calibre, str) else ""
        if not calibre or len(calibre) > 40 or not calibre.isprintable():
            raise OutcomeFieldsError({"ammunition": _l("A calibre is a text of up to 40 characters.")})
        if isinstance(rounds, bool) or not isinstance(rounds, int) or not 0 <= rounds <= MAX_ROUNDS:
            raise OutcomeFieldsError({"ammunition": _l("The rounds of %(calibre)s must be a whole number "
                                                       "from 0 to %(n)d.", calibre=calibre, n=MAX_ROUNDS)})
        out[calibre] = out.get(calibre, 0) + rounds
    return out


def linked_records(session: Session, case: Case, ids: object, kind: str, field: str) -> list[SubjectRecord]:
    """The case's records of one kind named by id (the persons or vehicles found with the guns)."""
    if ids in (None, []):
        return []
    if not isinstance(ids, list) or len(ids) > MAX_ITEMS or not all(
            isinstance(i, int) and not isinstance(i, bool) and 0 < i <= MAX_ID for i in ids):
        raise OutcomeFieldsError({field: _l("Give a list of ids of records of this case.")})
    found = {r.id: r for r in session.scalars(select(SubjectRecord).where(
        SubjectRecord.id.in_(set(ids)), SubjectRecord.case_id == case.id, SubjectRecord.kind == kind))}
    if len(found) != len(set(ids)):
        raise OutcomeFieldsError({field: _l("Choose a record of this case.")})
    return [found[i] for i in dict.fromkeys(ids)]


def firearm_counts(given: dict[str, int], listed: Iterable[str | None]) -> dict[str, int]:
    """Counts by type: the ones given, none below the guns listed of that type (a gun without type is "other")."""
    per_type = Counter(kind if kind in FIREARM_TYPES else "other" for kind in listed)
    errors = {name: _l("At least %(n)d guns of this type are listed.", n=per_type[code])
              for name, code in FIREARM_COUNT_FIELDS.items() if given.get(code) and given[code] < per_type[code]}
    if errors:
        raise OutcomeFieldsError(errors)
    counts = {code: max(given.get(code, 0), per_type[code]) for code in FIREARM_TYPES}
    return {code: n for code, n in counts.items() if n}


def seized_predicate(seizure: Seizure) -> str:
    """The criminal predicate of a seized gun's record: the seizure itself."""
    return f"Seized on {seizure.seized_on.isoformat()} at {seizure.place} (seizure {seizure.id})."


def add_items(session: Session, user: User, seizure: Seizure, records: list[ValidRecord]) -> list[SubjectRecord]:
    """Register each gun as a firearm record of the seizing case (checked at once) and tie it to the seizure."""
    added = []
    for record in records:
        subject = add_subject(session, user, seizure.case, "firearm", record.role, record.data, record.notes,
                              predicate=record.predicate or seized_predicate(seizure))
        session.add(SeizureRecord(seizure=seizure, subject=subject, role="firearm"))
        added.append(subject)
    session.flush()
    return added


def tie_records(session: Session, seizure: Seizure, records: list[SubjectRecord], role: str) -> None:
    """Tie the persons or vehicles the guns were found with to the seizure."""
    for record in records:
        session.add(SeizureRecord(seizure=seizure, subject=record, role=role))


def _firearm_rows(seizure: Seizure, rows: Iterable[tuple[int, dict | str | RowError]]):
    """The import's rows as firearm records of the seizure: kind, role and predicate filled in, other kinds refused."""
    for line, given in rows:
        row = json_row(given) if isinstance(given, str) else given
        if isinstance(row, dict):
            if row.pop("kind", "firearm") != "firearm":
                row = RowError(str(_l("A seizure's import lists firearms only.")))
            else:
                row = {"kind": "firearm", "role": SEIZED_ROLE, "predicate": seized_predicate(seizure), **row}
        yield line, row


def import_items(session: Session, user: User, seizure: Seizure,
                 rows: Iterable[tuple[int, dict | str | RowError]], whole: bool = False) -> ImportReport:
    """Import a seizure's guns (CSV or JSON Lines rows of firearm fields) through the subject import.

    Good rows become firearm records of the seizing case, keyed and
    deconflicted as any import's; bad rows are reported by line. The
    seizure's counts by type then include the guns imported. With ``whole``
    (the page) a file with any bad row imports nothing: the report holds
    its errors and the seizure stays as it was.
    """
    firearms = _firearm_rows(seizure, rows)
    if whole:
        firearms = list(firearms)
        refused = refused_rows(session, seizure.case, firearms)
        if refused.failed:
            return refused
    written: list[int] = []
    report = import_subjects(session, user, seizure.case, firearms, on_written=written.extend)
    for subject_id in written:
        session.add(SeizureRecord(seizure_id=seizure.id, subject_id=subject_id, role="firearm"))
    session.flush()
    session.expire(seizure, ["records"])
    recount(seizure)
    session.flush()
    return report


def recount(seizure: Seizure) -> None:
    """The seizure's counts by type again, with every gun listed in it."""
    listed = [record.data.get("firearm_type") for record in seizure.records_of("firearm")]
    per_type = Counter(kind if kind in FIREARM_TYPES else "other" for kind in listed)
    counts = {code: max(seizure.firearms.get(code, 0), per_type[code]) for code in FIREARM_TYPES}
    seizure.firearms = {code: n for code, n in counts.items() if n}
    seizure.firearm_count = sum(seizure.firearms.values())


def records_of_kind(session: Session, case: Case, kind: str) -> list[SubjectRecord]:
    """The case's records of one kind (the persons and vehicles a seizure may name), the most recently added first."""
    return list(session.scalars(select(SubjectRecord).where(SubjectRecord.case_id == case.id,
                                                            SubjectRecord.kind == kind)
                                .order_by(SubjectRecord.id.desc())))


def guns_in_conflict(session: Session, seizure: Seizure) -> int:
    """How many of the seizure's guns have an alert on the seizing agency's side."""
    ids = [record.id for record in seizure.records_of("firearm")]
    if not ids:
        return 0
    return session.scalar(select(func.count(distinct(AlertSide.record_id))).where(
        AlertSide.record_type == "subject", AlertSide.record_id.in_(ids),
        AlertSide.agency_id == seizure.case.agency_id)) or 0


def region_of(session: Session, case: Case) -> str:
    """The seizing agency's country: the default region of what its records say."""
    return country_of(session, case.agency_id)
