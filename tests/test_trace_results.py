"""Traces with results: the dealer and the purchaser become records that deconflict; time-to-crime; timeliness."""
from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from coordinator.extensions import db
from coordinator.outcomes.models import TraceRequest
from coordinator.subjects.models import Association, SubjectRecord

from .factories import Api, login, post_form

DEALER = {"license_number": "9-86-013-01-2F-04711", "name": "Desert Gun Exchange"}
PURCHASER = {"first_name": "Uriel", "last_name": "Patiño", "second_last_name": "Leyva", "dob": "1991-08-14"}
SEIZURE = {"seized_on": "2026-03-10", "place": "Culiacán", "country": "MX", "direction": "inland", "state": "SIN"}


@pytest.fixture()
def atf_records(make):
    """ATF's own records of the Phoenix dealer and of the straw purchaser."""
    agent = make.user("ATF")
    case = make.case(agent, opened_on=date(2025, 6, 1))
    dealer = make.subject(agent, case, "dealer", role="source_dealer", **DEALER)
    person = make.subject(agent, case, "person", role="straw_purchaser",
                          first_name="Uriel", last_name="Patino", second_last_name="Leyva", dob="1991-08-14")
    return dealer, person


@pytest.fixture()
def fgr(client, make):
    agent = make.user("FGR")
    api = Api(client, make.token(agent))
    case = make.case(agent, opened_on=date(2026, 3, 1))
    seizure = api.post(f"/api/v1/cases/{case.id}/seizures",
                       json={**SEIZURE, "items": [{"make": "Cugir", "firearm_type": "rifle",
                                                   "serial_number": "1AB103419"}]}).get_json()
    return agent, api, case, seizure


def sent(api, case, seizure, **changes):
    body = {"seizure_id": seizure["id"], "firearm_id": seizure["item_ids"][0], "sent_on": "2026-03-11", **changes}
    return api.post(f"/api/v1/cases/{case.id}/traces", json=body)


def test_a_trace_answer_creates_dealer_and_purchaser_records_that_meet_atfs(atf_records, fgr):
    atf_dealer, atf_person = atf_records
    _agent, api, case, seizure = fgr
    trace = sent(api, case, seizure, urgent=True, requested_at="2026-03-11T09:00:00-07:00").get_json()
    assert trace["urgent"] is True and trace["dealer_id"] is None and trace["time_to_crime_days"] is None
    answer = api.patch(f"/api/v1/traces/{trace['id']}", json={
        "answered_on": "2026-03-12", "answered_at": "2026-03-12T08:00:00-07:00",
        "result": "purchaser_found", "dealer": DEALER, "purchaser": PURCHASER,
        "purchased_on": "2025-11-20", "purchase_city": "Phoenix", "purchase_state": "AZ",
        "manufacturer": "Cugir", "importer": "Century Arms"})
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert body["time_to_crime_days"] == (date(2026, 3, 10) - date(2025, 11, 20)).days == 110
    assert body["days_taken"] == 1 and body["answered_within_24h"] is True and body["urgent"] is True
    dealer, purchaser = (db.session.get(SubjectRecord, body[name]) for name in ("dealer_id", "purchaser_id"))
    assert dealer.case_id == case.id and dealer.kind == "dealer" and dealer.role == "source_dealer"
    assert purchaser.case_id == case.id and purchaser.kind == "person"
    others = {(c["this"]["id"], c["other"]["agency"]) for c in body["conflicts"]}
    assert (dealer.id, "ATF") in others and (purchaser.id, "ATF") in others
    # The gun is tied to the dealer that sold it.
    assert db.session.scalar(db.select(Association.id).where(
        Association.from_subject_id == seizure["item_ids"][0], Association.to_subject_id == dealer.id,
        Association.kind == "bought_at"))


def test_a_second_trace_links_to_the_cases_own_dealer_record(atf_records, fgr):
    _agent, api, case, seizure = fgr
    first = sent(api, case, seizure, answered_on="2026-03-20", result="not_found", dealer=DEALER).get_json()
    second = sent(api, case, seizure, answered_on="2026-03-21", result="not_found",
                  dealer={"license_number": "98601301 2F04711"}).get_json()
    assert first["dealer_id"] and second["dealer_id"] == first["dealer_id"]
    assert db.session.scalar(db.select(db.func.count(SubjectRecord.id)).where(
        SubjectRecord.case_id == case.id, SubjectRecord.kind == "dealer")) == 1


