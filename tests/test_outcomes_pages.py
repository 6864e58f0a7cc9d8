"""Outcome records through the pages: the case page's section, the forms, the referrals inbox."""
from __future__ import annotations

import re
from datetime import date

from coordinator.extensions import db
from coordinator.outcomes.models import Indictment, Referral, Seizure, TraceRequest

from .factories import login, post_form

PERSON = {"first_name": "Brenda", "last_name": "Ochoa", "dob": "1998-11-21", "sex": "F"}


def test_the_case_page_offers_and_lists_outcomes(client, make):
    agent = make.user("ATF")
    case = make.case(agent, opened_on=date(2026, 1, 15))
    login(client, agent)
    page = client.get(f"/cases/{case.id}")
    assert 'id="outcomes"' in page.text
    assert "No referral, indictment, seizure or trace request recorded yet." in page.text
    for path in ("referrals", "indictments", "seizures", "traces"):
        assert f"/cases/{case.id}/{path}/new" in page.text

    response = post_form(client, f"/cases/{case.id}/referrals/new",
                         {"to_agency": "USAO", "kind": "prosecution", "sent_on": "2026-03-02"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/cases/{case.id}#outcomes")
    page = client.get(f"/cases/{case.id}").text
    assert "Referral for prosecution" in page and "Pending a decision" in page


def test_a_bad_referral_form_shows_the_errors_and_saves_nothing(client, make):
    agent = make.user("ATF")
    case = make.case(agent, opened_on=date(2026, 1, 15))
    login(client, agent)
    response = post_form(client, f"/cases/{case.id}/referrals/new",
                         {"to_agency": "ICE", "kind": "prosecution", "sent_on": "2026-01-01"})
    assert response.status_code == 422
    assert "A referral for prosecution goes to a prosecutor: FGE-BC, FGE-CHIH, FGE-SON, FGE-TAMPS, FGR, MP-GT, USAO." in response.text
    future = post_form(client, f"/cases/{case.id}/referrals/new",
                       {"to_agency": "USAO", "kind": "prosecution", "sent_on": "2999-01-01"})
    assert future.status_code == 422 and "This date is in the future." in future.text
    assert db.session.scalar(db.select(db.func.count(Referral.id))) == 0


def test_indictment_disposition_seizure_and_trace_through_the_forms(client, make):
    agent = make.user("ATF")
    case = make.case(agent, opened_on=date(2026, 1, 15))
    person = make.subject(agent, case, "person", **PERSON)
    make.subject(agent, case)  # a phone: not offered as a defendant
    login(client, agent)
    form = client.get(f"/cases/{case.id}/indictments/new").text
    defendants = re.search(r'<select[^>]*name="subject_id".*?</select>', form, re.S).group(0)
    assert defendants.count('<option value="') == 2  # the blank choice and the one person
    response = post_form(client, f"/cases/{case.id}/indictments/new", {
        "subject_id": str(person.id), "filed_on": "2026-04-01", "court": "D. Ariz.",
        "charges": "18 U.S.C. § 922(a)(6)\n18 U.S.C. § 371"})
    assert response.status_code == 302, response.text
    indictment = db.session.scalar(db.select(Indictment))
    assert indictment.charges == ["18 U.S.C. § 922(a)(6)", "18 U.S.C. § 371"]

    early = post_form(client, f"/indictments/{indictment.id}/disposition",
                      {"outcome": "convicted", "decided_on": "2026-03-01"})
    assert early.status_code == 422 and "cannot come before its indictment" in early.text
    assert post_form(client, f"/indictments/{indictment.id}/disposition",
                     {"outcome": "plea", "decided_on": "2026-06-01", "sentence_months": "37"}).status_code == 302
    assert client.get(f"/indictments/{indictment.id}/disposition").status_code == 302  # already disposed

    seizure = post_form(client, f"/cases/{case.id}/seizures/new", {
        "seized_on": "2026-02-01", "place": "Lukeville", "country": "US", "port_of_entry": "Lukeville",
        "direction": "southbound", "firearms_rifle": "6", "rounds": "900"})
    assert seizure.status_code == 302, seizure.text
    seizure_id = db.session.scalar(db.select(Seizure.id))
    trace = post_form(client, f"/cases/{case.id}/traces/new", {"seizure_id": str(seizure_id), "sent_on": "2026-02-02"})
    assert trace.status_code == 302, trace.text
    trace_id = db.session.scalar(db.select(TraceRequest.id))
    assert post_form(client, f"/traces/{trace_id}/answer",
                     {"answered_on": "2026-02-05", "result": "not_found"}).status_code == 302
    page = client.get(f"/cases/{case.id}").text
    assert "Convicted on a plea agreement" in page and "37 months" in page
    assert "Southbound (towards Mexico)" in page and "Rifle: 6" in page
    assert "First retail purchaser not found" in page


def test_the_prosecutor_decides_in_the_referrals_inbox(client, make):
    agent, prosecutor = make.user("ATF"), make.user("USAO")
    case = make.case(agent, number="PHX-26-050", opened_on=date(2026, 1, 15))
    login(client, agent)
    post_form(client, f"/cases/{case.id}/referrals/new", {"to_agency": "USAO", "kind": "prosecution",
                                                          "sent_on": "2026-03-02"})
    referral = db.session.scalar(db.select(Referral))
    sent = client.get("/referrals?direction=sent").text
    assert "PHX-26-050" in sent and "Record the decision received" in sent  # the sender may record it too
    client.post("/logout", data={"csrf_token": ""})

    other = client.application.test_client()
    login(other, prosecutor)
    inbox = other.get("/referrals").text
    assert "PHX-26-050" in inbox and f"/referrals/{referral.id}/decide" in inbox
    assert 'aria-label="1 open"' in inbox  # the navigation counts what waits for a decision
    bad = post_form(other, f"/referrals/{referral.id}/decide", {"status": "declined", "decided_on": "2026-03-01"})
    assert bad.status_code == 422 and "cannot be decided before it was sent" in bad.text
    good = post_form(other, f"/referrals/{referral.id}/decide",
                     {"status": "declined", "decided_on": "2026-03-20", "reason": "Declined: no venue"})
    assert good.status_code == 302
    db.session.expire_all()
    assert db.session.get(Referral, referral.id).status == "declined"
    assert 'aria-label="1 open"' not in other.get("/referrals").text
    # The prosecutor's users cannot open the case itself: the referral did not share it.
    assert other.get(f"/cases/{case.id}").status_code == 404


def test_monitors_and_other_agencies_cannot_use_the_outcome_pages(client, make):
    agent = make.user("ATF")
    case = make.case(agent)
    login(client, make.user("ICE"))
    assert client.get(f"/cases/{case.id}/referrals/new").status_code == 404
    other = client.application.test_client()
    login(other, make.user("USAO", role="monitor"))
    assert other.get(f"/cases/{case.id}/referrals/new").status_code == 403
    assert other.get("/referrals").status_code == 403
