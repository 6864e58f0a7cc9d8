"""Reading the link graph out of the database: plain tuples, streamed in batches.

The whole-graph report reads every live link once through a server-side
cursor (``yield_per``), never ORM objects: a million links arrive as a
stream of small tuples, and each record's case comes with its link, so the
records table itself is never scanned.
"""
from __future__ import annotations

from typing import Iterable, Iterator

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..accounts.models import Agency
from ..cases.models import Case
from ..conflicts.models import SubjectLink
from ..deconfliction.graph import LinkRow

BATCH = 20_000
CHUNK = 500  # ids per IN (...) list

_LINK_COLUMNS = (SubjectLink.low_id, SubjectLink.high_id, SubjectLink.low_case_id, SubjectLink.high_case_id,
                 SubjectLink.kind)


def link_rows(session: Session) -> Iterator[LinkRow]:
    """Every link that is not rejected, as (low record, high record, low case, high case, kind)."""
    statement = select(*_LINK_COLUMNS).where(SubjectLink.state != "rejected")
    yield from _stream(session, statement)


def hidden_records(session: Session, agency_id: int) -> set[int]:
    """Other agencies' sensitive records (few): a supervisor's report draws no link of theirs."""
    from ..subjects.models import SubjectRecord

    return set(session.scalars(select(SubjectRecord.id).where(
        SubjectRecord.sensitive_approved_by_id.is_not(None), SubjectRecord.agency_id != agency_id)))


def case_agencies(session: Session, case_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Case id -> agency id, for the given cases or (streamed) for all of them."""
    if case_ids is None:
        return dict(_stream(session, select(Case.id, Case.agency_id)))
    found: dict[int, int] = {}
    for chunk in chunks(case_ids):
        found.update(session.execute(select(Case.id, Case.agency_id).where(Case.id.in_(chunk))).all())
    return found


def component_rows(session: Session, case_id: int) -> list[LinkRow]:
    """The links of the one network a case belongs to, read outwards from it hop by hop.

    Its cost follows the size of that network, not of the whole graph.
    """
    seen, frontier, rows = {case_id}, [case_id], {}
    while frontier:
        reached = []
        for chunk in chunks(frontier):
            statement = select(SubjectLink.id, *_LINK_COLUMNS).where(
                or_(SubjectLink.low_case_id.in_(chunk), SubjectLink.high_case_id.in_(chunk)),
                SubjectLink.state != "rejected")
            for link_id, *row in session.execute(statement):
                rows[link_id] = tuple(row)
                for case in (row[2], row[3]):
                    if case not in seen:
                        seen.add(case)
                        reached.append(case)
        frontier = reached
    return list(rows.values())


def case_numbers(session: Session, case_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """Case id -> (agency code, case number), for the cases a report names."""
    found: dict[int, tuple[str, str]] = {}
    for chunk in chunks(case_ids):
        rows = session.execute(select(Case.id, Agency.code, Case.number).join(Agency, Agency.id == Case.agency_id)
                               .where(Case.id.in_(chunk)))
        found.update((case_id, (code, number)) for case_id, code, number in rows)
    return found


def agency_codes(session: Session) -> dict[int, str]:
    """Agency id -> code."""
    return dict(session.execute(select(Agency.id, Agency.code)).all())


def _stream(session: Session, statement) -> Iterator:
    """Rows through a server-side cursor, in the session's transaction.

    On the session's Core connection, not ``session.execute``, and row by
    row, not by ``partitions()``: each of those doubles the time of the read.
    """
    yield from session.connection().execute(statement.execution_options(yield_per=BATCH))


def chunks(ids: Iterable[int], size: int = CHUNK) -> Iterator[list[int]]:
    """Ids in lists short enough for one IN (...)."""
    batch: list[int] = []
    for item in ids:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
