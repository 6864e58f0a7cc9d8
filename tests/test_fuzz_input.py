"""Hostile input: properties that hold for any input, upload limits, escaping, and SQL never assembled."""
from __future__ import annotations

import ast
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coordinator.audit.chain import leaf_hash
from coordinator.audit.search import FORMULA_START, csv_cell
from coordinator.security.passwords import password_problems
from coordinator.security.query import problem

from .factories import Api, csrf_token, login, post_form

ROOT = Path(__file__).resolve().parent.parent
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=8,
)
SUBJECT_FIELDS = ["kind", "role", "number", "first_name", "last_name", "aliases", "dob", "documents", "predicate",
                  "notes", "serial_number", "make", "plate", "plate_region", "vin", "latitude", "longitude",
                  "starts_on", "ends_on", "license_number", "name", "address"]


# --- properties of the pieces ----------------------------------------------------------------

def test_password_rules_answer_any_text(app):
    with app.test_request_context("/"):
        @settings(max_examples=150, deadline=None)
        @given(st.text(max_size=300))
        def check(password):
            problems = password_problems(password, email="ana@fgr.gob.mx", name="Ana Ruiz")
            assert isinstance(problems, list) and all(isinstance(p, str) for p in problems)
            assert (len(password) >= 12) or problems

        check()


@given(st.one_of(st.text(max_size=60), st.integers(), st.none(),
                 st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2)))
def test_no_csv_cell_starts_a_formula(value):
    cell = csv_cell(value)
    assert not cell.startswith(FORMULA_START)


@given(st.dictionaries(st.text(max_size=8), json_values, max_size=4), st.text(max_size=30))
def test_any_change_of_an_entry_changes_its_hash(details, action):
    row = {"id": 7, "at": datetime(2026, 3, 2, 15, 0, 0, 123456, tzinfo=timezone.utc), "user_id": 3,
           "user_email": "a@atf.gov", "agency_code": "ATF", "action": action, "object_type": "case",
           "object_id": "12", "outcome": "success", "ip": "10.0.0.1", "details": details}
    key = b"k" * 32
    digest = leaf_hash(key, row)
    assert digest == leaf_hash(key, dict(row)) and len(digest) == 64
    assert leaf_hash(b"l" * 32, row) != digest
    assert leaf_hash(key, {**row, "action": action + "x"}) != digest
    assert leaf_hash(key, {**row, "details": {**details, "extra": 1}}) != digest


def test_the_query_check_answers_any_text(app):
    with app.test_request_context("/"):
        @settings(max_examples=200, deadline=None)
        @given(st.text(max_size=200), st.sampled_from([
            {"type": "integer", "minimum": 1, "maximum": 500}, {"type": "string", "format": "date"},
            {"type": "string", "format": "date-time"}, {"type": "string", "enum": ["open", "closed"]},
            {"type": ["string", "null"], "maxLength": 20}, {"type": "number"}, {"type": "boolean"},
        ]))
        def check(value, schema):
            found = problem(value, schema)
            assert found is None or isinstance(found, str)
            if "\x00" in value:
                assert found is not None

        check()


# --- the application under arbitrary input -------------------------------------------------------

@FAST
@given(payload=st.dictionaries(st.sampled_from(SUBJECT_FIELDS), json_values, max_size=6))
def test_any_json_body_for_a_subject_is_answered_without_a_server_error(client, api_world, payload):
    api, case_id = api_world
    response = api.post(f"/api/v1/cases/{case_id}/subjects", json=payload)
    assert response.status_code in (201, 400), response.get_json()
    if response.status_code == 400:
        assert response.get_json()["error"]["fields"]


@FAST
@given(body=st.binary(max_size=300))
def test_any_bytes_as_a_body_are_answered_without_a_server_error(client, api_world, body):
    api, case_id = api_world
    for path in (f"/api/v1/cases/{case_id}/subjects", "/api/v1/cases", f"/api/v1/cases/{case_id}/shares"):
        response = api.post(path, data=body, content_type="application/json")
        assert response.status_code in (201, 400, 415), (path, response.status_code)


