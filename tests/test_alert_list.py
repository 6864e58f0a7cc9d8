"""The agency's alert list in the API: its order and paging, and a page read from an index, not a sort of them all."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import event, text

from coordinator.conflicts.alerts import Side, raise_alert
from coordinator.conflicts.models import ConflictAlert
from coordinator.deconfliction.conflicts import SEVERITY_RANK
from coordinator.extensions import db

from .factories import Api

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


def _network(n: int, first, second, severity: str, raised_at: datetime | None) -> ConflictAlert:
    """An alert between two cases, raised as the engine raises it (``raised_at``: moved to that moment)."""
    alert, _new = raise_alert(
        db.session, pair=f"network:test:{n}", kind="network", level="possible", severity=severity, score=0.5,
        first=Side(first.agency_id, first.id, "case", first.id, "case", ()),
        second=Side(second.agency_id, second.id, "case", second.id, "case", ()), tell=False)
    if raised_at is not None:
        alert.raised_at = raised_at
    db.session.commit()
    return alert


@pytest.fixture()
def listed(client, make):
    """ATF's sides of alerts of every severity, some raised at one moment, one between two of its own cases."""
    atf, ice = make.user("ATF"), make.user("ICE")
    mine = [make.case(atf) for _ in range(3)]
    theirs = [make.case(ice) for _ in range(3)]
    plan = [("low", T0), ("medium", T0 + timedelta(hours=1)), ("high", T0), ("medium", T0),
            ("high", T0), ("critical", T0 - timedelta(days=1)), ("low", None), ("medium", T0)]
    for n, (severity, at) in enumerate(plan):
        _network(n, mine[n % 3], theirs[(n // 3) % 3], severity, at)
    _network(len(plan), mine[0], mine[1], "high", T0)  # ATF's own two cases: listed once from each side
    # A low alert escalated later: it is listed by its severity now.
    _network(0, mine[0], theirs[0], "high", None)
    return Api(client, make.token(atf)), atf


def _expected(agency_id: int, status: str | None = None) -> list[tuple[int, int]]:
    """(alert, own record) in the contract's order: most severe, newest, latest alert first; side by side."""
    rows = [(SEVERITY_RANK[alert.severity], -alert.raised_at.timestamp(), -alert.id, side.id, alert.id, side.record_id)
            for alert in db.session.scalars(db.select(ConflictAlert)) for side in alert.sides
            if side.agency_id == agency_id and not side.withheld and status in (None, side.status)]
    return [(alert_id, record_id) for *_order, alert_id, record_id in sorted(rows)]


def _pages(api, query: str) -> tuple[list[tuple[int, int]], list[str | None]]:
    items, nexts, url = [], [], f"/api/v1/conflicts?per_page=3{query}"
    while url:
        answer = api.get(url).get_json()
        items += [(item["id"], item["this"]["id"]) for item in answer["items"]]
        nexts.append(answer["next"])
        url = answer["next"]
    return items, nexts


def test_the_list_pages_through_the_agencys_alerts_most_severe_and_newest_first(listed):
    api, atf = listed
    db.session.expire_all()
    items, nexts = _pages(api, "")
    assert items == _expected(atf.agency_id) and len(items) == 10
    assert nexts == ["/api/v1/conflicts?page=2&per_page=3", "/api/v1/conflicts?page=3&per_page=3",
                     "/api/v1/conflicts?page=4&per_page=3", None]
    first = api.get("/api/v1/conflicts?per_page=3").get_json()["items"]
    assert [item["severity"] for item in first] == ["critical", "high", "high"]
    # Acknowledged sides leave the open list; the order of the rest stands.
    assert api.post(f"/api/v1/conflicts/{items[0][0]}/acknowledge").status_code == 200
    db.session.expire_all()
    items, nexts = _pages(api, "&status=open")
    assert items == _expected(atf.agency_id, "open") and len(items) == 9
    assert nexts[0] == "/api/v1/conflicts?page=2&per_page=3&status=open"


class Statements:
    """The SELECTs sent to the database while active."""

    def __init__(self):
        self.sent: list[tuple[str, object]] = []

    def __call__(self, _conn, _cursor, statement, parameters, *_rest):
        self.sent.append((statement, parameters))

    def __enter__(self):
        event.listen(db.engine, "before_cursor_execute", self)
        return self

    def __exit__(self, *_exc):
        event.remove(db.engine, "before_cursor_execute", self)


def _list_statement(api, query: str) -> tuple[str, object]:
    with Statements() as statements:
        assert api.get(f"/api/v1/conflicts?per_page=3{query}").status_code == 200
    [found] = [(sql, params) for sql, params in statements.sent if "FROM alert_sides JOIN conflict_alerts" in sql]
    return found


@pytest.mark.parametrize("query", ["&status=open", ""])
def test_a_page_of_the_list_is_read_in_order_from_an_index_not_sorted(listed, query):
    """The list's ORDER BY is an index's columns, under a LIMIT: the page's cost does not grow with the list."""
    api, _atf = listed
    sql, params = _list_statement(api, query)
    flat = " ".join(sql.split())
    assert "ORDER BY alert_sides.severity_rank, alert_sides.raised_at DESC, alert_sides.alert_id DESC, " \
           "alert_sides.id" in flat and " LIMIT " in flat
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        plan = " | ".join(row[-1] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params))
        assert "USING INDEX ix_alert_sides_list" in plan and "TEMP B-TREE" not in plan, plan
    else:
        # The tables are small here: without these, a sequential scan and a sort cost less. With them, the
        # planner still sorts if no index gives the order; with the index, it reads it.
        connection.execute(text("SET LOCAL enable_seqscan = off"))
        connection.execute(text("SET LOCAL enable_sort = off"))
        plan = " | ".join(row[0] for row in connection.exec_driver_sql(f"EXPLAIN {sql}", params))
        assert "ix_alert_sides_list" in plan and "Sort" not in plan, plan
