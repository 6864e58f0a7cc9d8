"""The matching index in the database: writing keys, locking them, reading candidates.

Keys are written in the same transaction as the record. On PostgreSQL a
check first takes transaction-scoped advisory locks on its keys, so two
registrations that share a key are serialised: the second one's check runs
after the first has committed and sees it. The locks are striped: a key
locks one of ``LOCK_SLOTS`` slots (its hash modulo), so a transaction holds
at most that many locks however many keys it has — an import of thousands
of rows no longer fills PostgreSQL's shared lock table ("out of shared
memory") and stalls everyone. Two keys that share a slot only wait for each
other briefly; two registrations sharing a key always share its slot.
SQLite serialises writers by itself (the record's insert waits for the
other writer to commit).

The locks are held from the read of the candidates until the commit, and
only then: what a registration writes that its check does not depend on
(its own keys, its search terms) is written before it takes them.
"""
from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Iterable

from sqlalchemy import String, any_, bindparam, delete, func, insert, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from ..deconfliction.events import event_keys, event_query_keys
from ..deconfliction.keys import postings_limit
from ..types import json_text
from .models import OperationCell, SubjectKey

MAX_CANDIDATES = 2_000
# A key that more than this many of other agencies' records share says little
# (a very common name without a date of birth, or with a year only): among
# so many bearers, what that key alone finds cannot reach "possible". It is
# skipped, so a check never pays for a crowd; the other keys still find the
# real candidates (at 1,000,000 records, 200 against 500 lost no true pair
# in the real-frequency benchmark and read a fifth fewer rows at most).
MAX_POSTINGS = 200


def other_agencies(column, agency_id: int) -> tuple:
    """"Another agency than this one" as two ranges, so an index on (key, agency) skips the agency's own.

    With ``agency_id != X`` the databases read every posting of a key,
    the agency's own included, and an agency holding thousands of records
    of a common name would pay for them on each check.
    """
    return column < agency_id, column > agency_id


def among(session: Session, column, values: list[str]):
    """``column IN values`` for thousands of values, bound as one parameter.

    Each value of a plain IN list is a parameter that SQLAlchemy names and
    binds one by one; a JSON array (SQLite's json_each) or an array
    (PostgreSQL's ANY) is one.
    """
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, list(values), type_=ARRAY(String)))
    return column.in_(select(func.json_each(json_text(list(values))).table_valued("value").c.value))


# PostgreSQL's default lock table holds 64 locks per connection (max_locks_per_transaction ×
# max_connections in all): 1,024 slots keep even an import's transaction well inside it.
LOCK_SLOTS = 1024
# The slots' class in PostgreSQL's two-integer key space (the audit sealer uses another class).
LOCK_CLASS = 0x0DC0


def lock_slot(key: str) -> int:
    """The lock slot of a key: a stable hash modulo LOCK_SLOTS."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big") % LOCK_SLOTS


def lock_keys(session: Session, keys: Iterable[str]) -> None:
    """Serialise checks that share a key, until this transaction ends (PostgreSQL only).

    Slots are taken in ascending order, so two transactions never wait for each other in a cycle.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    slots = sorted({lock_slot(k) for k in keys})
    if slots:
        session.execute(
            text("SELECT pg_advisory_xact_lock(:c, s) FROM (SELECT unnest(CAST(:slots AS int[])) AS s ORDER BY s) t"),
            {"c": LOCK_CLASS, "slots": slots},
        )


def replace_subject_keys(session: Session, subject_id: int, agency_id: int, keys: list[str],
                         new: bool = False) -> None:
    """Index a subject record under exactly these keys (a new record has none to remove)."""
    if not new:
        session.execute(delete(SubjectKey).where(SubjectKey.subject_id == subject_id))
    if keys:
        session.execute(insert(SubjectKey), [
            {"key": key, "subject_id": subject_id, "agency_id": agency_id} for key in keys
        ])


