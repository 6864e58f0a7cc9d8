"""A registration reads each row it needs once: nothing the request already read or wrote is asked for again."""
from __future__ import annotations

from collections import Counter

from sqlalchemy import event

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