@pytest.mark.parametrize("changes,field", [
    ({"dealer": DEALER}, "answered_on"),  # findings come with the answer
    ({"answered_on": "2026-03-12", "result": "not_found", "purchaser": PURCHASER}, "purchaser"),
    ({"answered_on": "2026-03-12", "result": "purchaser_found", "purchaser": {**PURCHASER, "dob": "1800-01-01"}},
     "purchaser-dob"),
    ({"answered_on": "2026-03-12", "result": "purchaser_found", "dealer": {"license_number": "12"}},
     "dealer-license_number"),
    ({"answered_on": "2026-03-12", "result": "purchaser_found", "dealer": {"fax": "1"}}, "dealer-fax"),
    ({"answered_on": "2026-03-12", "result": "purchaser_found", "purchased_on": "2026-03-11"}, "purchased_on"),
    ({"answered_on": "2026-03-12", "result": "not_found", "purchase_state": "Narnia"}, "purchase_state"),
    ({"purchased_on": "2025-01-01"}, "purchased_on"),
    ({"urgent": "yes"}, "urgent"),
])
def test_bad_findings_are_refused_and_nothing_is_written(fgr, changes, field):
    _agent, api, case, seizure = fgr
    records = db.session.scalar(db.select(db.func.count(SubjectRecord.id)))
    response = sent(api, case, seizure, **changes)
    assert response.status_code == 400 and field in response.get_json()["error"]["fields"], response.get_json()
    assert db.session.scalar(db.select(db.func.count(TraceRequest.id))) == 0
    assert db.session.scalar(db.select(db.func.count(SubjectRecord.id))) == records


def test_a_patch_without_urgent_keeps_the_urgency(fgr):
    _agent, api, case, seizure = fgr
    trace = sent(api, case, seizure, urgent=True).get_json()
    answer = api.patch(f"/api/v1/traces/{trace['id']}", json={"answered_on": "2026-03-25", "result": "not_found"})
    assert answer.get_json()["urgent"] is True and answer.get_json()["answered_within_24h"] is False


def test_the_report_gives_urgent_traces_those_within_24_hours_and_the_median_days(make, fgr):
    agent, api, case, seizure = fgr
    # Urgent: answered after 0, 1 and 3 days, and one not answered; routine: answered after 10 days.
    for sent_on, answered_on, urgent in [("2026-03-11", "2026-03-11", True), ("2026-03-11", "2026-03-12", True),
                                         ("2026-03-11", "2026-03-14", True), ("2026-03-11", None, True),
                                         ("2026-03-11", "2026-03-21", False)]:
        answer = {"answered_on": answered_on, "result": "not_found",
                  "answered_at": f"{answered_on}T09:00:00Z"} if answered_on else {}
        assert sent(api, case, seizure, sent_on=sent_on, urgent=urgent, requested_at=f"{sent_on}T09:00:00Z",
                    **answer).status_code == 201
    report = api.get("/api/v1/reports/outcomes?agency=FGR&fiscal_year=2026").get_json()
    assert report["traces_urgent"] == 4 and report["traces_urgent_within_24h"] == 2
    assert report["trace_median_days"] == 2.0  # days 0, 1, 3, 10
    other_year = api.get("/api/v1/reports/outcomes?agency=FGR&fiscal_year=2025").get_json()
    assert other_year["traces_urgent"] == 0 and other_year["trace_median_days"] is None