def subject_candidates(session: Session, keys: list[str], agency_id: int, exclude_id: int) -> list[int]:
    """Other agencies' records sharing at least one key, most shared keys first.

    Each key is read with a limit of one row past its limit (``MAX_POSTINGS``,
    or less: ``postings_limit``), so an over-full key costs at most that many
    rows and is then left out.
    """
    if not keys:
        return []
    limits = {key: postings_limit(key, MAX_POSTINGS) for key in keys}
    # Written as text: built as an expression, the statement of a person's
    # seventy-odd keys cost the check more than the database took to run it.
    # Another agency as two ranges (``other_agencies``).
    per_key = " UNION ALL ".join(
        f"SELECT * FROM (SELECT key, subject_id FROM subject_keys WHERE key = :k{n} "
        f"AND (agency_id < :agency OR agency_id > :agency) AND subject_id != :exclude LIMIT {limits[key] + 1}) p{n}"
        for n, key in enumerate(limits))
    values = {f"k{n}": key for n, key in enumerate(limits)}
    postings: dict[str, list[int]] = {}
    for key, subject_id in session.execute(text(per_key), {**values, "agency": agency_id, "exclude": exclude_id}):
        postings.setdefault(key, []).append(subject_id)
    counts: dict[int, int] = {}
    for key, ids in postings.items():
        if len(ids) > limits[key]:
            continue
        for subject_id in ids:
            counts[subject_id] = counts.get(subject_id, 0) + 1
    return sorted(counts, key=lambda i: (-counts[i], i))[:MAX_CANDIDATES]


def operation_lock_keys(lat: float, lon: float, radius_m: float) -> list[str]:
    """The coarse cells an operation's area touches: two overlapping operations share one."""
    return ["cell:" + k.split(":", 1)[1] for k in event_keys(lat, lon, radius_m) if k.startswith(("ec:", "eL:"))]


def replace_operation_cells(session: Session, operation_id: int, agency_id: int, lat: float, lon: float,
                            radius_m: float, starts_at: datetime, ends_at: datetime, new: bool = False,
                            names: Iterable[str] = (), days: tuple[datetime, datetime] | None = None) -> None:
    """Index an operation under the cells its area covers, with its time window.

    ``names`` are its venue and address keys (venues.py), indexed with
    ``days``: the window widened to whole local days, so that two operations
    at one venue meet when their days overlap.
    """
    if not new:
        session.execute(delete(OperationCell).where(OperationCell.operation_id == operation_id))
    rows = [{"key": key, "operation_id": operation_id, "agency_id": agency_id, "starts_at": starts_at,
             "ends_at": ends_at} for key in event_keys(lat, lon, radius_m)]
    if days is not None:
        rows += [{"key": key, "operation_id": operation_id, "agency_id": agency_id, "starts_at": days[0],
                  "ends_at": days[1]} for key in names]
    session.execute(insert(OperationCell), rows)


def operation_candidates(session: Session, lat: float, lon: float, radius_m: float, starts_at: datetime,
                         ends_at: datetime, exclude_id: int, names: Iterable[str] = (),
                         days: tuple[datetime, datetime] | None = None) -> list[int]:
    """Operations, of any agency, whose cells and time windows may come within reach of this one's.

    The caller widens the area and the window by its margins, and leaves out
    the operations of its own case (one team plans them). ``names`` are
    venue and address keys, read with the whole local ``days``.
    """
    found = select(OperationCell.operation_id).where(
        OperationCell.key.in_(event_query_keys(lat, lon, radius_m)), OperationCell.ends_at > starts_at,
        OperationCell.starts_at < ends_at, OperationCell.operation_id != exclude_id)
    names = list(names)
    if names and days is not None:
        found = found.union(select(OperationCell.operation_id).where(
            OperationCell.key.in_(names), OperationCell.ends_at > days[0], OperationCell.starts_at < days[1],
            OperationCell.operation_id != exclude_id))
    rows = session.execute(select(found.subquery().c[0]).distinct().limit(MAX_CANDIDATES)).scalars().all()
    return sorted(rows)


def gun_shows_at(session: Session, keys: list[str], agency_id: int) -> list[int]:
    """Other agencies' gun-show records under these venue keys (identifiers.gun_show_venue_keys)."""
    if not keys:
        return []
    # A plain IN list of about a hundred keys: SQLite reads each through the index (bound as one JSON
    # array with the agency as two ranges, its planner chose to scan the table).
    return list(session.scalars(
        select(SubjectKey.subject_id).distinct()
        .where(SubjectKey.key.in_(keys), SubjectKey.agency_id != agency_id)
        .limit(MAX_POSTINGS)))
