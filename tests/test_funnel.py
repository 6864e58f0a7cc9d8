"""The complete funnel: arrests, extraditions, legal assistance requests, asset seizures, charge codes."""
from __future__ import annotations

from datetime import date

import pytest

from coordinator.extensions import db
from coordinator.outcomes.models import Arrest, Extradition, LegalAssistanceRequest

from .factories import Api, login, post_form

REPORT = "/api/v1/reports/outcomes?agency=ATF&fiscal_year=2026"  # 1 October 2025 to 30 September 2026


@pytest.fixture()
def atf(client, make):
    agent = make.user("ATF")
    api = Api(client, make.token(agent))
    case = make.case(agent, opened_on=date(2025, 10, 15))
    person = make.subject(agent, case, "person", first_name="Uriel", last_name="Patiño")
    return agent, api, case, person


def test_arrests_are_counted_in_the_period_whoever_arrested(make, atf):
    agent, api, case, person = atf
    for arrested_on, agency, country in [("2026-01-10", "ATF", "US"), ("2026-02-11", "FGR", "MX"),
                                         ("2025-09-30", "ATF", "US")]:  # the last is in FY2025
        response = api.post(f"/api/v1/cases/{case.id}/arrests", json={
            "subject_id": person.id, "arrested_on": arrested_on, "agency": agency, "country": country})
        assert response.status_code == 201, response.get_json()
    assert response.get_json()["agency"] == "ATF" and response.get_json()["country"] == "US"
    ice = make.user("ICE")
    other = make.case(ice, opened_on=date(2025, 10, 1))
    stranger = make.subject(ice, other, "person", first_name="Ana", last_name="Ruiz")
    Api(api.client, make.token(ice)).post(f"/api/v1/cases/{other.id}/arrests", json={
        "subject_id": stranger.id, "arrested_on": "2026-01-12", "agency": "ICE", "country": "US"})
    assert api.get(REPORT).get_json()["arrests"] == 2  # ICE's case is not ATF's
    assert api.get("/api/v1/reports/outcomes?agency=ATF&fiscal_year=2025").get_json()["arrests"] == 1


def test_extraditions_requested_and_granted_are_counted(atf):
    _agent, api, case, person = atf
    body = {"subject_id": person.id, "requested_on": "2026-02-01", "requesting_country": "US",
            "requested_country": "MX"}
    first = api.post(f"/api/v1/cases/{case.id}/extraditions", json=body).get_json()
    api.post(f"/api/v1/cases/{case.id}/extraditions", json={**body, "requested_on": "2026-03-01"})
    assert api.get(REPORT).get_json()["extraditions"] == 2
    assert api.get(REPORT).get_json()["extraditions_granted"] == 0
    granted = api.patch(f"/api/v1/extraditions/{first['id']}", json={"status": "granted", "decided_on": "2026-05-02"})
    assert granted.status_code == 200 and granted.get_json()["status"] == "granted"
    again = api.patch(f"/api/v1/extraditions/{first['id']}", json={"status": "denied", "decided_on": "2026-05-03"})
    assert again.status_code == 409
    report = api.get(REPORT).get_json()
    assert report["extraditions"] == 2 and report["extraditions_granted"] == 1


def test_legal_assistance_requests_sent_and_answered_are_counted(atf):
    _agent, api, case, _person = atf
    sent = api.post(f"/api/v1/cases/{case.id}/legal-assistance",
                    json={"to_country": "MX", "authority": "FGR — Dirección General de Asuntos Jurídicos",
                          "sent_on": "2026-01-05", "request": "Bank records"})
    assert sent.status_code == 201, sent.get_json()
    api.post(f"/api/v1/cases/{case.id}/legal-assistance", json={"to_country": "MX", "sent_on": "2026-02-05",
                                                                 "answered_on": "2026-04-06"})
    api.post(f"/api/v1/cases/{case.id}/legal-assistance", json={"to_country": "MX", "sent_on": "2024-02-05"})
    report = api.get(REPORT).get_json()
    assert report["legal_assistance_requests"] == 2 and report["legal_assistance_answered"] == 1
    answered = api.patch(f"/api/v1/legal-assistance/{sent.get_json()['id']}", json={"answered_on": "2026-03-01"})
    assert answered.status_code == 200 and answered.get_json()["days_taken"] == 55
    assert api.get(REPORT).get_json()["legal_assistance_answered"] == 2
    early = api.post(f"/api/v1/cases/{case.id}/legal-assistance", json={"to_country": "MX", "sent_on": "2026-02-05",
                                                                         "answered_on": "2026-02-04"})
    assert early.status_code == 400 and "answered_on" in early.get_json()["error"]["fields"]


def test_asset_seizures_are_counted(atf):
    _agent, api, case, _person = atf
    response = api.post(f"/api/v1/cases/{case.id}/asset-seizures", json={
        "seized_on": "2026-03-03", "kind": "currency", "amount": 48500, "currency": "USD",
        "description": "Bulk cash in a spare tyre"})
    assert response.status_code == 201, response.get_json()
    assert api.get(REPORT).get_json()["asset_seizures"] == 1
    pesos = api.post(f"/api/v1/cases/{case.id}/asset-seizures", json={"seized_on": "2026-03-04", "kind": "account",
                                                                       "amount": 12_500_000_000, "currency": "MXN"})
    assert pesos.status_code == 201 and pesos.get_json()["amount"] == 12_500_000_000
    bad = api.post(f"/api/v1/cases/{case.id}/asset-seizures", json={"seized_on": "2026-03-03", "kind": "gold",
                                                                     "amount": 1, "currency": "EUR"})
    assert bad.status_code == 400 and {"kind", "currency"} <= set(bad.get_json()["error"]["fields"])


