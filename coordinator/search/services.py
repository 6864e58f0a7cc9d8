"""The search index, written with the records, and the search over it.

A case, subject record or operation writes its terms (``terms.py``) to
``search_entries`` in the transaction that writes it, replacing the old
ones. A search reads only the postings of its terms, for the caller's
agency and the cases shared with it (``access.visible_rows_clauses``),
so its cost follows the postings, never the size of the tables.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from sqlalchemy import Connection, Select, case as when, delete, func, insert, literal, or_, select, union_all
from sqlalchemy.orm import Session

from ..access import visible_rows_clauses
from ..accounts.models import User
from ..cases.models import Case
from ..conflicts.detect import country_of
from ..conflicts.rekey import read_persons_again
from ..operations.models import Operation
from ..subjects.models import SubjectRecord
from .models import Lookup, SearchEntry
from .terms import Query, case_terms, operation_terms, query_terms, subject_terms

RECORD_TYPES = ("case", "subject", "operation")
# One query's rows: a word shared by this many of the agency's records is still read, then cut.
MAX_POSTINGS = 20_000


def _replace(session: Session, record_type: str, record_id: int, agency_id: int, case_id: int,
             terms: Mapping[str, int], new: bool, subject_id: int | None = None) -> None:
    if not new:
        session.execute(delete(SearchEntry).where(SearchEntry.record_type == record_type,
                                                  SearchEntry.record_id == record_id))
    if terms:
        session.execute(insert(SearchEntry), _entries(record_type, record_id, agency_id, case_id, terms, subject_id))


def _entries(record_type: str, record_id: int, agency_id: int, case_id: int, terms: Mapping[str, int],
             subject_id: int | None) -> list[dict]:
    return [{"term": term, "weight": weight, "record_type": record_type, "record_id": record_id,
             "agency_id": agency_id, "case_id": case_id, "subject_id": subject_id}
            for term, weight in sorted(terms.items())]


def index_case(session: Session, case: Case, new: bool = False) -> None:
    """Write (or rewrite) the terms a case is found by."""
    session.flush()
    _replace(session, "case", case.id, case.agency_id, case.id, case_terms(case.number, case.title), new)


def index_subject(session: Session, record: SubjectRecord, new: bool = False) -> None:
    """Write (or rewrite) the terms a subject record is found by."""
    session.flush()
    terms = subject_terms(record.kind, record.data or {}, country_of(session, record.agency_id))
    _replace(session, "subject", record.id, record.agency_id, record.case_id, terms, new, subject_id=record.id)


def index_operation(session: Session, operation: Operation, new: bool = False) -> None:
    """Write (or rewrite) the terms an operation is found by."""
    session.flush()
    _replace(session, "operation", operation.id, operation.agency_id, operation.case_id,
             operation_terms(operation.title, operation.venue, operation.address), new)


def subject_entry_rows(ids: Iterable[int], kinds_and_data: Iterable[tuple[str, dict]], agency_id: int,
                       case_id: int, region: str) -> list[tuple]:
    """An import batch's entries, as rows (term, weight, record_type, record_id, agency_id, case_id, subject_id)."""
    rows = []
    for record_id, (kind, data) in zip(ids, kinds_and_data):
        for term, weight in sorted(subject_terms(kind, data, region).items()):
            rows.append((term, weight, "subject", record_id, agency_id, case_id, record_id))
    return rows


ENTRY_COLUMNS = ("term", "weight", "record_type", "record_id", "agency_id", "case_id", "subject_id")


def read_persons_again_everywhere(bind: Connection) -> None:
    """What a migration runs when names are read otherwise: every person record's keys and term counts
    (``conflicts.rekey.read_persons_again``) and its search terms (``reindex_persons``), as today's code reads
    them."""
    read_persons_again(bind)
    session = Session(bind=bind)
    reindex_persons(session)
    session.close()


def reindex_persons(session: Session, batch: int = 2_000) -> int:
    """Write again the terms of every person record found by the search (a purged one is not, and stays so), as
    today's code reads names; how many. What a migration runs when names are read otherwise."""
    found = select(SearchEntry.id).where(SearchEntry.record_type == "subject",
                                         SearchEntry.record_id == SubjectRecord.id).exists()
    last, done = 0, 0
    while True:
        records = list(session.scalars(select(SubjectRecord).where(SubjectRecord.kind == "person",
                                                                   SubjectRecord.id > last, found)
                                       .order_by(SubjectRecord.id).limit(batch)))
        if not records:
            return done
        last = records[-1].id
        session.execute(delete(SearchEntry).where(SearchEntry.record_type == "subject",
                                                  SearchEntry.record_id.in_([r.id for r in records])))
        rows = [entry for record in records for entry in _entries(
            "subject", record.id, record.agency_id, record.case_id,
            subject_terms(record.kind, record.data or {}, country_of(session, record.agency_id)), record.id)]
        if rows:
            session.execute(insert(SearchEntry), rows)
        done += len(records)


# --- the search -------------------------------------------------------------------

@dataclass
class Hit:
    """One record found: what it is, its case, how it is shown, how well it matched."""

    type: str
    id: int
    case_id: int
    label: str
    score: int
    kind: str | None = None