@FAST
@given(email=st.text(max_size=300), password=st.text(max_size=300), otp=st.text(max_size=40))
def test_the_sign_in_form_takes_any_text(client, email, password, otp):
    page = client.get("/login")
    response = client.post("/login", data={"email": email, "password": password, "otp": otp,
                                           "csrf_token": csrf_token(page.text)})
    assert response.status_code == 200


@pytest.fixture()
def api_world(client, make):
    agent = make.user("ATF")
    return Api(client, make.token(agent)), make.case(agent).id


# --- uploads ---------------------------------------------------------------------------------------

def test_an_upload_past_the_size_limit_is_refused(client, make, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 2048)
    agent = make.user("ATF")
    case = make.case(agent)
    body = "kind,role,number\n" + "phone,suspect,+16025550100\n" * 200
    response = Api(client, make.token(agent)).post(f"/api/v1/cases/{case.id}/subjects/import", data=body,
                                                   content_type="text/csv")
    assert response.status_code == 413 and response.get_json()["error"]["code"] == "too_large"


@pytest.mark.parametrize("body, content_type, status, code", [
    (b"kind,role,number\nphone,suspect,+16025550100\n", "application/pdf", 415, "unsupported_media_type"),
    (b"\xff\xfe\x00k\x00i", "text/csv", 400, "invalid_encoding"),
    (b"   \n", "text/csv", 400, "invalid_file"),
    (b"name,number\nx,+16025550100\n", "text/csv", 400, "invalid_file"),
    (b"[1, 2]\n", "application/x-ndjson", 400, "invalid_file"),
])
def test_an_upload_that_is_not_an_import_is_refused(client, make, body, content_type, status, code):
    agent = make.user("ATF")
    case = make.case(agent)
    response = Api(client, make.token(agent)).post(f"/api/v1/cases/{case.id}/subjects/import", data=body,
                                                   content_type=content_type)
    assert response.status_code == status and response.get_json()["error"]["code"] == code


def test_bad_rows_of_an_upload_are_reported_not_written(client, make):
    agent = make.user("ATF")
    case = make.case(agent)
    body = "kind,role,number\nphone,suspect,+16025550100\nphone,suspect,call me\nspaceship,suspect,1\n"
    report = Api(client, make.token(agent)).post(f"/api/v1/cases/{case.id}/subjects/import", data=body,
                                                 content_type="text/csv").get_json()
    assert report["imported"] == 1 and report["failed"] == 2
    assert {e["field"] for e in report["errors"]} == {"number", "kind"}


def test_unknown_or_malformed_query_parameters_are_refused(client, make):
    api = Api(client, make.token(make.user("ATF")))
    assert api.get("/api/v1/cases?per_page=2").status_code == 200
    for query, field in (("per_page=0", "per_page"), ("per_page=501", "per_page"), ("page=x", "page"),
                         ("colour=red", "colour"), ("status=open&status=closed", "status")):
        response = api.get(f"/api/v1/cases?{query}")
        assert response.status_code == 400 and field in response.get_json()["error"]["fields"], query
    assert api.get("/api/v1/conflicts?status=maybe").status_code == 400


# --- escaping ----------------------------------------------------------------------------------------

SCRIPT = '<script>alert("xss")</script>'
IMAGE = '"><img src=x onerror=alert(1)>'


