"""Match review: possible matches wait for a judgement; a rejected pair never comes back."""
from __future__ import annotations

from coordinator.accounts.models import Agency
from coordinator.conflicts.models import AlertEvent, ConflictAlert, SubjectLink
from coordinator.extensions import db
from coordinator.notifications.models import Notification
from coordinator.review.models import LinkJudgement
from coordinator.subjects.models import SubjectRecord

from .factories import Api, login, post_form
from .test_deconfliction import agency_api

BUSINESS = {"kind": "business", "role": "other", "name": "Armas del Norte SA de CV"}
VARIANT = {**BUSINESS, "name": "Armas del Norte, S.A. de C.V."}


def possible_pair(client, make, role: str = "agent"):
    """ATF and FGR each hold a business of the same name: a possible match, nothing more."""
    _a, atf, atf_case = agency_api(client, make, "ATF", role=role)
    _b, fgr, fgr_case = agency_api(client, make, "FGR", role=role)
    mine = atf.post(f"/api/v1/cases/{atf_case.id}/subjects", json=BUSINESS).get_json()
    theirs = fgr.post(f"/api/v1/cases/{fgr_case.id}/subjects", json=VARIANT).get_json()
    assert theirs["conflicts"][0]["level"] == "possible"
    link = db.session.scalar(db.select(SubjectLink))
    return atf, fgr, mine, theirs, link, theirs["conflicts"][0]["id"]


def alerts() -> list[ConflictAlert]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(ConflictAlert)))


def test_a_possible_match_waits_in_the_queue_of_both_agencies(client, make):
    atf, fgr, mine, theirs, link, alert_id = possible_pair(client, make)
    for api, own in ((atf, mine), (fgr, theirs)):
        items = api.get("/api/v1/matches").get_json()["items"]
        assert [i["id"] for i in items] == [link.id]
        assert items[0]["this"]["id"] == own["id"] and items[0]["state"] == "auto"
        assert items[0]["other"]["agency"] == ("FGR" if api is atf else "ATF")
        assert items[0]["reasons"] == ["same business name"] and items[0]["alert_id"] == alert_id
    assert "Armas del Norte, S.A." not in str(atf.get("/api/v1/matches").get_json())  # not the other's record
    outsider = Api(client, make.token(make.user("ICE")))
    assert outsider.get("/api/v1/matches").get_json()["items"] == []
    assert outsider.get(f"/api/v1/matches/{link.id}").status_code == 404
    assert outsider.post(f"/api/v1/matches/{link.id}", json={"decision": "rejected", "note": "x"}).status_code == 404
    login(client, make.user("ATF", role="supervisor"))
    page = client.get("/review/matches")
    assert page.status_code == 200 and "Armas del Norte SA de CV" in page.text and "same business name" in page.text
    assert '<span class="badge" aria-label="1 open">1</span>' in page.text


