"""Receipt numbers that cannot collide, and key locks bounded however many keys a transaction has."""
from __future__ import annotations

import re

from sqlalchemy import text

from coordinator.conflicts.index import LOCK_SLOTS, lock_keys, lock_slot
from coordinator.conflicts.receipts import receipt_number, scramble
from coordinator.extensions import db

from .factories import Api

RECEIPT = re.compile(r"DX-\d{8}-[A-HJ-NP-Z2-9]{6}")


def test_receipt_numbers_are_distinct_for_every_check_and_keep_their_readable_form():
    numbers = {receipt_number(serial) for serial in range(1, 200_001)}
    assert len(numbers) == 200_000
    assert all(RECEIPT.fullmatch(n) for n in list(numbers)[:1000])
    # Consecutive checks do not read as consecutive numbers.
    assert receipt_number(1)[-6:] != receipt_number(2)[-6:]
    assert abs(scramble(1) - scramble(2)) > 1000


def test_registrations_get_distinct_receipts(client, make):
    agent = make.user("ATF")
    case = make.case(agent)
    api = Api(client, make.token(agent))
    receipts = [api.post(f"/api/v1/cases/{case.id}/subjects",
                         json={"kind": "phone", "role": "suspect", "number": f"+1602555{n:04d}"}).get_json()["receipt"]
                for n in range(20)]
    assert len(set(receipts)) == 20 and all(RECEIPT.fullmatch(r) for r in receipts)


def test_a_transaction_holds_at_most_the_slot_count_of_key_locks(app_ctx):
    """An import's thousands of keys take at most LOCK_SLOTS advisory locks (PostgreSQL's lock table holds)."""
    keys = [f"ph:+1602{n:07d}" for n in range(20_000)]
    assert len({lock_slot(k) for k in keys}) == LOCK_SLOTS
    if db.engine.dialect.name != "postgresql":
        return
    with db.session.begin():
        lock_keys(db.session, keys)
        held = db.session.scalar(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                                      "AND pid = pg_backend_pid()"))
    assert held == LOCK_SLOTS
