"""Verifying the log: every sealed entry against its batch, every batch against the chain and the checkpoint."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .chain import GENESIS, HASHED, batch_hash, batch_root, leaf_hash
from .checkpoint import Checkpoint
from .models import AuditBatch, AuditChainHead, AuditEvent

_events = AuditEvent.__table__
_batches = AuditBatch.__table__
_head = AuditChainHead.__table__


@dataclass(frozen=True)
class Verdict:
    """What verifying the log found: intact, or the first broken entry (or batch) and why."""

    ok: bool
    checked: int
    head_seq: int
    head_hash: str
    broken_seq: int | None = None
    problem: str | None = None
    unsealed: int = 0
    checkpoint_size: int | None = None


def _batch_problem(session: Session, key: bytes, batch, prev: str, expected_seq: int) -> tuple[int, str] | None:
    """Why a batch (or one of its entries) does not fit the log at this place, if it does not."""
    if batch.first_seq != expected_seq or batch.last_seq < batch.first_seq:
        return expected_seq, f"batch {batch.id} starts at entry {batch.first_seq}, not {expected_seq}"
    if batch.prev_hash != prev:
        return batch.first_seq, f"batch {batch.id} does not follow the batch before it (previous hash differs)"
    columns = [_events.c[name] for name in (*HASHED, "seq", "hash")]
    rows = session.execute(select(*columns).where(_events.c.seq.between(batch.first_seq, batch.last_seq))
                           .order_by(_events.c.seq)).mappings().all()
    leaves = []
    for position, row in enumerate(rows, start=batch.first_seq):
        if row["seq"] != position:
            return position, f"entries {position}..{row['seq'] - 1} are missing (audit_events.seq)"
        leaf = leaf_hash(key, dict(row))
        if leaf != row["hash"]:
            return position, (f"entry {position} (audit_events.id = {row['id']}) was changed after it was "
                              "sealed (its keyed hash differs)")
        leaves.append(leaf)
    if len(leaves) != batch.last_seq - batch.first_seq + 1:
        return batch.first_seq + len(leaves), f"entries {batch.first_seq + len(leaves)}..{batch.last_seq} are missing"
    if batch_root(leaves) != batch.root:
        return batch.first_seq, f"batch {batch.id}'s tree root differs from its entries"
    if batch_hash(key, prev, batch.root, batch.first_seq, batch.last_seq, batch.sealed_at) != batch.hash:
        return batch.first_seq, f"batch {batch.id} was rewritten (its keyed hash differs)"
    return None


def verify(session: Session, key: bytes, checkpoint: Checkpoint | None = None) -> Verdict:
    """Recompute every entry's and batch's keyed hash in order; stop at the first that does not fit.

    Then the head row, entries sealed outside any batch, and the last
    exported checkpoint: the log must reach it with the same hash there.
    """
    prev, expected_seq, expected_batch, hashes = GENESIS, 1, 1, {0: GENESIS}
    batches = session.execute(select(_batches).order_by(_batches.c.id)).all()
    for batch in batches:
        if batch.id != expected_batch:
            return Verdict(False, expected_seq - 1, expected_seq - 1, prev, expected_seq,
                           f"batches {expected_batch}..{batch.id - 1} are missing")
        problem = _batch_problem(session, key, batch, prev, expected_seq)
        if problem:
            return Verdict(False, problem[0] - 1, expected_seq - 1, prev, *problem)
        prev, expected_seq, expected_batch = batch.hash, batch.last_seq + 1, expected_batch + 1
        hashes[batch.last_seq] = batch.hash
    size = expected_seq - 1
    head = session.execute(select(_head.c.seq, _head.c.hash).where(_head.c.id == 1)).first()
    if head is not None and head.seq != 0 and (head.seq, head.hash) != (size, prev):
        return Verdict(False, size, size, prev, size + 1,
                       f"the log's head says {head.seq} entries; entries after {size} are missing")
    beyond = session.scalar(select(func.min(_events.c.seq)).where(_events.c.seq > size))
    if beyond is not None:
        return Verdict(False, size, size, prev, beyond, f"entry {beyond} is marked sealed but is in no batch")
    waiting = session.scalar(select(func.count()).where(_events.c.seq.is_(None)))
    if checkpoint is not None:
        if checkpoint.size > size:
            return Verdict(False, size, size, prev, size + 1,
                           f"the exported checkpoint holds {checkpoint.size} entries; the log only {size}",
                           waiting, checkpoint.size)
        if hashes.get(checkpoint.size) != checkpoint.hash:
            return Verdict(False, size, size, prev, checkpoint.size,
                           "the log no longer matches the exported checkpoint at entry "
                           f"{checkpoint.size}: it was rewritten", waiting, checkpoint.size)
    return Verdict(True, size, size, prev, unsealed=waiting,
                   checkpoint_size=checkpoint.size if checkpoint else None)