def test_a_pair_both_agencies_reject_never_alerts_again_when_either_record_is_edited(client, make):
    atf, fgr, mine, theirs, link, alert_id = possible_pair(client, make, role="supervisor")
    missing = fgr.post(f"/api/v1/matches/{link.id}", json={"decision": "rejected"})
    assert missing.status_code == 400 and "note" in missing.get_json()["error"]["fields"]
    judged = fgr.post(f"/api/v1/matches/{link.id}",
                      json={"decision": "rejected", "note": "Ours is in Sonora; theirs is a Texas LLC"})
    assert judged.status_code == 200 and judged.get_json()["state"] == "auto"  # ATF has not judged yet
    assert atf.post(f"/api/v1/matches/{link.id}", json={"decision": "rejected", "note": "not them"}
                    ).status_code == 200
    [alert] = alerts()
    assert alert.status == "closed" and {s.status for s in alert.sides} == {"false_positive"}
    assert fgr.get("/api/v1/matches").get_json()["items"] == []
    # Edit both records, in ways that would match again: no conflict, no new alert.
    for api, record, change in ((atf, mine, {"notes": "storefront in Agua Prieta"}),
                                (fgr, theirs, {"name": "ARMAS DEL NORTE SA DE CV"}),
                                (atf, mine, {"name": "Armas del Norte S.A."})):
        edited = api.patch(f"/api/v1/subjects/{record['id']}", json=change)
        assert edited.status_code == 200 and edited.get_json()["conflicts"] == [], change
    assert len(alerts()) == 1 and alerts()[0].status == "closed"
    assert db.session.get(SubjectLink, link.id).state == "rejected"
    # The judgement is kept with who, when and why; ATF hears of it.
    judgement, _atf_judgement = db.session.scalars(db.select(LinkJudgement).order_by(LinkJudgement.id)).all()
    assert judgement.decision == "rejected" and judgement.note.startswith("Ours is in Sonora") and judgement.at
    assert judgement.agency.code == "FGR"
    told = db.session.scalars(db.select(Notification.kind).join(Notification.user)
                              .where(Notification.kind == "match_rejected")).all()
    assert told and all(kind == "match_rejected" for kind in told)


def test_a_confirmed_match_becomes_a_match_and_raises_the_network_conflicts(client, make):
    atf, fgr, mine, theirs, link, alert_id = possible_pair(client, make)
    # FGR's case and an ICE case share a phone: ICE is one case away from ATF once the business is confirmed.
    _c, ice, ice_case = agency_api(client, make, "ICE")
    phone = {"kind": "phone", "role": "suspect", "number": "+52 662 123 4567"}
    fgr.post(f"/api/v1/cases/{theirs['case_id']}/subjects", json=phone)
    ice.post(f"/api/v1/cases/{ice_case.id}/subjects", json=phone)
    assert not [a for a in alerts() if a.kind == "network"]  # a possible match is no chain to alert on
    confirmed = atf.post(f"/api/v1/matches/{link.id}", json={"decision": "confirmed", "note": "same RFC on invoices"})
    assert confirmed.status_code == 200
    assert confirmed.get_json()["state"] == "confirmed" and confirmed.get_json()["level"] == "match"
    alert = db.session.get(ConflictAlert, alert_id)
    assert alert.level == "match" and alert.severity == "high"
    network = [a for a in alerts() if a.kind == "network"]
    assert {s.agency.code for a in network for s in a.sides} == {"ATF", "ICE"}
    again = atf.post(f"/api/v1/matches/{link.id}", json={"decision": "confirmed", "note": "again"})
    assert again.status_code == 409
    # Editing a confirmed pair keeps it a match.
    atf.patch(f"/api/v1/subjects/{mine['id']}", json={"notes": "checked"})
    assert db.session.get(ConflictAlert, alert_id).level == "match"


def test_a_confirmed_match_leaves_the_network_alerts_between_other_agencies_cases_to_the_job_workers(client, make):
    """ATF confirms the business it shares with FGR; ATF's case also shares a phone with CBP's, FGR's with ICE's.

    ATF's own new network alert (with ICE) comes with the decision; CBP–FGR and CBP–ICE, which ATF does not
    wait for, are raised by the job workers.
    """
    atf, fgr, mine, theirs, link, _alert_id = possible_pair(client, make)
    _c, ice, ice_case = agency_api(client, make, "ICE")
    _d, cbp, cbp_case = agency_api(client, make, "CBP")
    for api, case_id, number in ((fgr, theirs["case_id"], "+52 662 123 4567"), (ice, ice_case.id, "+52 662 123 4567"),
                                 (atf, mine["case_id"], "+1 520 555 0188"), (cbp, cbp_case.id, "+1 520 555 0188")):
        assert api.post(f"/api/v1/cases/{case_id}/subjects",
                        json={"kind": "phone", "role": "suspect", "number": number}).status_code == 201
    make.network_looks()
    assert not [a for a in alerts() if a.kind == "network"]

    assert atf.post(f"/api/v1/matches/{link.id}", json={"decision": "confirmed", "note": "same RFC"}).status_code == 200

    def network_pairs():
        return {frozenset(s.agency.code for s in a.sides) for a in alerts() if a.kind == "network"}

    assert network_pairs() == {frozenset(("ATF", "ICE"))}
    assert [outcome for _job, outcome in make.network_looks()] == ["done"]
    assert network_pairs() == {frozenset(pair) for pair in (("ATF", "ICE"), ("CBP", "FGR"), ("CBP", "ICE"))}


