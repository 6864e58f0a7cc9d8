"""Receipt numbers that cannot collide; key locks bounded however many keys, and held only for the check."""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import event, text

from coordinator.conflicts.index import LOCK_SLOTS, lock_keys, lock_slot
from coordinator.conflicts.receipts import receipt_number, scramble
from coordinator.extensions import db

from .factories import Api, login

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


def _writes_under_the_key_locks(statements: list[str]) -> list[str]:
    """The tables written after the key locks were taken (while they are held, until the commit)."""
    taken = next(n for n, statement in enumerate(statements) if "pg_advisory_xact_lock" in statement)
    return [statement.split()[2] for statement in statements[taken:] if statement.startswith("INSERT INTO")]


@pytest.mark.parametrize("kind", ["subject", "operation", "import"])
def test_a_registration_writes_what_does_not_depend_on_its_check_before_it_takes_the_key_locks(client, make, kind):
    """Another registration sharing a key waits for these locks until this one commits: the record's own
    index rows (its keys or cells, its search terms) are written before they are taken, not while they
    are held."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the key locks are PostgreSQL's (SQLite serialises writers by itself)")
    agent = make.user("ATF")
    case = make.case(agent)
    api = Api(client, make.token(agent))
    api.get("/api/v1/cases")  # the token's once-a-minute bookkeeping is not the registration's
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args):
        statements.append(statement)

    if kind == "subject":
        path, body = f"/api/v1/cases/{case.id}/subjects", {"kind": "phone", "role": "suspect", "number": "+16025550142"}
    elif kind == "import":
        path, body = f"/api/v1/cases/{case.id}/subjects/import", "\n".join(
            json.dumps({"kind": "phone", "role": "suspect", "number": f"+1602555{n:04d}"}) for n in range(200, 230))
    else:
        start = (datetime.now(timezone.utc) + timedelta(days=3)).replace(microsecond=0)
        path, body = "/api/v1/operations", {
            "case_id": case.id, "kind": "surveillance", "title": "Look", "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=4)).isoformat(), "latitude": 33.4665, "longitude": -112.0952,
            "radius_m": 300, "venue": "Fairgrounds", "address": "1826 W McDowell Rd, Phoenix, AZ",
            "cross_border": False, "target_subject_ids": []}
    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        if kind == "import":
            answer = api.client.post(path, data=body.encode(),
                                     headers={**api.headers, "Content-Type": "application/x-ndjson"})
            assert answer.status_code == 200 and answer.get_json()["imported"] == 30, answer.get_json()
        else:
            assert api.post(path, json=body).status_code == 201
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    held = _writes_under_the_key_locks(statements)
    assert not {"subject_keys", "operation_cells", "search_entries"} & set(held), held
    assert "deconfliction_checks" in held  # the receipt names what the check found: it is written under them
    if kind == "import":
        assert "subject_records" not in held


# --- the alert list --------------------------------------------------------------------------

class QueryCounter:
    """Counts the statements the database is sent while active."""

    def __init__(self):
        self.count = 0

    def __call__(self, *_args, **_kwargs):
        self.count += 1

    def __enter__(self):
        event.listen(db.engine, "before_cursor_execute", self)
        return self

    def __exit__(self, *_exc):
        event.remove(db.engine, "before_cursor_execute", self)


def _plant_alerts(make, atf, ice, first: int, n: int) -> None:
    mine, theirs = make.case(atf), make.case(ice)
    for i in range(first, first + n):
        make.subject(ice, theirs, number=f"+1520555{i:04d}")
        make.subject(atf, mine, number=f"+1520555{i:04d}")


def test_the_alert_list_loads_what_it_shows_in_a_constant_number_of_queries(client, make):
    atf, ice = make.user("ATF"), make.user("ICE")
    api = Api(client, make.token(atf))
    login(client, atf)
    counts = []
    for first, n in ((0, 2), (2, 10)):
        _plant_alerts(make, atf, ice, first, n)
        db.session.commit()
        api.get("/api/v1/conflicts")  # the token's once-a-minute bookkeeping is not the list's
        client.get("/review/alerts")  # nor is the browser session's once-a-minute "last seen"
        with QueryCounter() as api_queries:
            listed = api.get("/api/v1/conflicts?per_page=50").get_json()["items"]
        with QueryCounter() as page_queries:
            page = client.get("/review/alerts")
        assert page.status_code == 200
        assert all(item["other"]["poc"]["name"] for item in listed)
        counts.append((len(listed), api_queries.count, page_queries.count))
    (few, api_few, page_few), (many, api_many, page_many) = counts
    assert (few, many) == (2, 12)
    assert api_many == api_few and page_many == page_few, counts


class StatementLog(QueryCounter):
    """Keeps the statements sent while active."""

    def __init__(self):
        super().__init__()
        self.statements: list[str] = []

    def __call__(self, _conn, _cursor, statement, *_args, **_kwargs):
        super().__call__()
        self.statements.append(" ".join(statement.split()))


def test_the_api_alert_list_reads_each_alert_once_and_no_record_it_does_not_show(client, make):
    """The alerts come with their sides in the list's own query; the caller's records are named by the page only."""
    atf, ice = make.user("ATF"), make.user("ICE")
    api = Api(client, make.token(atf))
    _plant_alerts(make, atf, ice, 0, 5)
    db.session.commit()
    api.get("/api/v1/conflicts")  # the token's once-a-minute bookkeeping is not the list's
    with StatementLog() as log:
        listed = api.get("/api/v1/conflicts?per_page=50").get_json()["items"]
    assert len(listed) == 5
    reads = [s for s in log.statements if s.startswith("SELECT")]
    assert sum(" FROM conflict_alerts" in s or "JOIN conflict_alerts" in s for s in reads) == 1, reads
    assert not any("FROM subject_records" in s for s in reads), reads


def test_the_api_alert_list_gives_the_reasons_in_the_callers_language(client, make):
    atf, ice = make.user("ATF", locale="es"), make.user("ICE")
    _plant_alerts(make, atf, ice, 0, 2)
    db.session.commit()
    mine = Api(client, make.token(atf)).get("/api/v1/conflicts?per_page=50").get_json()["items"]
    theirs = Api(client, make.token(ice)).get("/api/v1/conflicts?per_page=50").get_json()["items"]
    assert [item["reasons"] for item in mine] == [["mismo número telefónico en formato internacional"]] * 2
    assert [item["reasons"] for item in theirs] == [["same phone number in international form"]] * 2
