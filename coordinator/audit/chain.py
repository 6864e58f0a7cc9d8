"""The log: entries appended without a lock, sealed into chained Merkle batches, verified.

Appending is a plain insert in the request's own transaction: the database
numbers the rows (``id``) and nobody waits for anybody, whatever the number
of app processes.

Sealing, as transparency logs (Trillian, Certificate Transparency) do it,
runs apart (``flask audit seal``): under one lock held only by sealers
(PostgreSQL's ``pg_advisory_xact_lock``; on SQLite the write lock, taken by
updating the head first), it reads the committed entries not sealed yet,
gives them the next positions (``seq``), hashes each with a keyed hash
(HMAC-SHA256 with the key kept outside the database), hashes the batch
into a Merkle tree and chains the tree's root to the previous batch:

    batch.hash = HMAC(key, previous batch hash | root | first seq | last seq | sealed at)

An entry committed while a seal runs is simply sealed by the next one: its
place in the log is the order of sealing, not of insertion.

Without the key, nobody who can write the tables can make a changed, added
or removed entry fit; with a copy of the exported checkpoint (``checkpoint``),
not even a holder of the key can rewrite what was sealed before it unseen.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable

from sqlalchemy import bindparam, func, insert, select, text, update
from sqlalchemy.orm import Session

from . import merkle
from .keys import derived
from .models import AuditBatch, AuditChainHead, AuditEvent

GENESIS = "0" * 64
# The sealers' advisory lock: PostgreSQL's two-integer key space, apart from the
# one the deconfliction index locks its keys in.
LOCK_CLASS, LOCK_ID = 0x0A0D17, 1
SEAL_BATCH = 10_000

_events = AuditEvent.__table__
_batches = AuditBatch.__table__
_head = AuditChainHead.__table__

# The hashed fields, in order. Changing this list breaks every existing log.
HASHED = ("id", "at", "user_id", "user_email", "agency_code", "action", "object_type", "object_id",
          "outcome", "ip", "details")


def timestamp(value: datetime) -> str:
    """A moment as hashed: UTC, microseconds, always the same spelling."""
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def leaf_hash(key: bytes, row: dict[str, Any]) -> str:
    """The entry's keyed hash: HMAC-SHA256 over 0x00 and its content as canonical JSON (RFC 6962's leaf)."""
    content = [timestamp(row[name]) if name == "at" else row[name] for name in HASHED]
    payload = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(derived(key, "entry"), b"\x00" + payload.encode("utf-8"), hashlib.sha256).hexdigest()


def batch_hash(key: bytes, prev_hash: str, root: str, first_seq: int, last_seq: int, sealed_at: datetime) -> str:
    """The keyed hash that chains a batch's root to the batch before it."""
    payload = f"{prev_hash}\n{root}\n{first_seq}\n{last_seq}\n{timestamp(sealed_at)}"
    return hmac.new(derived(key, "batch"), payload.encode(), hashlib.sha256).hexdigest()


def batch_root(leaves: list[str]) -> str:
    """The Merkle root of a batch's leaf hashes (hex)."""
    return merkle.root([bytes.fromhex(leaf) for leaf in leaves]).hex()


def append(session: Session, rows: Iterable[dict[str, Any]]) -> int:
    """Insert the rows (dicts of the hashed fields but the id) in the caller's transaction; no lock."""
    rows = list(rows)
    if rows:
        session.execute(insert(_events), rows)
    return len(rows)


def _lock(session: Session) -> None:
    """Serialise sealers (only sealers) until this transaction ends."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:c, :i)"), {"c": LOCK_CLASS, "i": LOCK_ID})
    else:
        # A write (even one that changes nothing) takes SQLite's write lock now, before the read.
        session.execute(update(_head).where(_head.c.id == 1).values(seq=_head.c.seq))


def read_head(session: Session) -> tuple[int, int, str]:
    """The log's size, its number of batches and its head hash."""
    last = session.execute(select(_batches.c.id, _batches.c.last_seq, _batches.c.hash)
                           .order_by(_batches.c.id.desc()).limit(1)).first()
    return (last.last_seq, last.id, last.hash) if last is not None else (0, 0, GENESIS)


def _ensure_head(session: Session, seq: int, digest: str) -> None:
    if session.execute(select(_head.c.id).where(_head.c.id == 1)).first() is None:
        session.execute(insert(_head).values(id=1, seq=seq, hash=digest))


@dataclass(frozen=True)
class Seal:
    """One batch just sealed."""

    batch: int
    first_seq: int
    last_seq: int
    root: str
    hash: str
    sealed_at: datetime


def seal(session: Session, key: bytes, now: datetime, limit: int = SEAL_BATCH) -> Seal | None:
    """Seal up to ``limit`` committed, unsealed entries as the next batch; None when there are none.

    The caller commits. Several sealers may run: the lock makes them take
    turns, and each reads the head after the one before committed.
    """
    _lock(session)
    size, batches, prev = read_head(session)
    _ensure_head(session, size, prev)
    columns = [_events.c[name] for name in HASHED]
    rows = session.execute(select(*columns).where(_events.c.seq.is_(None))
                           .order_by(_events.c.id).limit(limit)).mappings().all()
    if not rows:
        return None
    leaves = [leaf_hash(key, dict(row)) for row in rows]
    first, last = size + 1, size + len(rows)
    root = batch_root(leaves)
    digest = batch_hash(key, prev, root, first, last, now)
    session.execute(
        update(_events).where(_events.c.id == bindparam("event_id")).values(seq=bindparam("s"), hash=bindparam("h")),
        [{"event_id": row["id"], "s": first + i, "h": leaf} for i, (row, leaf) in enumerate(zip(rows, leaves))],
    )
    session.execute(insert(_batches).values(id=batches + 1, first_seq=first, last_seq=last, root=root,
                                            prev_hash=prev, hash=digest, sealed_at=now))
    session.execute(update(_head).where(_head.c.id == 1).values(seq=last, hash=digest))
    return Seal(batches + 1, first, last, root, digest, now)


def unsealed(session: Session) -> tuple[int, datetime | None]:
    """How many committed entries wait for a seal, and when the oldest of them was written."""
    row = session.execute(select(func.count(), func.min(_events.c.at)).where(_events.c.seq.is_(None))).first()
    oldest = row[1]
    if oldest is not None and oldest.tzinfo is None:  # SQLite's aggregate comes back as text-typed naive
        oldest = oldest.replace(tzinfo=timezone.utc)
    return row[0], oldest