def test_what_users_type_comes_back_escaped_in_every_page(client, make):
    agent = make.user("ATF", name=f"Agent {IMAGE}")
    supervisor = make.user("ATF", role="supervisor")
    case = make.case(agent, title=f"Case {SCRIPT}", summary=SCRIPT, number="C-<b>1</b>")
    person = make.subject(agent, case, kind="person", first_name=SCRIPT, last_name=f"Ruiz{IMAGE}",
                          aliases=[SCRIPT])
    person.notes, person.predicate = SCRIPT, IMAGE
    operation = make.operation(agent, case, title=SCRIPT, venue=IMAGE)
    from coordinator.extensions import db

    db.session.commit()
    login(client, agent)
    pages = [f"/cases/{case.id}", "/cases/", f"/subjects/{person.id}", f"/subjects/{person.id}/edit",
             f"/operations/{operation.id}", "/operations/", f"/cases/{case.id}/sharing", "/home",
             f"/cases/{case.id}/network"]
    post_form(client, f"/cases/{case.id}/sharing", {"agency": "ICE", "reason": f"Because {SCRIPT}",
                                                    "requested_by": IMAGE})
    for path in pages:
        body = client.get(path).text
        assert "<script>alert" not in body and "<img src=x" not in body, path
        assert "onerror=alert(1)>" not in body.replace("&gt;", ">").replace('"', "") or "&lt;img" in body, path
    assert "&lt;script&gt;alert(" in client.get(f"/cases/{case.id}").text
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/account").text)})
    login(client, supervisor)
    for path in (f"/retention/subjects/{person.id}", "/retention/"):
        body = client.get(path).text
        assert "<script>alert" not in body and "<img src=x" not in body, path
    admin = make.user("ATF", role="admin")
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/account").text)})
    login(client, admin)
    for path in ("/admin/users", f"/admin/users/{agent.id}", "/audit/"):
        body = client.get(path).text
        assert "<script>alert" not in body and "<img src=x" not in body, path


def test_the_api_returns_json_that_browsers_will_not_run(client, make):
    agent = make.user("ATF")
    case = make.case(agent, title=SCRIPT)
    response = Api(client, make.token(agent)).get(f"/api/v1/cases/{case.id}")
    assert response.mimetype == "application/json" and response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.get_json()["title"] == SCRIPT


# --- SQL is never assembled from strings ----------------------------------------------------------------

SQL_CALLS = {"text", "execute", "exec_driver_sql", "executescript", "executemany"}


def _assembled(node: ast.AST) -> bool:
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(part, ast.FormattedValue) for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return True
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"


def test_no_sql_is_built_by_concatenation():
    """Every text(...)/execute(...) gets a literal or a SQLAlchemy construct; values go in as parameters."""
    offenders = []
    for folder in ("coordinator", "migrations"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name in SQL_CALLS and _assembled(node.args[0]):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, "SQL assembled from strings at:\n" + "\n".join(offenders)


def test_the_sql_check_would_catch_an_assembled_statement():
    tree = ast.parse('db.session.execute(text(f"SELECT * FROM cases WHERE title = \'{title}\'"))')
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "text"]
    assert _assembled(calls[0].args[0])
    assert not _assembled(ast.parse('text("SELECT 1")').body[0].value.args[0])


def test_json_values_of_the_wrong_type_are_refused_not_coerced(client, make):
    agent = make.user("ATF")
    case = make.case(agent)
    api = Api(client, make.token(agent))
    for body, field in (({"kind": "phone", "role": "suspect", "number": 6025550100}, "number"),
                        ({"kind": "phone", "role": "suspect", "number": "+16025550100", "notes": False}, "notes"),
                        ({"kind": "person", "role": "suspect", "last_name": "Soto", "aliases": [1, 2]}, "aliases"),
                        ({"kind": "person", "role": "suspect", "last_name": "Soto",
                          "documents": [{"kind": "passport", "number": 123}]}, "documents")):
        response = api.post(f"/api/v1/cases/{case.id}/subjects", json=body)
        assert response.status_code == 400 and field in response.get_json()["error"]["fields"], body
    share = api.post(f"/api/v1/cases/{case.id}/shares", json={"agency": "ICE", "reason": 1.5e-9})
    assert share.status_code == 400 and "reason" in share.get_json()["error"]["fields"]
    assert api.post(f"/api/v1/cases/{case.id}/subjects", json={
        "kind": "address", "role": "other", "line1": "1 Main", "city": "Nogales", "latitude": "31.3",
        "longitude": -110.9}).status_code == 201  # numeric text still reads as a number


def test_a_moment_in_year_one_is_refused_not_a_server_error(client, make):
    agent = make.user("ATF")
    case = make.case(agent)
    response = Api(client, make.token(agent)).post("/api/v1/operations", json={
        "case_id": case.id, "kind": "other", "title": "x", "starts_at": "0001-01-01T00:00:00+03:04",
        "ends_at": "2000-01-07T00:00:01Z", "latitude": 0.1, "longitude": 0.1, "radius_m": 1000})
    assert response.status_code == 400 and "starts_at" in response.get_json()["error"]["fields"]