def network_through_a_confirmed_match(client, make, other_chain: bool = False):
    """ATF–FGR (the business, confirmed) and FGR–ICE (a phone): a network alert between ATF and ICE.

    With ``other_chain`` a second FGR case also joins them, through two more phones (and FGR's first
    case to ATF's, three links apart: a network alert of its own).
    """
    atf, fgr, mine, theirs, link, alert_id = possible_pair(client, make, role="supervisor")
    _c, ice, ice_case = agency_api(client, make, "ICE")
    phone = {"kind": "phone", "role": "suspect", "number": "+52 662 123 4567"}
    fgr.post(f"/api/v1/cases/{theirs['case_id']}/subjects", json=phone)
    ice.post(f"/api/v1/cases/{ice_case.id}/subjects", json=phone)
    if other_chain:
        _d, fgr_other, second = agency_api(client, make, "FGR")
        for api, case_id, number in ((atf, mine["case_id"], "+1 520 555 0177"),
                                     (fgr_other, second.id, "+1 520 555 0177"),
                                     (fgr_other, second.id, "+52 656 987 6543"),
                                     (ice, ice_case.id, "+52 656 987 6543")):
            assert api.post(f"/api/v1/cases/{case_id}/subjects",
                            json={"kind": "phone", "role": "associate", "number": number}).status_code == 201
    assert atf.post(f"/api/v1/matches/{link.id}", json={"decision": "confirmed", "note": "same RFC"}).status_code == 200
    [network] = [a for a in alerts() if a.kind == "network" and {s.agency.code for s in a.sides} == {"ATF", "ICE"}]
    assert network.status == "open"
    return atf, fgr, link, network.id


def test_rejecting_a_match_closes_the_network_alerts_that_went_through_it(client, make):
    atf, fgr, link, network_id = network_through_a_confirmed_match(client, make)
    # ATF takes back its confirmation; FGR never confirmed: the link is no chain any more.
    rejected = atf.post(f"/api/v1/matches/{link.id}", json={"decision": "rejected", "note": "different RFC after all"})
    assert rejected.status_code == 200
    network = db.session.get(ConflictAlert, network_id)
    assert network.status == "closed" and {s.status for s in network.sides} == {"false_positive"}
    events = db.session.scalars(db.select(AlertEvent).where(AlertEvent.alert_id == network_id)
                                .order_by(AlertEvent.id)).all()
    # The engine closed it: neither the reviewer, nor the agency, nor the note reach ATF and ICE.
    assert events[-1].action == "network_withdrawn" and events[-1].agency_id is None and events[-1].note is None
    told = db.session.scalars(db.select(Notification).where(Notification.kind == "network_withdrawn")).all()
    assert {note.user.agency.code for note in told} == {"ATF", "ICE"}
    assert all("different RFC" not in str(note.params) for note in told)
    # Confirmed again, the chain is back and so is the alert, open for both sides.
    assert atf.post(f"/api/v1/matches/{link.id}", json={"decision": "confirmed", "note": "RFC checked again"}
                    ).status_code == 200
    db.session.expire_all()
    network = db.session.get(ConflictAlert, network_id)
    assert network.status == "open" and {s.status for s in network.sides} == {"open"}
    assert all(side.acknowledged_at is None and side.resolved_at is None for side in network.sides)