def parse(session: Session, user: User, text: str) -> Query:
    """The search text as terms, phones read in the user's agency's country first."""
    return query_terms(text[:200], country_of(session, user.agency_id))


def _postings(session: Session, user: User, terms: list[str], group: int):
    """The visible postings of one group of terms, best weight per record."""
    branches = [
        select(SearchEntry.record_type, SearchEntry.record_id, SearchEntry.case_id, SearchEntry.weight,
               literal(group).label("grp"))
        .where(SearchEntry.term.in_(terms), clause).limit(MAX_POSTINGS)
        for clause in visible_rows_clauses(user, SearchEntry.agency_id, SearchEntry.case_id)
    ]
    return [branch.subquery().select() for branch in branches]


def matches(session: Session, user: User, query: Query) -> Select | None:
    """A select of (record_type, record_id, case_id, score): records with the identifier, or every word.

    None when there is nothing to look for (or the user works no cases).
    """
    groups = ([list(query.identifiers)] if query.identifiers else []) + [list(g) for g in query.words]
    offset = 0 if query.identifiers else 1  # group 0 is the identifiers
    parts = [p for i, terms in enumerate(groups) for p in _postings(session, user, terms, i + offset)]
    if not parts:
        return None
    rows = union_all(*parts).subquery()
    best = (select(rows.c.record_type, rows.c.record_id, rows.c.case_id, rows.c.grp,
                   func.max(rows.c.weight).label("weight"))
            .group_by(rows.c.record_type, rows.c.record_id, rows.c.case_id, rows.c.grp).subquery())
    words = len(query.words)
    is_identifier = when((best.c.grp == 0, 1), else_=0)
    found_words = func.count(best.c.grp) - func.sum(is_identifier)
    has_identifier = func.max(is_identifier)
    condition = or_(has_identifier == 1, found_words == words) if words else has_identifier == 1
    return (select(best.c.record_type, best.c.record_id, best.c.case_id, func.sum(best.c.weight).label("score"))
            .group_by(best.c.record_type, best.c.record_id, best.c.case_id).having(condition))


def matching_case_ids(session: Session, user: User, text: str):
    """The cases (as a subquery of ids) of the records a search text finds, the cases themselves included."""
    found = matches(session, user, parse(session, user, text))
    return None if found is None else select(found.subquery().c.case_id)


def search(session: Session, user: User, text: str, page: int = 1, per_page: int = 20) -> tuple[list[Hit], bool]:
    """One page of the records the user may read that a text finds: best first, then the most recent."""
    found = matches(session, user, parse(session, user, text))
    if found is None:
        return [], False
    ranked = found.subquery()
    type_order = when({"subject": 0, "operation": 1, "case": 2}, value=ranked.c.record_type, else_=3)
    rows = session.execute(select(ranked).order_by(ranked.c.score.desc(), type_order, ranked.c.record_id.desc())
                           .limit(per_page + 1).offset((max(page, 1) - 1) * per_page)).all()
    hits = _labelled(session, rows[:per_page])
    return hits, len(rows) > per_page


def _labelled(session: Session, rows) -> list[Hit]:
    """Each found row with its label, read in one query per type."""
    ids: dict[str, list[int]] = {t: [r.record_id for r in rows if r.record_type == t] for t in RECORD_TYPES}
    labels: dict[tuple[str, int], tuple[str, str | None]] = {}
    if ids["case"]:
        for case in session.scalars(select(Case).where(Case.id.in_(ids["case"]))):
            labels["case", case.id] = (f"{case.number} — {case.title}", None)
    if ids["subject"]:
        for row in session.execute(select(SubjectRecord.id, SubjectRecord.label, SubjectRecord.kind)
                                   .where(SubjectRecord.id.in_(ids["subject"]))):
            labels["subject", row.id] = (row.label, row.kind)
    if ids["operation"]:
        for row in session.execute(select(Operation.id, Operation.title, Operation.kind)
                                   .where(Operation.id.in_(ids["operation"]))):
            labels["operation", row.id] = (row.title, row.kind)
    return [Hit(r.record_type, r.record_id, r.case_id, labels[r.record_type, r.record_id][0], int(r.score),
                labels[r.record_type, r.record_id][1])
            for r in rows if (r.record_type, r.record_id) in labels]


def log_lookup(session: Session, user: User, kind: str, terms: str, hits: int, case_id: int | None = None,
               reason: str | None = None, subject_kind: str | None = None,
               hit_agencies: Iterable[str] = ()) -> Lookup:
    """Keep what was looked for, for the agency's own supervisors."""
    row = Lookup(kind=kind, user_id=user.id, agency_id=user.agency_id, case_id=case_id, terms=terms[:1000],
                 reason=reason, hits=hits, subject_kind=subject_kind, hit_agencies=sorted(set(hit_agencies)))
    session.add(row)
    session.flush()
    return row


def lookups_query(user: User, kind: str | None = None) -> Select:
    """The searches and inquiries of the user's agency, newest first (for its supervisors)."""
    query = select(Lookup).where(Lookup.agency_id == user.agency_id)
    if kind:
        query = query.where(Lookup.kind == kind)
    return query.order_by(Lookup.at.desc(), Lookup.id.desc())
