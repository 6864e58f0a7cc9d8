"""A registration reads each row it needs once: nothing the request already read or wrote is asked for again."""
from __future__ import annotations

from collections import Counter

from sqlalchemy import event

from coordinator.conflicts.models import AlertSide, ConflictAlert
from coordinator.extensions import db

from .factories import Api


class Statements:
    """The statements (with their parameters) the database is sent while active."""

    def __init__(self):
        self.sent: Counter = Counter()

    def __call__(self, _conn, _cursor, statement, parameters, *_rest):
        self.sent[(" ".join(statement.split()), repr(parameters))] += 1

    def __enter__(self):
        event.listen(db.engine, "before_cursor_execute", self)
        return self

    def __exit__(self, *_exc):
        event.remove(db.engine, "before_cursor_execute", self)

    def repeated_reads(self) -> list[str]:
        return [sql[:120] for (sql, _params), n in self.sent.items() if n > 1 and sql.startswith("SELECT")]

    def reads_of(self, table: str) -> int:
        return sum(n for (sql, _params), n in self.sent.items() if sql.startswith("SELECT") and f"FROM {table}" in sql)


def test_a_registration_that_raises_an_alert_reads_no_row_twice_and_not_its_own_receipt(client, make):
    ice = make.user("ICE")
    ice_case = make.case(ice)
    make.subject(ice, ice_case, "phone", number="+16025550111")
    atf = make.user("ATF")
    case = make.case(atf)
    api = Api(client, make.token(atf))
    api.get(f"/api/v1/cases/{case.id}")  # the token's once-a-minute bookkeeping is not the registration's
    with Statements() as statements:
        response = api.post(f"/api/v1/cases/{case.id}/subjects",
                            {"kind": "phone", "role": "associate", "number": "602-555-0111"})
    assert response.status_code == 201
    answer = response.get_json()
    assert len(answer["conflicts"]) == 1 and answer["receipt"].startswith("DX-")
    assert answer["conflicts"][0]["other"]["poc"]["email"] == ice.email
    assert statements.repeated_reads() == []
    assert statements.reads_of("deconfliction_checks") == 0  # the receipt it has just issued is at hand


class Loaded:
    """How many objects the session builds from rows read while active (the rows a request handles in Python)."""

    def __init__(self):
        self.count = 0

    def __call__(self, *_args):
        self.count += 1

    def __enter__(self):
        event.listen(db.Model, "load", self, propagate=True)
        return self

    def __exit__(self, *_exc):
        event.remove(db.Model, "load", self)


def _overlap_in_a_case_of(client, make, area: str, overlaps: int, third_agency: bool) -> tuple[int, int]:
    """Statements sent and objects loaded by an ATF registration that overlaps ICE's case once more.

    ATF's and ICE's cases already share ``overlaps`` phones (a large
    investigation's, as the load benchmark builds); with ``third_agency`` the
    phone is in a CBP case too, which the registration joins to ATF's case
    for the first time (the graph of cases widens: its network is looked at).
    """
    atf, ice, cbp = make.user("ATF"), make.user("ICE"), make.user("CBP")
    atf_case, ice_case, cbp_case = make.case(atf), make.case(ice), make.case(cbp)
    for n in range(overlaps):
        make.subject(ice, ice_case, "phone", number=f"+1{area}555{n:04d}")
        make.subject(atf, atf_case, "phone", number=f"+1{area}555{n:04d}")
    make.subject(ice, ice_case, "phone", number=f"+1{area}5559876")
    if third_agency:
        make.subject(cbp, cbp_case, "phone", number=f"+1{area}5559876")
    api = Api(client, make.token(atf))
    api.get(f"/api/v1/cases/{atf_case.id}")  # the token's once-a-minute bookkeeping is not the registration's
    with Statements() as statements, Loaded() as loaded:
        response = api.post(f"/api/v1/cases/{atf_case.id}/subjects",
                            {"kind": "phone", "role": "associate", "number": f"{area}-555-9876"})
    assert response.status_code == 201
    assert len(response.get_json()["conflicts"]) == (2 if third_agency else 1)
    return sum(statements.sent.values()), loaded.count


def test_a_registration_costs_the_same_in_a_case_of_one_overlap_and_of_many(client, make):
    # Each overlap was a link between the two cases that the look at the case's network read back, one row
    # each, after every registration that matched: a large investigation slowed down as it grew.
    assert _overlap_in_a_case_of(client, make, "520", 40, False) == _overlap_in_a_case_of(client, make, "602", 1, False)
    assert _overlap_in_a_case_of(client, make, "480", 40, True) == _overlap_in_a_case_of(client, make, "623", 1, True)


def _joining_a_hub(client, make, area: str, spokes: int) -> tuple[int, int]:
    """Reads, and statements in all, of an ATF registration joining its case to an ICE case linked to ``spokes`` others.

    Each spoke is another agency's case sharing a phone with ICE's hub case
    (a large investigation's overlaps, as the load benchmark builds them); the
    registration joins ATF's case to the hub for the first time, so ATF's case
    and every spoke are now two links apart: one network alert each.
    """
    ice = make.user("ICE")
    hub = make.case(ice)
    for n, code in enumerate(("CBP", "DEA", "FBI", "FGR", "GN", "SEDENA")[:spokes]):
        other = make.user(code)
        make.subject(other, make.case(other), "phone", number=f"+1{area}555{n:04d}")
        make.subject(ice, hub, "phone", number=f"+1{area}555{n:04d}")
    make.subject(ice, hub, "phone", number=f"+1{area}5559876")
    atf = make.user("ATF")
    case = make.case(atf)
    make.user("ATF", "supervisor")
    api = Api(client, make.token(atf))
    api.get(f"/api/v1/cases/{case.id}")  # the token's once-a-minute bookkeeping is not the registration's
    with Statements() as statements:
        response = api.post(f"/api/v1/cases/{case.id}/subjects",
                            {"kind": "phone", "role": "associate", "number": f"{area}-555-9876"})
    assert response.status_code == 201
    network = db.session.scalars(db.select(ConflictAlert).where(ConflictAlert.kind == "network",
                                                               ConflictAlert.sides.any(AlertSide.case_id == case.id)))
    assert len(network.all()) == spokes
    reads = sum(n for (sql, _params), n in statements.sent.items() if sql.startswith("SELECT"))
    return reads, sum(statements.sent.values())


def test_a_registration_that_joins_a_large_network_costs_the_same_as_one_that_joins_a_small_one(client, make):
    # Each network alert a new link raised between two other cases was its own round of statements (its pair
    # looked up, written, its sides' people, cases and records read one by one): a registration that joined
    # a case to a hub of many cases sent hundreds of statements, and waited for each.
    large, small = _joining_a_hub(client, make, "520", 6), _joining_a_hub(client, make, "602", 2)
    assert large[0] == small[0]  # nothing is looked up per alert
    if db.engine.dialect.name == "postgresql":  # each table's new rows in one statement (SQLite: one a row, in process)
        assert large[1] == small[1]