def test_a_network_alert_closes_when_a_changed_record_drops_a_link_of_its_chain(client, make):
    atf, fgr, link, network_id = network_through_a_confirmed_match(client, make)
    [phone] = db.session.scalars(db.select(SubjectLink).where(SubjectLink.kind == "phone")).all()
    fgr_id = db.session.scalar(db.select(Agency.id).where(Agency.code == "FGR"))
    fgr_phone = next(i for i in (phone.low_id, phone.high_id) if db.session.get(SubjectRecord, i).agency_id == fgr_id)
    changed = fgr.patch(f"/api/v1/subjects/{fgr_phone}", json={"number": "+52 662 765 4321"})
    assert changed.status_code == 200 and changed.get_json()["conflicts"] == []
    network = db.session.get(ConflictAlert, network_id)
    assert network.status == "closed" and {s.status for s in network.sides} == {"false_positive"}
    told = db.session.scalars(db.select(Notification).where(Notification.kind == "network_withdrawn")).all()
    assert {note.user.agency.code for note in told} == {"ATF", "ICE"}


def test_a_network_alert_another_chain_supports_stays_open_when_a_match_is_rejected(client, make):
    atf, fgr, link, network_id = network_through_a_confirmed_match(client, make, other_chain=True)
    assert atf.post(f"/api/v1/matches/{link.id}", json={"decision": "rejected", "note": "not them"}).status_code == 200
    network = db.session.get(ConflictAlert, network_id)
    assert network.status == "open" and {s.status for s in network.sides} == {"open"}
    assert not db.session.scalars(db.select(Notification).where(Notification.kind == "network_withdrawn")).all()


def test_judging_through_the_page(client, make):
    _atf, _fgr, _mine, _theirs, link, _alert_id = possible_pair(client, make)
    login(client, make.user("FGR", role="supervisor", locale="es"))
    page = client.get("/review/matches")
    assert "Coincidencias posibles por revisar" in page.text
    empty = post_form(client, f"/review/matches/{link.id}", {"decision": "rejected", "note": ""},
                      form_url="/review/matches")
    assert empty.status_code == 400 and "Este campo es obligatorio." in empty.text
    assert db.session.get(SubjectLink, link.id).state == "auto"
    done = post_form(client, f"/review/matches/{link.id}", {"decision": "rejected", "note": "Otra empresa"},
                     form_url="/review/matches")
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(SubjectLink, link.id).state == "auto"  # ATF's judgement is its own
    assert client.get("/review/matches").text.count('class="card match"') == 0  # judged: off FGR's queue
    reviewed = client.get("/review/matches?state=reviewed")
    assert "Otra empresa" in reviewed.text


# --- a judgement is the judging agency's own -------------------------------------------------

def test_a_confident_match_is_not_judged_in_match_review(client, make):
    """A confident match (the same phone number) is an alert for both sides, not one agency's call."""
    _a, atf, atf_case = agency_api(client, make, "ATF")
    _b, fgr, fgr_case = agency_api(client, make, "FGR")
    atf_boss = Api(client, make.token(make.user("ATF", role="supervisor")))
    atf.post(f"/api/v1/cases/{atf_case.id}/subjects", json={"kind": "phone", "role": "suspect", "number": "+16025550166"})
    made = fgr.post(f"/api/v1/cases/{fgr_case.id}/subjects", json={"kind": "phone", "role": "suspect",
                                                                    "number": "+1 (602) 555-0166"}).get_json()
    assert made["conflicts"][0]["level"] == "match"
    link = db.session.scalar(db.select(SubjectLink))
    assert atf.get("/api/v1/matches").get_json()["items"] == []
    for api in (atf_boss, fgr):
        refused = api.post(f"/api/v1/matches/{link.id}", json={"decision": "rejected", "note": "not ours"})
        assert refused.status_code == 409 and "decision" in refused.get_json()["error"]["fields"]
    [alert] = alerts()
    assert alert.status == "open" and {s.status for s in alert.sides} == {"open"}
    assert db.session.get(SubjectLink, link.id).state == "auto"
    assert not db.session.scalars(db.select(LinkJudgement)).all()


