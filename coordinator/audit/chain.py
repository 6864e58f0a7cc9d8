"""The hash chain: how an entry is hashed, how entries are appended, how the chain is verified.

Appending must never fork the chain, even with many app processes writing
to one database. The append runs just before the transaction's commit:

- on PostgreSQL it takes a transaction-scoped advisory lock
  (``pg_advisory_xact_lock``), reads the head, inserts the entries and
  moves the head; the lock is released by the commit that follows, so it
  is held only for that short append and commit;
- on SQLite it first updates the head row, which takes the database's single
  write lock (waiting for any other writer), then reads the head.

Either way the next appender reads the head only after this one committed.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable

from sqlalchemy import insert, select, text, update
from sqlalchemy.orm import Session

from .models import AuditChainHead, AuditEvent

GENESIS = "0" * 64
# The advisory lock's key: PostgreSQL's two-integer key space, apart from the
# one-bigint space the deconfliction index locks its keys in.
LOCK_CLASS, LOCK_ID = 0x0A0D17, 1

_events = AuditEvent.__table__
_head = AuditChainHead.__table__

# The hashed fields, in order. Changing this list breaks every existing chain.
HASHED = ("id", "at", "user_id", "user_email", "agency_code", "action", "object_type", "object_id",
          "outcome", "ip", "details")


def timestamp(value: datetime) -> str:
    """A moment as hashed: UTC, microseconds, always the same spelling."""
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(prev_hash: str, row: dict[str, Any]) -> str:
    """SHA-256 over the previous entry's hash and this entry's content (canonical JSON)."""
    content = [timestamp(row[name]) if name == "at" else row[name] for name in HASHED]
    payload = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


def _lock(session: Session) -> None:
    """Serialise appenders until this transaction ends."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:c, :i)"), {"c": LOCK_CLASS, "i": LOCK_ID})
    else:
        # A write (even one that changes nothing) takes SQLite's write lock now, before the read.
        session.execute(update(_head).where(_head.c.id == 1).values(seq=_head.c.seq))


def _read_head(session: Session) -> tuple[int, str]:
    row = session.execute(select(_head.c.seq, _head.c.hash).where(_head.c.id == 1)).first()
    if row is not None:
        return row.seq, row.hash
    # No head row (a new database, or tables emptied between tests): start from the last entry.
    last = session.execute(select(_events.c.id, _events.c.hash).order_by(_events.c.id.desc()).limit(1)).first()
    seq, digest = (last.id, last.hash) if last is not None else (0, GENESIS)
    session.execute(insert(_head).values(id=1, seq=seq, hash=digest))
    return seq, digest


def append(session: Session, rows: Iterable[dict[str, Any]]) -> int:
    """Chain and insert the rows (dicts of the hashed fields but the id); the caller commits next."""
    rows = list(rows)
    if not rows:
        return 0
    _lock(session)
    seq, prev = _read_head(session)
    out = []
    for row in rows:
        seq += 1
        chained = {**row, "id": seq, "prev_hash": prev}
        chained["hash"] = prev = entry_hash(chained["prev_hash"], chained)
        out.append(chained)
    session.execute(insert(_events), out)
    session.execute(update(_head).where(_head.c.id == 1).values(seq=seq, hash=prev))
    return len(out)


@dataclass(frozen=True)
class Verdict:
    """What verifying the chain found: intact, or the first broken entry and why."""

    ok: bool
    checked: int
    head_seq: int
    head_hash: str
    broken_seq: int | None = None
    problem: str | None = None


def _problem(row, expected: int, prev: str) -> str | None:
    """Why an entry does not fit the chain at this place, if it does not."""
    if row["id"] != expected:
        return f"entries {expected}..{row['id'] - 1} before it are missing"
    if row["prev_hash"] != prev:
        return "it does not follow the entry before it (previous hash differs)"
    if entry_hash(prev, dict(row)) != row["hash"]:
        return "its content was changed after it was written (hash differs)"
    return None


def verify(session: Session, batch: int = 5_000) -> Verdict:
    """Recompute every entry's hash in order; stop at the first entry that does not fit."""
    prev, expected, checked = GENESIS, 1, 0
    statement = select(*(_events.c[name] for name in (*HASHED, "prev_hash", "hash"))).order_by(_events.c.id)
    result = session.execute(statement.execution_options(yield_per=batch)).mappings()
    try:
        for row in result:
            problem = _problem(row, expected, prev)
            if problem:
                return Verdict(False, checked, expected - 1, prev, row["id"], problem)
            prev, expected, checked = row["hash"], expected + 1, checked + 1
    finally:
        result.close()
    head = session.execute(select(_head.c.seq, _head.c.hash).where(_head.c.id == 1)).first()
    if head is not None and (head.seq, head.hash) != (expected - 1, prev):
        return Verdict(False, checked, expected - 1, prev, expected,
                       f"the chain's head says {head.seq} entries; entries after {expected - 1} are missing")
    return Verdict(True, checked, expected - 1, prev)
