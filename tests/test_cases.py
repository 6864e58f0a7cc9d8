"""Cases through the pages and the API: register, validate, see only one's own."""
from __future__ import annotations

import pytest

from coordinator.cases.models import Case
from coordinator.extensions import db

from .factories import Api, login, post_form

GOOD = {"number": "PHX-26-001", "title": "Straw purchases", "case_type": "straw_purchase",
        "opened_on": "2026-02-01", "initiated_by": "trace", "referring_agency": None, "mexico_nexus": True}


def count_cases() -> int:
    return db.session.scalar(db.select(db.func.count(Case.id)))


def test_register_case_through_the_form(client, make):
    agent = make.user()
    login(client, agent)
    response = post_form(client, "/cases/new", {
        "number": "PHX-26-001", "title": "Straw purchases", "case_type": "straw_purchase",
        "opened_on": "2026-02-01", "initiated_by": "referral", "referring_agency": "ICE",
        "mexico_nexus": "y", "lead_agent_id": str(agent.id), "status": "open"})
    assert response.status_code == 302, response.text
    case = db.session.scalar(db.select(Case))
    assert case.agency.code == "ATF" and case.referring_agency.code == "ICE" and case.mexico_nexus
    page = client.get(response.headers["Location"])
    assert "PHX-26-001" in page.text


def test_case_form_rejects_bad_input_without_writing(client, make):
    login(client, make.user())
    response = post_form(client, "/cases/new", {"number": "", "title": "x", "case_type": "bogus",
                                                "opened_on": "2099-01-01", "initiated_by": "referral"})
    assert response.status_code == 422
    assert "This field is required." in response.text
    assert "Not a valid choice." in response.text
    assert "in the future" in response.text
    assert "Name the agency that referred the case." in response.text
    assert count_cases() == 0


def test_register_case_through_the_api(client, make):
    api = Api(client, make.token(make.user()))
    response = api.post("/api/v1/cases", json=GOOD)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["id"] and body["number"] == "PHX-26-001" and body["mexico_nexus"] is True
    assert api.get(f"/api/v1/cases/{body['id']}").get_json()["title"] == "Straw purchases"


@pytest.mark.parametrize("field,value", [
    ("number", ""), ("number", "a" * 65), ("number", "bad<number>"), ("title", ""),
    ("case_type", "murder"), ("opened_on", "yesterday"), ("opened_on", "2999-01-01"),
    ("initiated_by", "psychic"), ("referring_agency", "KGB"), ("mexico_nexus", "perhaps"),
    ("title", ["a", "list"]), ("summary", "x" * 5001), ("surprise", 1),
])
def test_case_api_rejects_each_bad_field(client, make, field, value):
    api = Api(client, make.token(make.user()))
    response = api.post("/api/v1/cases", json={**GOOD, field: value})
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert field in error["fields"], error
    assert count_cases() == 0


def test_case_numbers_are_unique_within_an_agency(client, make):
    atf = Api(client, make.token(make.user("ATF")))
    ice = Api(client, make.token(make.user("ICE")))
    assert atf.post("/api/v1/cases", json=GOOD).status_code == 201
    again = atf.post("/api/v1/cases", json={**GOOD, "number": "phx-26-001"})
    assert again.status_code == 400 and "number" in again.get_json()["error"]["fields"]
    assert ice.post("/api/v1/cases", json=GOOD).status_code == 201


def test_api_rejects_non_json(client, make):
    api = Api(client, make.token(make.user()))
    response = api.client.post("/api/v1/cases", data="number=1", headers=api.headers)
    assert response.status_code == 400
    assert api.post("/api/v1/cases", json=[1, 2]).status_code == 400


def test_another_agency_gets_404_for_a_case(client, make):
    owner = make.user("ATF")
    case = make.case(owner)
    outsider = make.user("FGR")
    assert Api(client, make.token(outsider)).get(f"/api/v1/cases/{case.id}").status_code == 404
    assert Api(client, make.token(outsider)).patch(f"/api/v1/cases/{case.id}", json={"title": "x"}).status_code == 404
    login(client, outsider)
    assert client.get(f"/cases/{case.id}").status_code == 404
    assert client.get(f"/cases/{case.id}/edit").status_code == 404
    assert case.number not in client.get("/cases/").text


def test_shared_case_is_readable_not_writable(client, make):
    from coordinator.accounts.services import agency_by_code
    from coordinator.cases.services import share_case

    owner = make.user("ATF")
    case = make.case(owner)
    share_case(db.session, owner, case, agency_by_code(db.session, "ICE"), "joint work on the Nogales crew")
    db.session.commit()
    reader = Api(client, make.token(make.user("ICE")))
    assert reader.get(f"/api/v1/cases/{case.id}").status_code == 200
    assert reader.patch(f"/api/v1/cases/{case.id}", json={"title": "x"}).status_code in (403, 404)


def test_monitors_and_admins_do_not_open_cases(client, make):
    case = make.case(make.user("ATF"))
    for role in ("monitor", "admin"):
        api = Api(client, make.token(make.user("ATF", role=role)))
        assert api.get(f"/api/v1/cases/{case.id}").status_code == 404
        assert api.post("/api/v1/cases", json=GOOD).status_code == 403


def test_case_list_is_paged_filtered_and_searchable(client, make):
    agent = make.user()
    for n in range(7):
        make.case(agent, number=f"N-{n}", title=f"Rifles {n}" if n % 2 else f"Pistols {n}")
    api = Api(client, make.token(agent))
    first = api.get("/api/v1/cases?per_page=3").get_json()
    assert len(first["items"]) == 3 and first["next"]
    seen = [c["number"] for c in first["items"]]
    following = first["next"]
    while following:
        page = api.get(following).get_json()
        seen += [c["number"] for c in page["items"]]
        following = page["next"]
    assert sorted(seen) == [f"N-{n}" for n in range(7)]
    rifles = api.get("/api/v1/cases?q=rifles").get_json()["items"]
    assert {c["number"] for c in rifles} == {"N-1", "N-3", "N-5"}
    login(client, agent)
    page = client.get("/cases/?q=pistols")
    assert "N-0" in page.text and "N-1" not in page.text


def test_patch_case(client, make):
    agent = make.user()
    api = Api(client, make.token(agent))
    case_id = api.post("/api/v1/cases", json=GOOD).get_json()["id"]
    response = api.patch(f"/api/v1/cases/{case_id}", json={"status": "closed", "closed_on": "2026-03-01"})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["status"] == "closed"
    bad = api.patch(f"/api/v1/cases/{case_id}", json={"closed_on": "2025-01-01"})
    assert bad.status_code == 400 and "closed_on" in bad.get_json()["error"]["fields"]
