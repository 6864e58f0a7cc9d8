"""Receipt numbers that cannot collide: DX-date-six characters, derived from the check's own id.

Six random characters a day (2^30 values) collide under a unique
constraint long before a busy day ends (at 100,000 checks a day a collision
is all but certain). The six characters here are the check's id passed
through a fixed permutation of the 2^30 values (a four-round Feistel
network), so two checks never share a number until a billion checks later
— and even then not on the same day — while consecutive checks do not read
as consecutive numbers (which would tell anyone holding two receipts how
much was checked between them).
"""
from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import inspect
from sqlalchemy.orm import Session, scoped_session

from ..types import utcnow
from .models import DeconflictionCheck

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
HALF_BITS = 15
HALF = (1 << HALF_BITS) - 1
ROUNDS = 4


def _round(value: int, round_number: int) -> int:
    digest = hashlib.blake2b(f"receipt:{round_number}:{value}".encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big") & HALF


def scramble(serial: int) -> int:
    """A permutation of 0..2^30-1 (a Feistel network is one whatever its round function)."""
    left, right = (serial >> HALF_BITS) & HALF, serial & HALF
    for round_number in range(ROUNDS):
        left, right = right, left ^ _round(right, round_number)
    return (left << HALF_BITS) | right


def receipt_number(serial: int, now: datetime | None = None) -> str:
    """The receipt number of the check with this id: DX-YYYYMMDD-six characters."""
    value = scramble(serial % (1 << (2 * HALF_BITS)))
    chars = []
    for _ in range(6):
        value, digit = divmod(value, len(RECEIPT_ALPHABET))
        chars.append(RECEIPT_ALPHABET[digit])
    return f"DX-{(now or utcnow()):%Y%m%d}-" + "".join(reversed(chars))


def issue(session: Session, check: DeconflictionCheck) -> DeconflictionCheck:
    """Add the check and number it from its id (one flush to learn the id)."""
    session.add(check)
    session.flush()
    check.number = receipt_number(check.id, check.checked_at or utcnow())
    if isinstance(session, scoped_session):
        session = session()
    transaction, issued = session.info.get(ISSUED, (None, {}))
    if transaction is not session.get_transaction():
        issued = {}
    issued[(check.record_type, check.record_id)] = check
    session.info[ISSUED] = (session.get_transaction(), issued)
    return check


ISSUED = "receipts_issued"


def issued_now(session: Session, record_type: str, record_id: int) -> DeconflictionCheck | None:
    """The record's check issued by the transaction under way, if any: the answer of a registration.

    It is the record's latest check, and already at hand: the registration's
    answer needs no query to find it again.
    """
    if isinstance(session, scoped_session):
        session = session()
    transaction, issued = session.info.get(ISSUED, (None, {}))
    check = issued.get((record_type, record_id))
    if check is None or transaction is not session.get_transaction() or not inspect(check).persistent:
        return None  # another transaction's, or undone with a savepoint
    return check
