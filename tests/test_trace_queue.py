"""The tracing agency (ATF) answers the trace requests of other agencies' cases, seeing the gun and the request only."""
from __future__ import annotations

from datetime import date

import pytest

from coordinator.extensions import db
from coordinator.outcomes.models import TraceRequest
from coordinator.subjects.models import SubjectRecord

from .factories import Api, login, post_form

SEIZURE = {"seized_on": "2026-03-10", "place": "Qzplace Culiacán safe house", "country": "MX",
           "direction": "inland", "state": "SIN"}
GUN = {"make": "Cugir", "model": "WASR-10", "caliber": "7.62x39", "firearm_type": "rifle",
       "serial_number": "1AB103419"}
# FGR's case and its other records: never shown to the tracing agency.
SECRETS = ("Qzcase Sinaloa inquiry", "Qzsuspect", "Tlacuachextra", "Qznote of the request", "Qzplace")


@pytest.fixture()
def request_of_fgr(client, make):
    agent = make.user("FGR")
    api = Api(client, make.token(agent))
    case = make.case(agent, opened_on=date(2026, 3, 1), title=SECRETS[0])
    make.subject(agent, case, "person", first_name=SECRETS[1], last_name=SECRETS[2])
    seizure = api.post(f"/api/v1/cases/{case.id}/seizures", json={**SEIZURE, "items": [GUN]}).get_json()
    trace = api.post(f"/api/v1/cases/{case.id}/traces", json={
        "seizure_id": seizure["id"], "firearm_id": seizure["item_ids"][0], "sent_on": "2026-03-11",
        "requested_at": "2026-03-11T09:00:00-07:00", "urgent": True, "note": SECRETS[3]}).get_json()
    return api, case, trace


def test_atf_answers_another_agencys_trace_through_the_api_and_sees_the_gun_only(make, client, request_of_fgr):
    fgr, case, trace = request_of_fgr
    atf = Api(client, make.token(make.user("ATF")))
    queue = atf.get("/api/v1/traces")
    assert queue.status_code == 200
    [item] = queue.get_json()["items"]
    assert item["id"] == trace["id"] and item["requesting_agency"] == "FGR" and item["urgent"] is True
    assert {name: item[name] for name in ("make", "model", "caliber", "serial_number")} == {
        name: GUN[name] for name in ("make", "model", "caliber", "serial_number")}
    answer = atf.patch(f"/api/v1/traces/{trace['id']}", json={
        "answered_on": "2026-03-12", "answered_at": "2026-03-12T07:30:00-07:00", "result": "purchaser_found",
        "dealer": {"license_number": "9-86-013-01-2F-04711"},
        "purchaser": {"first_name": "Uriel", "last_name": "Patiño", "dob": "1991-08-14"},
        "purchased_on": "2025-11-20", "purchase_state": "AZ", "urgent": False, "note": "Qztracer overwrote"})
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert body["time_to_crime_days"] == 110 and body["answered_within_24h"] is True
    assert body["urgent"] is True  # the urgency is the requester's to say
    for name in ("case_id", "dealer_id", "purchaser_id", "conflicts", "note", "seizure_id", "firearm_id"):
        assert name not in body
    text = answer.get_data(as_text=True) + queue.get_data(as_text=True)
    assert not [mark for mark in SECRETS if mark in text]
    # The findings are records of FGR's case, which deconflict as FGR's.
    stored = db.session.get(TraceRequest, trace["id"])
    assert stored.note == SECRETS[3]  # the requester's note stays as written
    assert stored.dealer.case_id == case.id and stored.purchaser.case_id == case.id
    assert stored.purchaser.agency_id == case.agency_id
    # A second answer is refused; FGR still reads its trace whole.
    again = atf.patch(f"/api/v1/traces/{trace['id']}", json={"answered_on": "2026-03-12", "result": "not_found"})
    assert again.status_code == 409
    outcomes = fgr.get(f"/api/v1/cases/{case.id}/outcomes").get_json()
    assert outcomes["traces"][0]["dealer_id"] == stored.dealer_id


def test_atf_gains_no_read_access_to_the_requesting_case(make, client, request_of_fgr):
    _fgr, case, trace = request_of_fgr
    atf = Api(client, make.token(make.user("ATF")))
    atf.patch(f"/api/v1/traces/{trace['id']}", json={"answered_on": "2026-03-12", "result": "not_found"})
    gun = db.session.scalar(db.select(SubjectRecord).where(SubjectRecord.case_id == case.id,
                                                           SubjectRecord.kind == "firearm"))
    for path in (f"/api/v1/cases/{case.id}", f"/api/v1/cases/{case.id}/outcomes", f"/api/v1/subjects/{gun.id}",
                 f"/api/v1/seizures/{trace['seizure_id']}"):
        assert atf.get(path).status_code in (403, 404), path


@pytest.mark.parametrize("agency,role", [("ICE", "agent"), ("FGR", "agent"), ("ATF", "monitor")])
def test_only_the_tracing_agencys_case_workers_have_the_queue(make, client, request_of_fgr, agency, role):
    _fgr, _case, trace = request_of_fgr
    user = make.user(agency, role=role)
    api = Api(client, make.token(user))
    assert api.get("/api/v1/traces").status_code == 403
    answer = api.patch(f"/api/v1/traces/{trace['id']}", json={"answered_on": "2026-03-12", "result": "not_found"})
    assert answer.status_code in (403, 404) if agency != "FGR" else answer.status_code == 200
    login(client, user)
    assert client.get("/traces").status_code == 403


def test_atf_answers_on_the_queue_page_seeing_the_gun_only(make, client, request_of_fgr):
    _fgr, case, trace = request_of_fgr
    atf = make.user("ATF")
    login(client, atf)
    home = client.get("/traces")
    assert home.status_code == 200 and GUN["serial_number"] in home.text and "FGR" in home.text
    url = f"/traces/{trace['id']}/answer"
    form = client.get(url).text
    assert GUN["serial_number"] in form and GUN["model"] in form
    assert 'name="urgent"' not in form and 'name="note"' not in form
    for page in (home.text, form):
        assert not [mark for mark in SECRETS if mark in page]
    bad = post_form(client, url, {"answered_on": "2026-03-12", "result": "not_found",
                                  "purchaser_last_name": "Patiño"})
    assert bad.status_code == 422 and "A purchaser is given only when the trace found one." in bad.text
    done = post_form(client, url, {"answered_on": "2026-03-12", "result": "purchaser_found",
                                   "purchased_on": "2025-11-20", "purchase_state": "AZ",
                                   "dealer_license_number": "9-86-013-01-2F-04711"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/traces")
    stored = db.session.get(TraceRequest, trace["id"])
    assert stored.result == "purchaser_found" and stored.dealer.case_id == case.id and stored.urgent is True
    assert client.get(f"/cases/{case.id}").status_code == 404
    answered = client.get("/traces?status=answered").text
    assert GUN["serial_number"] in answered and not [mark for mark in SECRETS if mark in answered]