@pytest.mark.parametrize("requested_at,answered_on,answered_at,within", [
    ("2026-03-11T10:00:00Z", "2026-03-12", "2026-03-12T10:00:00Z", True),   # 24 hours to the second
    ("2026-03-11T10:00:00Z", "2026-03-12", "2026-03-12T10:00:01Z", False),  # one second more
    ("2026-03-11T23:00:00Z", "2026-03-12", "2026-03-12T23:30:00Z", False),  # the next day, 24.5 hours later
    ("2026-03-11T00:30:00Z", "2026-03-11", "2026-03-11T23:59:00Z", True),
    # Offsets are moments: 17:00 in Culiacán (-07:00) is midnight UTC; the dates are the writer's own.
    ("2026-03-11T17:00:00-07:00", "2026-03-12", "2026-03-12T17:00:00-07:00", True),
    ("2026-03-11T17:00:00-07:00", "2026-03-12", "2026-03-12T17:00:01-07:00", False),
    (None, "2026-03-12", "2026-03-12T10:00:00Z", False),  # a request recorded afterwards without its moment
])
def test_urgent_within_24_hours_is_counted_on_the_moments_not_the_dates(fgr, requested_at, answered_on,
                                                                          answered_at, within):
    _agent, api, case, seizure = fgr
    moment = {"requested_at": requested_at} if requested_at else {}
    trace = sent(api, case, seizure, urgent=True, **moment).get_json()
    answer = api.patch(f"/api/v1/traces/{trace['id']}", json={"answered_on": answered_on, "answered_at": answered_at,
                                                               "result": "not_found"})
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["answered_within_24h"] is within
    report = api.get("/api/v1/reports/outcomes?agency=FGR&fiscal_year=2026").get_json()
    assert (report["traces_urgent"], report["traces_urgent_within_24h"]) == (1, int(within))


@pytest.mark.parametrize("changes,field", [
    ({"requested_at": "2026-03-12T10:00:00Z"}, "requested_at"),     # not on the day it was sent
    ({"requested_at": "2026-03-11T10:00:00"}, "requested_at"),      # no offset: a wall clock is nowhere
    ({"answered_on": "2026-03-11", "result": "not_found", "requested_at": "2026-03-11T10:00:00Z",
      "answered_at": "2026-03-11T09:00:00Z"}, "answered_at"),       # answered before it was asked
    ({"answered_at": "2026-03-11T10:00:00Z"}, "answered_at"),       # a moment without the answer's date
])
def test_moments_that_contradict_the_dates_are_refused(fgr, changes, field):
    _agent, api, case, seizure = fgr
    response = sent(api, case, seizure, **changes)
    assert response.status_code == 400 and field in response.get_json()["error"]["fields"], response.get_json()
    assert db.session.scalar(db.select(db.func.count(TraceRequest.id))) == 0


def test_a_step_dated_today_on_the_page_is_taken_as_happening_now(client, fgr):
    agent, _api, case, seizure = fgr
    login(client, agent)
    # Today where the agent is: just after midnight UTC it is still yesterday in Mexico.
    today = datetime.now(ZoneInfo(agent.timezone or "UTC")).date().isoformat()
    response = post_form(client, f"/cases/{case.id}/traces/new", {
        "seizure_id": str(seizure["id"]), "sent_on": today, "answered_on": today, "result": "not_found",
        "urgent": "y"})
    assert response.status_code == 302, response.text
    trace = db.session.scalar(db.select(TraceRequest))
    assert trace.requested_at is not None and trace.answered_at is not None and trace.answered_within_24h


def test_a_trace_answer_with_its_findings_on_the_page(client, make, atf_records, fgr):
    agent, api, case, seizure = fgr
    trace = sent(api, case, seizure, urgent=True).get_json()
    login(client, agent)
    url = f"/traces/{trace['id']}/answer"
    assert re.search(r'<input[^>]*checked[^>]*name="urgent"|<input[^>]*name="urgent"[^>]*checked', client.get(url).text)
    bad = post_form(client, url, {"answered_on": "2026-03-12", "result": "not_found",
                                  "purchaser_last_name": "Patiño"})
    assert bad.status_code == 422 and "A purchaser is given only when the trace found one." in bad.text
    response = post_form(client, url, {
        "answered_on": "2026-03-12", "result": "purchaser_found", "purchased_on": "2025-11-20",
        "purchase_state": "AZ", "dealer_license_number": DEALER["license_number"],
        "purchaser_first_name": "Uriel", "purchaser_last_name": "Patiño", "purchaser_second_last_name": "Leyva",
        "purchaser_dob": "1991-08-14", "urgent": "y"})
    assert response.status_code == 302, response.text
    answered = db.session.get(TraceRequest, trace["id"])
    assert answered.time_to_crime_days == 110 and answered.urgent is True
    assert answered.dealer.case_id == case.id and answered.purchaser.data["last_name"] == "Patiño"
    page = client.get(f"/cases/{case.id}").text
    assert "Time-to-crime: 110 days" in page
