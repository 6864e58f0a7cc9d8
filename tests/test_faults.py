"""Faults answered cleanly: hostile input and a database that goes away get a 4xx (or a JSON 503), never a 500.

Each answer carries the security headers and leaves its audit entry.
"""
from __future__ import annotations


import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from coordinator.audit.models import AuditChainHead, AuditEvent
from coordinator.extensions import db

from .factories import Api, login

HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options")


def _actions(email: str) -> list[tuple[str, str, int]]:
    db.session.expire_all()
    rows = db.session.scalars(select(AuditEvent).where(AuditEvent.user_email == email).order_by(AuditEvent.id))
    return [(e.action, e.outcome, (e.details or {}).get("status")) for e in rows]


def _clean(response, status: int) -> None:
    assert response.status_code == status, (response.status_code, response.text[:300])
    assert all(name in response.headers for name in HEADERS), response.headers


@pytest.mark.parametrize("number", [2**31, 2**63, 2**64 + 1, 10**30])
def test_ids_beyond_the_columns_range_in_paths_are_not_found(client, make, number):
    agent = make.user("ATF")
    api = Api(client, make.token(agent))
    response = api.get(f"/api/v1/cases/{number}")
    _clean(response, 404)
    assert response.get_json()["error"]["code"] == "not_found"
    login(client, agent)
    _clean(client.get(f"/cases/{number}"), 404)
    _clean(client.get(f"/subjects/{number}"), 404)
    assert [status for _a, _o, status in _actions(agent.email) if status == 404] == [404, 404, 404]


@pytest.mark.parametrize("number", [2**31, 2**63, 10**30])
def test_ids_beyond_range_in_query_strings_are_refused(client, make, number):
    agent = make.user("ATF")
    response = Api(client, make.token(agent)).get(f"/api/v1/operations?case_id={number}")
    _clean(response, 400)
    assert "case_id" in response.get_json()["error"]["fields"]
    login(client, make.user("ATF", role="supervisor"))
    _clean(client.get(f"/network/report?component_of={number}"), 404)


def test_far_dates_in_audit_searches_are_answered(client, make):
    admin = make.user("ATF", role="admin")
    api = Api(client, make.token(admin))
    for query in ("until=9999-12-31", "since=9999-12-31", "since=0001-01-01&until=9999-12-31"):
        response = api.get(f"/api/v1/audit/events?{query}")
        assert response.status_code in (200, 400), (query, response.text[:300])
        _clean(response, response.status_code)
    login(client, admin)
    _clean(client.get("/audit/?until=9999-12-31"), 200)
    export = client.get("/audit/export.csv?until=9999-12-31")
    _clean(export, 200)
    assert export.text.startswith("id,at,")


def test_an_export_that_breaks_mid_stream_says_so_and_is_recorded(client, make, monkeypatch):
    admin = make.user("ATF", role="admin")
    login(client, admin)
    from coordinator.audit import search

    def failing(events):
        yield "id,at\n"
        raise OperationalError("SELECT", {}, Exception("server closed the connection unexpectedly"))

    real = search.csv_lines
    monkeypatch.setattr("coordinator.audit.views.csv_lines", lambda events: failing(events))
    response = client.get("/audit/export.csv")
    assert response.status_code == 200
    assert "export stopped" in response.text.splitlines()[-1]
    monkeypatch.setattr("coordinator.audit.views.csv_lines", real)
    assert ("audit.export", "error", None) in _actions(admin.email)


def test_deeply_nested_json_is_a_400(client, make):
    agent = make.user("ATF")
    body = "[" * 5000 + "]" * 5000
    response = Api(client, make.token(agent)).post("/api/v1/cases", data=body, content_type="application/json")
    _clean(response, 400)
    assert response.get_json()["error"]["code"] == "invalid_json"
    assert ("request.api.create_case", "invalid", 400) in _actions(agent.email)


def test_a_lone_surrogate_in_a_text_field_is_a_400(client, make):
    agent = make.user("ATF")
    case = make.case(agent)
    api = Api(client, make.token(agent))
    body = '{"kind": "person", "role": "suspect", "last_name": "Soto\\ud800", "first_name": "Ana"}'
    response = api.post(f"/api/v1/cases/{case.id}/subjects", data=body, content_type="application/json")
    _clean(response, 400)
    paired = '{"kind": "person", "role": "suspect", "last_name": "Soto \\ud83d\\ude00", "first_name": "Ana"}'
    assert api.post(f"/api/v1/cases/{case.id}/subjects", data=paired,
                    content_type="application/json").status_code == 201  # a valid pair is text like any other
    assert ("request.api.create_subject", "invalid", 400) in _actions(agent.email)


def _lost_connection(*_args, **_kwargs):
    raise OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"),
                           connection_invalidated=True)


def test_a_request_in_flight_when_the_database_goes_away_gets_a_json_503(client, make, monkeypatch):
    agent = make.user("ATF")
    api = Api(client, make.token(agent))
    monkeypatch.setattr("coordinator.api.conflicts.alerts_for", _lost_connection)
    response = api.get("/api/v1/conflicts")
    _clean(response, 503)
    assert response.get_json()["error"]["code"] == "unavailable"
    assert int(response.headers["Retry-After"]) >= 1
    assert ("alert.list", "error", 503) in _actions(agent.email)


def test_a_page_in_flight_when_the_database_goes_away_gets_a_503_page(client, make, monkeypatch):
    agent = make.user("ATF")
    login(client, agent)
    monkeypatch.setattr("coordinator.review.views.agency_offices", _lost_connection)
    response = client.get("/review/alerts")
    _clean(response, 503)
    assert "Retry-After" in response.headers and "<html" in response.text


def test_an_error_after_the_session_failed_still_renders(client, make, monkeypatch):
    """The session is left failed (a flush error); the handler rolls back before it draws the page."""
    agent = make.user("ATF")
    login(client, agent)

    def broken(session, *_args, **_kwargs):
        session.add(AuditChainHead(id=1, seq=None, hash=None))  # NOT NULL: the flush fails
        try:
            session.flush()
        except IntegrityError:
            pass  # a bug swallowed the error and left the session needing a rollback
        raise RuntimeError("a bug")

    monkeypatch.setattr("coordinator.review.views.agency_offices", broken)
    response = client.get("/review/alerts")
    _clean(response, 500)
    assert "Something went wrong" in response.text
    assert ("alert.list", "error", 500) in _actions(agent.email)


def test_a_connection_terminated_mid_request_gets_a_json_503_and_the_next_request_works(client, make, monkeypatch):
    """PostgreSQL ends the request's own connection (as an administrator's pg_terminate_backend would)."""
    if db.engine.dialect.name != "postgresql":
        return
    agent = make.user("ATF")
    api = Api(client, make.token(agent))
    from coordinator.api import conflicts

    real = conflicts.alerts_for

    def terminated(session, *args, **kwargs):
        session.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))
        return real(session, *args, **kwargs)

    monkeypatch.setattr("coordinator.api.conflicts.alerts_for", terminated)
    response = api.get("/api/v1/conflicts")
    _clean(response, 503)
    assert response.get_json()["error"]["code"] == "unavailable" and response.headers["Retry-After"]
    monkeypatch.setattr("coordinator.api.conflicts.alerts_for", real)
    assert api.get("/api/v1/conflicts").status_code == 200
    assert ("alert.list", "error", 503) in _actions(agent.email)