def test_a_rejection_resolves_the_judging_agencys_side_only(client, make):
    atf, fgr, mine, theirs, link, alert_id = possible_pair(client, make, role="supervisor")
    assert fgr.post(f"/api/v1/matches/{link.id}", json={"decision": "rejected", "note": "different RFC"}
                    ).status_code == 200
    alert = db.session.get(ConflictAlert, alert_id)
    sides = {side.agency.code: side for side in alert.sides}
    assert sides["FGR"].status == "false_positive" and sides["ATF"].status == "open" and alert.status == "open"
    assert db.session.get(SubjectLink, link.id).state == "auto"
    assert [i["id"] for i in atf.get("/api/v1/matches").get_json()["items"]] == [link.id]  # still ATF's to judge
    assert fgr.get("/api/v1/matches").get_json()["items"] == []
    assert [i["id"] for i in fgr.get("/api/v1/matches?state=reviewed").get_json()["items"]] == [link.id]
    # ATF confirms: the alert becomes a match for ATF; FGR's own decision stands.
    assert atf.post(f"/api/v1/matches/{link.id}", json={"decision": "confirmed", "note": "same RFC"}).status_code == 200
    db.session.expire_all()
    alert = db.session.get(ConflictAlert, alert_id)
    sides = {side.agency.code: side for side in alert.sides}
    assert alert.level == "match" and sides["FGR"].status == "false_positive" and sides["ATF"].status == "open"
    told = db.session.scalars(db.select(Notification).where(Notification.kind == "match_confirmed")).all()
    assert {note.user.agency.code for note in told} == {"FGR"}


def test_only_a_role_that_may_resolve_rejects(client, make):
    atf, fgr_agent, mine, theirs, link, alert_id = possible_pair(client, make)
    refused = fgr_agent.post(f"/api/v1/matches/{link.id}", json={"decision": "rejected", "note": "not them"})
    assert refused.status_code == 403
    assert not db.session.scalars(db.select(LinkJudgement)).all()
    assert {side.status for side in db.session.get(ConflictAlert, alert_id).sides} == {"open"}
    # Confirming closes nothing: an agent may.
    assert fgr_agent.post(f"/api/v1/matches/{link.id}", json={"decision": "confirmed", "note": "same"}
                          ).status_code == 200
    # Nor may an agent take back the agency's rejection.
    fgr_boss = Api(client, make.token(make.user("FGR", role="supervisor")))
    assert fgr_boss.post(f"/api/v1/matches/{link.id}", json={"decision": "rejected", "note": "no"}).status_code == 200
    back = fgr_agent.post(f"/api/v1/matches/{link.id}", json={"decision": "confirmed", "note": "yes after all"})
    assert back.status_code == 403