@pytest.mark.parametrize("path,body,field", [
    ("arrests", {"arrested_on": "2026-01-10", "agency": "ATF", "country": "US"}, "subject_id"),
    ("arrests", {"arrested_on": "2026-01-10", "agency": "KGB", "country": "US"}, "agency"),
    ("arrests", {"arrested_on": "2026-01-10", "agency": "ATF", "country": "CA"}, "country"),
    ("extraditions", {"requested_on": "2026-02-01", "requesting_country": "US", "requested_country": "US"},
     "requested_country"),
    ("extraditions", {"requested_on": "2026-02-01", "requesting_country": "US", "requested_country": "MX",
                      "status": "granted"}, "decided_on"),
])
def test_bad_funnel_records_are_refused_and_nothing_written(atf, path, body, field):
    _agent, api, case, person = atf
    payload = {"subject_id": person.id, **body} if field != "subject_id" else {**body, "subject_id": 999999}
    response = api.post(f"/api/v1/cases/{case.id}/{path}", json=payload)
    assert response.status_code in (400, 404) and field in response.get_json()["error"].get("fields", {field: 1}), \
        response.get_json()
    assert db.session.scalar(db.select(db.func.count(Arrest.id))) == 0
    assert db.session.scalar(db.select(db.func.count(Extradition.id))) == 0


def test_charges_come_from_the_code_list_with_free_text_beside(atf):
    _agent, api, case, person = atf
    response = api.post(f"/api/v1/cases/{case.id}/indictments", json={
        "subject_id": person.id, "filed_on": "2026-05-04", "court": "D. Ariz.",
        "charges": ["Count 1: false statement on ATF Form 4473"], "charge_codes": ["18 USC 922(a)(6)", "18 USC 554"]})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["charge_codes"] == ["18 USC 922(a)(6)", "18 USC 554"]
    assert response.get_json()["charges"] == ["Count 1: false statement on ATF Form 4473"]
    mexican = api.post(f"/api/v1/cases/{case.id}/indictments", json={
        "subject_id": person.id, "filed_on": "2026-05-04", "court": "Juzgado de Distrito, Culiacán",
        "charges": "Introducción clandestina de armas", "charge_codes": ["LFAFE 84"]})
    assert mexican.status_code == 201 and mexican.get_json()["charge_codes"] == ["LFAFE 84"]
    bad = api.post(f"/api/v1/cases/{case.id}/indictments", json={
        "subject_id": person.id, "filed_on": "2026-05-04", "court": "D. Ariz.", "charges": "x",
        "charge_codes": ["18 USC 9999"]})
    assert bad.status_code == 400 and "charge_codes" in bad.get_json()["error"]["fields"]


def test_the_funnel_counts_reach_the_dashboard_csv_and_cli(client, runner, make, atf):
    agent, api, case, person = atf
    api.post(f"/api/v1/cases/{case.id}/arrests", json={"subject_id": person.id, "arrested_on": "2026-01-10",
                                                        "agency": "ATF", "country": "US"})
    api.post(f"/api/v1/cases/{case.id}/legal-assistance", json={"to_country": "MX", "sent_on": "2026-01-05"})
    out = runner.invoke(args=["reports", "outcomes", "--agency", "ATF", "--fiscal-year", "2026", "--json"])
    assert out.exit_code == 0 and '"arrests": 1' in out.output and '"legal_assistance_requests": 1' in out.output
    text = runner.invoke(args=["reports", "outcomes", "--agency", "ATF", "--fiscal-year", "2026"]).output
    assert "Arrests" in text and "Legal assistance requests sent" in text
    login(client, make.user("ATF", role="monitor"))
    page = client.get("/monitoring/?period=fy&year=2026&agency=ATF")
    assert page.status_code == 200 and "Arrests" in page.text and "Extradition requests" in page.text
    csv = client.get("/monitoring/funnel.csv?period=fy&year=2026&agency=ATF")
    assert csv.status_code == 200 and "Arrests,1" in csv.text and "Legal assistance requests sent,1" in csv.text


def test_an_arrest_is_recorded_on_the_page(client, make, atf):
    agent, _api, case, person = atf
    login(client, agent)
    response = post_form(client, f"/cases/{case.id}/arrests/new", {
        "subject_id": person.id, "arrested_on": "2026-01-10", "agency": "FGR", "country": "MX"})
    assert response.status_code == 302, response.text
    assert db.session.scalar(db.select(db.func.count(Arrest.id))) == 1
    page = client.get(f"/cases/{case.id}").text
    arrests = page[page.index("<h3>Arrests</h3>"):]
    arrests = arrests[:arrests.index("</table>")]
    assert '<th scope="col">Person arrested</th><th scope="col">Arrested on</th>' in arrests
    assert "<td>FGR</td>" in arrests and arrests.count("<tr>") == 2  # the heading and the one arrest
    assert "<h3>Extradition requests</h3>" not in page  # no table for what the case has none of
    assert db.session.scalar(db.select(db.func.count(LegalAssistanceRequest.id))) == 0
