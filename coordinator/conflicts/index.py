"""The matching index in the database: writing keys, locking them, reading candidates.

Keys are written in the same transaction as the record. On PostgreSQL a
check first takes a transaction-scoped advisory lock on each of its keys, so
two registrations that share a key are serialised: the second one's check
runs after the first has committed and sees it. SQLite serialises writers by
itself (the record's insert waits for the other writer to commit).
"""
from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Iterable

from sqlalchemy import delete, insert, select, text
from sqlalchemy.orm import Session

from ..deconfliction.events import event_keys, event_query_keys
from .models import OperationCell, SubjectKey

MAX_CANDIDATES = 2_000  # a key shared by more records than this is not a useful key


def _lock_id(key: str) -> int:
    """A signed 64-bit number for a key, as PostgreSQL's advisory locks want."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True)


def lock_keys(session: Session, keys: Iterable[str]) -> None:
    """Serialise checks that share a key, until this transaction ends (PostgreSQL only)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    ids = sorted({_lock_id(k) for k in keys})
    if ids:
        session.execute(
            text("SELECT pg_advisory_xact_lock(k) FROM (SELECT unnest(CAST(:ids AS bigint[])) AS k ORDER BY k) s"),
            {"ids": ids},
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
    """Other agencies' records sharing at least one key, most shared keys first."""
    if not keys:
        return []
    rows = session.execute(
        select(SubjectKey.subject_id)
        .where(SubjectKey.key.in_(keys), SubjectKey.agency_id != agency_id, SubjectKey.subject_id != exclude_id)
        .limit(MAX_CANDIDATES * 4)
    ).scalars().all()
    counts: dict[int, int] = {}
    for subject_id in rows:
        counts[subject_id] = counts.get(subject_id, 0) + 1
    return sorted(counts, key=lambda i: (-counts[i], i))[:MAX_CANDIDATES]


def operation_lock_keys(lat: float, lon: float, radius_m: float) -> list[str]:
    """The coarse cells an operation's area touches: two overlapping operations share one."""
    return ["cell:" + k.split(":", 1)[1] for k in event_keys(lat, lon, radius_m) if k.startswith(("ec:", "eL:"))]


def replace_operation_cells(session: Session, operation_id: int, agency_id: int, lat: float, lon: float,
                            radius_m: float, starts_at: datetime, ends_at: datetime, new: bool = False) -> None:
    """Index an operation under the cells its area covers, with its time window."""
    if not new:
        session.execute(delete(OperationCell).where(OperationCell.operation_id == operation_id))
    session.execute(insert(OperationCell), [
        {"key": key, "operation_id": operation_id, "agency_id": agency_id, "starts_at": starts_at,
         "ends_at": ends_at}
        for key in event_keys(lat, lon, radius_m)
    ])


def operation_candidates(session: Session, lat: float, lon: float, radius_m: float, starts_at: datetime,
                         ends_at: datetime, agency_id: int, exclude_id: int) -> list[int]:
    """Other agencies' operations whose cells and time windows may overlap this one's."""
    keys = event_query_keys(lat, lon, radius_m)
    rows = session.execute(
        select(OperationCell.operation_id).distinct()
        .where(OperationCell.key.in_(keys), OperationCell.ends_at > starts_at,
               OperationCell.starts_at < ends_at, OperationCell.agency_id != agency_id,
               OperationCell.operation_id != exclude_id)
        .limit(MAX_CANDIDATES)
    ).scalars().all()
    return sorted(rows)