def test_a_possible_person_match_shows_its_probability_and_reasons_in_each_sides_own_terms(client, make):
    """Issue 12 (reasons where a human decides) and issue 16 (never the other record's spelling)."""
    _a, atf, atf_case = agency_api(client, make, "ATF")
    _b, fgr, fgr_case = agency_api(client, make, "FGR")
    mine = atf.post(f"/api/v1/cases/{atf_case.id}/subjects", json={
        "kind": "person", "role": "suspect", "first_name": "Jesús Alberto", "last_name": "Robles",
        "second_last_name": "Quintero", "dob": "1994-03-07"}).get_json()
    theirs = fgr.post(f"/api/v1/cases/{fgr_case.id}/subjects", json={
        "kind": "person", "role": "suspect", "first_name": "Chuy", "last_name": "Roblez",
        "second_last_name": "Quintero"}).get_json()
    assert theirs["conflicts"][0]["level"] == "possible"
    for api, own, foreign in ((atf, mine, ("Chuy", "Roblez")), (fgr, theirs, ("Jesús", "Alberto", "Robles "))):
        [item] = api.get("/api/v1/matches").get_json()["items"]
        assert item["this"]["id"] == own["id"]
        assert 0.5 <= item["probability"] < 0.99 and item["probability"] == item["score"]
        assert [e["text"] for e in item["evidence"]] == item["reasons"] and item["reasons"]
        assert all(e["code"] for e in item["evidence"])
        assert not any(name in text for text in item["reasons"] for name in foreign), item["reasons"]
    [atf_item] = atf.get("/api/v1/matches").get_json()["items"]
    assert "your name Jesús agrees with a nickname of it" in atf_item["reasons"]
    login(client, make.user("ATF", role="supervisor"))
    page = client.get("/review/matches").text
    assert "probability that the two records are the same" in page and "Why, in your record" in page
    assert "your name Jesús agrees with a nickname of it" in page and "Chuy" not in page
    assert f"{atf_item['probability'] * 100:.0f} %" in page


def test_a_given_name_never_entered_reaches_the_reviewers_with_its_reason_in_their_language(client, make):
    """Issue 12: a given-name field holding the surnames goes to a reviewer, who is told why, in Spanish too."""
    _a, atf, atf_case = agency_api(client, make, "ATF")
    _b, fgr, fgr_case = agency_api(client, make, "FGR", locale="es")
    atf.post(f"/api/v1/cases/{atf_case.id}/subjects", json={
        "kind": "person", "role": "suspect", "first_name": "Ana", "last_name": "Pérez", "second_last_name": "Toxqui",
        "dob": "1984-04-22", "sex": "F"})
    theirs = fgr.post(f"/api/v1/cases/{fgr_case.id}/subjects", json={
        "kind": "person", "role": "suspect", "first_name": "PÉREZ TOXQUI", "last_name": "PÉREZ",
        "dob": "1984-04-22", "sex": "F"}).get_json()
    assert [c["level"] for c in theirs["conflicts"]] == ["possible"]
    [mine] = atf.get("/api/v1/matches").get_json()["items"]
    assert "a given-name field holds only surnames: the given names are not compared" in mine["reasons"]
    [spanish] = fgr.get("/api/v1/matches").get_json()["items"]
    assert "un campo de nombre de pila contiene solo apellidos: los nombres de pila no se comparan" in spanish["reasons"]
    assert not any("Ana" in text for text in spanish["reasons"])


def test_a_given_name_typed_shortened_reaches_the_reviewers_read_as_the_name_it_shortens(client, make):
    """Issue 12: "Guad." is Guadalupe; each side is told so in its own words and language."""
    _a, atf, atf_case = agency_api(client, make, "ATF")
    _b, fgr, fgr_case = agency_api(client, make, "FGR", locale="es")
    atf.post(f"/api/v1/cases/{atf_case.id}/subjects", json={
        "kind": "person", "role": "suspect", "first_name": "Guadalupe", "last_name": "Sánchez",
        "second_last_name": "Olvera", "sex": "F"})
    theirs = fgr.post(f"/api/v1/cases/{fgr_case.id}/subjects", json={
        "kind": "person", "role": "suspect", "first_name": "Guad.", "last_name": "Sánchez",
        "second_last_name": "Olvera", "dob": "1980-05-17", "sex": "F"}).get_json()
    # No date of birth on one record: the names alone, a reviewer judges.
    assert [c["level"] for c in theirs["conflicts"]] == ["possible"]
    [mine] = atf.get("/api/v1/matches").get_json()["items"]
    assert "your name Guadalupe agrees with an abbreviation of it" in mine["reasons"]
    [spanish] = fgr.get("/api/v1/matches").get_json()["items"]
    assert "su nombre Guad. coincide leído como el nombre que abrevia" in spanish["reasons"]
    assert not any("Guadalupe" in text for text in spanish["reasons"])
