"""Outcome records through the API: referrals and decisions, indictments, dispositions, seizures, traces."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from coordinator.extensions import db
from coordinator.outcomes.models import Disposition, Indictment, Referral, Seizure, TraceRequest

from .factories import Api

PERSON = {"first_name": "Jesús", "last_name": "Robles", "second_last_name": "Quintero", "dob": "1994-03-07",
          "sex": "M", "nationality": "US", "aliases": []}
# Two days ahead: the cases are collected once and may run after midnight, when tomorrow has become today.
IN_THE_FUTURE = (date.today() + timedelta(days=2)).isoformat()


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count(model.id)))


@pytest.fixture()
def atf(client, make):
    """An ATF agent with an API client and a case opened on 15 January 2026."""
    agent = make.user("ATF")
    return agent, Api(client, make.token(agent)), make.case(agent, opened_on=date(2026, 1, 15))


@pytest.fixture()
def usao(client, make):
    return Api(client, make.token(make.user("USAO")))


def refer(api, case, **changes):
    body = {"to_agency": "USAO", "kind": "prosecution", "sent_on": "2026-03-02", **changes}
    return api.post(f"/api/v1/cases/{case.id}/referrals", json=body)


def indict(api, case, subject_id, **changes):
    body = {"subject_id": subject_id, "filed_on": "2026-05-04", "court": "D. Ariz.",
            "charges": ["18 U.S.C. § 922(a)(6)", "18 U.S.C. § 554"], **changes}
    return api.post(f"/api/v1/cases/{case.id}/indictments", json=body)


# Referrals


def test_referral_for_prosecution_is_sent_and_decided_by_the_prosecutor(atf, usao):
    _agent, api, case = atf
    response = refer(api, case)
    assert response.status_code == 201, response.get_json()
    referral = response.get_json()
    assert referral["status"] == "pending" and referral["from_agency"] == "ATF" and referral["to_agency"] == "USAO"
    assert referral["case_number"] == case.number and referral["sent_on"] == "2026-03-02"

    received = usao.get("/api/v1/referrals?status=pending").get_json()
    assert [r["id"] for r in received["items"]] == [referral["id"]] and received["next"] is None
    decided = usao.patch(f"/api/v1/referrals/{referral['id']}",
                         json={"status": "declined", "decided_on": "2026-04-01", "reason": "Insufficient evidence"})
    assert decided.status_code == 200, decided.get_json()
    assert decided.get_json()["status"] == "declined" and decided.get_json()["reason"] == "Insufficient evidence"
    assert api.get(f"/api/v1/referrals/{referral['id']}").get_json()["decided_on"] == "2026-04-01"


def test_investigative_referral_goes_to_any_other_agency(atf):
    _agent, api, case = atf
    response = refer(api, case, to_agency="ICE", kind="investigative")
    assert response.status_code == 201 and response.get_json()["kind"] == "investigative"


@pytest.mark.parametrize("changes,field", [
    ({"to_agency": "ICE"}, "to_agency"),          # prosecution goes to a prosecutor
    ({"to_agency": "ATF", "kind": "investigative"}, "to_agency"),  # not to one's own agency
    ({"to_agency": "KGB"}, "to_agency"),
    ({"kind": "courtesy"}, "kind"),
    ({"sent_on": IN_THE_FUTURE}, "sent_on"),
    ({"sent_on": "03/02/2026"}, "sent_on"),
    ({"sent_on": None}, "sent_on"),
    ({"note": "a\x00b"}, "note"),
    ({"surprise": True}, "surprise"),
])
def test_a_bad_referral_is_refused_with_the_field_and_nothing_written(atf, changes, field):
    _agent, api, case = atf
    response = refer(api, case, **changes)
    assert response.status_code == 400, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "validation_error" and field in error["fields"], error
    assert count(Referral) == 0


def test_refusals_are_in_the_users_language(client, make):
    agent = make.user("FGR", locale="es")
    api = Api(client, make.token(agent))
    case = make.case(agent, opened_on=date(2026, 1, 15))
    response = refer(api, case, to_agency="SEDENA", sent_on="2026-01-02")
    fields = response.get_json()["error"]["fields"]
    assert "acción penal" in fields["to_agency"] or "fiscal" in fields["to_agency"].lower(), fields


def test_a_second_pending_referral_to_the_same_prosecutor_is_refused(atf):
    _agent, api, case = atf
    assert refer(api, case).status_code == 201
    again = refer(api, case, sent_on="2026-03-05")
    assert again.status_code == 400 and "to_agency" in again.get_json()["error"]["fields"]
    assert refer(api, case, to_agency="FGR").status_code == 201


@pytest.mark.parametrize("body,field", [
    ({"status": "accepted", "decided_on": "2026-03-01"}, "decided_on"),   # before it was sent
    ({"status": "accepted", "decided_on": IN_THE_FUTURE}, "decided_on"),
    ({"status": "pending", "decided_on": "2026-03-09"}, "status"),
    ({"status": "maybe", "decided_on": "2026-03-09"}, "status"),
    ({"decided_on": "2026-03-09"}, "status"),
    ({"status": "accepted"}, "decided_on"),
])
def test_a_bad_decision_is_refused_and_the_referral_stays_pending(atf, usao, body, field):
    _agent, api, case = atf
    referral_id = refer(api, case).get_json()["id"]
    response = usao.patch(f"/api/v1/referrals/{referral_id}", json=body)
    assert response.status_code == 400 and field in response.get_json()["error"]["fields"], response.get_json()
    db.session.expire_all()
    assert db.session.get(Referral, referral_id).status == "pending"


def test_the_receiver_or_the_sender_records_the_decision_and_strangers_see_nothing(client, make, atf, usao):
    agent, api, case = atf
    referral_id = refer(api, case).get_json()["id"]
    ice = Api(client, make.token(make.user("ICE")))
    decision = {"status": "accepted", "decided_on": "2026-03-10"}
    assert ice.get(f"/api/v1/referrals/{referral_id}").status_code == 404
    assert ice.patch(f"/api/v1/referrals/{referral_id}", json=decision).status_code == 404
    monitor = Api(client, make.token(make.user("USAO", role="monitor")))
    assert monitor.patch(f"/api/v1/referrals/{referral_id}", json=decision).status_code == 404
    assert ice.post(f"/api/v1/cases/{case.id}/referrals", json={"to_agency": "USAO", "kind": "prosecution",
                                                                 "sent_on": "2026-03-02"}).status_code == 404
    decided = usao.patch(f"/api/v1/referrals/{referral_id}", json=decision).get_json()
    assert decided["status"] == "accepted" and decided["decided_by_agency"] == "USAO"
    # The sender records a decision that reached it on paper (a prosecutor not using Coordinator).
    letter = api.patch(f"/api/v1/referrals/{referral_id}", json={"status": "declined", "decided_on": "2026-03-12",
                                                                 "reason": "Declination letter"})
    assert letter.status_code == 200 and letter.get_json()["decided_by_agency"] == "ATF"


def test_a_referral_may_share_the_case_with_the_receiver(atf, usao):
    _agent, api, case = atf
    assert usao.get(f"/api/v1/cases/{case.id}").status_code == 404
    assert refer(api, case, share_case=True).status_code == 201
    assert usao.get(f"/api/v1/cases/{case.id}").get_json()["number"] == case.number


# Indictments and dispositions


def test_indictment_and_conviction_of_a_person_of_the_case(make, atf):
    agent, api, case = atf
    person = make.subject(agent, case, "person", **PERSON)
    response = indict(api, case, person.id)
    assert response.status_code == 201, response.get_json()
    indictment = response.get_json()
    assert indictment["subject_id"] == person.id and indictment["charges"] == ["18 U.S.C. § 922(a)(6)",
                                                                              "18 U.S.C. § 554"]
    disposition = api.post(f"/api/v1/indictments/{indictment['id']}/dispositions",
                           json={"outcome": "convicted", "decided_on": "2026-09-01", "sentence_months": 46})
    assert disposition.status_code == 201, disposition.get_json()
    assert disposition.get_json()["sentence_months"] == 46
    again = api.post(f"/api/v1/indictments/{indictment['id']}/dispositions",
                     json={"outcome": "dismissed", "decided_on": "2026-09-02"})
    assert again.status_code == 409
    outcomes = api.get(f"/api/v1/cases/{case.id}/outcomes").get_json()
    assert outcomes["indictments"][0]["disposition"]["outcome"] == "convicted"


def test_charges_may_be_one_string(make, atf):
    agent, api, case = atf
    person = make.subject(agent, case, "person", **PERSON)
    response = indict(api, case, person.id, charges="18 U.S.C. § 922(a)(6); 18 U.S.C. § 371")
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["charges"] == ["18 U.S.C. § 922(a)(6)", "18 U.S.C. § 371"]


def test_the_defendant_must_be_a_person_record_of_the_case(make, atf):
    agent, api, case = atf
    phone = make.subject(agent, case)
    other_case = make.case(agent, opened_on=date(2026, 1, 15))
    stranger = make.subject(agent, other_case, "person", **PERSON)
    for subject_id in (phone.id, stranger.id, 999_999, "x"):
        response = indict(api, case, subject_id)
        assert response.status_code == 400, subject_id
        assert "person record of this case" in response.get_json()["error"]["fields"]["subject_id"]
    assert count(Indictment) == 0


@pytest.mark.parametrize("changes,field", [
    ({"filed_on": IN_THE_FUTURE}, "filed_on"),
    ({"court": ""}, "court"),
    ({"charges": []}, "charges"),
    ({"charges": ["x" * 301]}, "charges"),
    ({"charges": {"a": 1}}, "charges"),
])
def test_a_bad_indictment_is_refused(make, atf, changes, field):
    agent, api, case = atf
    person = make.subject(agent, case, "person", **PERSON)
    response = indict(api, case, person.id, **changes)
    assert response.status_code == 400 and field in response.get_json()["error"]["fields"], response.get_json()
    assert count(Indictment) == 0


@pytest.mark.parametrize("body,field", [
    ({"outcome": "convicted", "decided_on": "2026-05-03"}, "decided_on"),   # before the indictment
    ({"outcome": "convicted", "decided_on": IN_THE_FUTURE}, "decided_on"),
    ({"outcome": "acquitted", "decided_on": "2026-06-01", "sentence_months": 12}, "sentence_months"),
    ({"outcome": "convicted", "decided_on": "2026-06-01", "sentence_months": -1}, "sentence_months"),
    ({"outcome": "hung", "decided_on": "2026-06-01"}, "outcome"),
])
def test_a_bad_disposition_is_refused(make, atf, body, field):
    agent, api, case = atf
    person = make.subject(agent, case, "person", **PERSON)
    indictment_id = indict(api, case, person.id).get_json()["id"]
    response = api.post(f"/api/v1/indictments/{indictment_id}/dispositions", json=body)
    assert response.status_code == 400 and field in response.get_json()["error"]["fields"], response.get_json()
    assert count(Disposition) == 0


@pytest.mark.parametrize("outcome", ["plea", "acquitted", "dismissed"])
def test_every_disposition_outcome_is_accepted(make, atf, outcome):
    agent, api, case = atf
    person = make.subject(agent, case, "person", **PERSON)
    indictment_id = indict(api, case, person.id).get_json()["id"]
    response = api.post(f"/api/v1/indictments/{indictment_id}/dispositions",
                        json={"outcome": outcome, "decided_on": "2026-06-01"})
    assert response.status_code == 201 and response.get_json()["outcome"] == outcome


def test_another_agency_cannot_record_outcomes_on_a_case(client, make, atf):
    agent, api, case = atf
    person = make.subject(agent, case, "person", **PERSON)
    indictment_id = indict(api, case, person.id).get_json()["id"]
    ice = Api(client, make.token(make.user("ICE")))
    assert indict(ice, case, person.id).status_code == 404
    assert ice.post(f"/api/v1/indictments/{indictment_id}/dispositions",
                    json={"outcome": "convicted", "decided_on": "2026-06-01"}).status_code == 404
    monitor = Api(client, make.token(make.user("USAO", role="monitor")))
    assert monitor.post(f"/api/v1/cases/{case.id}/seizures", json={}).status_code == 403


# Seizures and traces


SEIZURE = {"seized_on": "2026-02-10", "place": "DeConcini port of entry, Nogales", "country": "US",
           "port_of_entry": "Nogales", "direction": "southbound", "firearms_rifle": 12, "firearms_pistol": 3,
           "rounds": 2400}


def test_seizure_and_trace_with_its_answer(make, atf):
    agent, api, case = atf
    seizure = api.post(f"/api/v1/cases/{case.id}/seizures", json=SEIZURE)
    assert seizure.status_code == 201, seizure.get_json()
    assert seizure.get_json()["firearms"] == 15 and seizure.get_json()["firearms_rifle"] == 12
    rifle = make.subject(agent, case, "firearm", make="Cugir", model="WASR-10", caliber="7.62x39",
                         firearm_type="rifle", serial_number="1-AB-1034-19")
    trace = api.post(f"/api/v1/cases/{case.id}/traces",
                     json={"seizure_id": seizure.get_json()["id"], "firearm_id": rifle.id, "sent_on": "2026-02-11"})
    assert trace.status_code == 201, trace.get_json()
    assert trace.get_json()["days_taken"] is None
    answer = api.patch(f"/api/v1/traces/{trace.get_json()['id']}",
                       json={"answered_on": "2026-02-25", "result": "purchaser_found"})
    assert answer.status_code == 200 and answer.get_json()["days_taken"] == 14
    again = api.patch(f"/api/v1/traces/{trace.get_json()['id']}",
                      json={"answered_on": "2026-02-26", "result": "not_found"})
    assert again.status_code == 409


@pytest.mark.parametrize("changes,field", [
    ({"firearms_rifle": 0, "firearms_pistol": 0, "rounds": 0}, "rounds"),
    ({"direction": "sideways"}, "direction"),
    ({"direction": "inland"}, "port_of_entry"),
    ({"seized_on": IN_THE_FUTURE}, "seized_on"),
    ({"firearms_rifle": -2}, "firearms_rifle"),
    ({"country": "ZZ"}, "country"),  # any country but an ISO code of none
])
def test_a_bad_seizure_is_refused(atf, changes, field):
    _agent, api, case = atf
    response = api.post(f"/api/v1/cases/{case.id}/seizures", json={**SEIZURE, **changes})
    assert response.status_code == 400 and field in response.get_json()["error"]["fields"], response.get_json()
    assert count(Seizure) == 0


def test_trace_dates_keep_their_order(atf):
    _agent, api, case = atf
    seizure_id = api.post(f"/api/v1/cases/{case.id}/seizures", json=SEIZURE).get_json()["id"]
    early = api.post(f"/api/v1/cases/{case.id}/traces", json={"seizure_id": seizure_id, "sent_on": "2026-02-09"})
    assert early.status_code == 400 and "sent_on" in early.get_json()["error"]["fields"]
    backwards = api.post(f"/api/v1/cases/{case.id}/traces",
                         json={"sent_on": "2026-02-11", "answered_on": "2026-02-10", "result": "not_found"})
    assert backwards.status_code == 400 and "answered_on" in backwards.get_json()["error"]["fields"]
    no_result = api.post(f"/api/v1/cases/{case.id}/traces", json={"sent_on": "2026-02-11",
                                                                   "answered_on": "2026-02-12"})
    assert no_result.status_code == 400 and "result" in no_result.get_json()["error"]["fields"]
    assert count(TraceRequest) == 0


def test_the_openapi_document_describes_the_outcome_and_report_endpoints(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    paths = spec["paths"]
    referral = paths["/api/v1/cases/{case_id}/referrals"]["post"]["requestBody"]["content"]["application/json"]
    assert {"to_agency", "kind", "sent_on"} <= set(referral["schema"]["properties"])
    decision = paths["/api/v1/referrals/{referral_id}"]["patch"]["requestBody"]["content"]["application/json"]
    assert decision["schema"]["properties"]["status"]["enum"] == ["accepted", "declined"]
    indictment = paths["/api/v1/cases/{case_id}/indictments"]["post"]["requestBody"]["content"]["application/json"]
    assert {"subject_id", "filed_on", "court", "charges"} <= set(indictment["schema"]["required"])
    disposition = paths["/api/v1/indictments/{indictment_id}/dispositions"]["post"]["requestBody"]["content"]
    assert set(disposition["application/json"]["schema"]["properties"]["outcome"]["enum"]) == \
        {"convicted", "acquitted", "dismissed", "plea"}
    report = paths["/api/v1/reports/outcomes"]["get"]
    assert {p["name"] for p in report["parameters"]} >= {"agency", "fiscal_year"}
    routes = {rule.rule for rule in client.application.url_map.iter_rules()
              if rule.endpoint.startswith("api.") and ("referral" in rule.rule or "indictment" in rule.rule
                                                      or "report" in rule.rule or "traces" in rule.rule)}
    documented = {re.sub(r"\{(\w+)\}", r"<int:\1>", path) for path in paths}
    assert routes <= documented, routes - documented


def test_ids_beyond_what_the_database_holds_are_a_404(atf, usao):
    _agent, api, _case = atf
    huge = 2**63
    assert usao.get(f"/api/v1/referrals/{huge}").status_code == 404
    assert api.post(f"/api/v1/indictments/{huge}/dispositions", json={"outcome": "dismissed",
                                                                       "decided_on": "2026-03-01"}).status_code == 404
    answer = {"answered_on": "2026-03-01", "result": "not_found"}
    assert api.patch(f"/api/v1/traces/{huge}", json=answer).status_code == 404


def test_a_refusal_names_its_date_as_the_reader_writes_dates(client, make, atf):
    _agent, api, case = atf
    referral = refer(api, case, to_agency="FGR", kind="investigative", sent_on="2026-03-02")
    assert referral.status_code == 201, referral.get_json()
    fgr = Api(client, make.token(make.user("FGR", locale="es")))
    response = fgr.patch(f"/api/v1/referrals/{referral.get_json()['id']}",
                         json={"status": "accepted", "decided_on": "2026-03-01"})
    message = response.get_json()["error"]["fields"]["decided_on"]
    assert "02/03/2026" in str(message) and "2026-03-02" not in str(message), message
