"""28 CFR Part 23: the criminal predicate, review at five years, validation and purge."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, update

from coordinator.conflicts.models import AlertSide, SubjectKey, SubjectLink
from coordinator.extensions import db
from coordinator.network.reading import link_rows
from coordinator.retention.models import RetentionReview
from coordinator.subjects.models import SubjectRecord
from coordinator.types import utcnow

from .factories import Api, login, post_form
from .test_audit import entries

PREDICATE = "Bought 14 rifles at two dealers in a week; three were recovered in Culiacán"


def age(subject, years: float) -> None:
    """Move a record's entry back in time."""
    db.session.execute(update(SubjectRecord).where(SubjectRecord.id == subject.id)
                       .values(created_at=utcnow() - timedelta(days=int(365.25 * years))))
    db.session.commit()


@pytest.fixture()
def atf(make):
    return {"agent": make.user("ATF"), "supervisor": make.user("ATF", role="supervisor")}


# --- the predicate --------------------------------------------------------------------------

def test_the_form_requires_the_predicate(client, atf, make):
    case = make.case(atf["agent"])
    login(client, atf["agent"])
    url = f"/cases/{case.id}/subjects/new?kind=phone"
    refused = post_form(client, url, {"role": "suspect", "number": "+16025550111"})
    assert refused.status_code == 422 and "State the criminal predicate" in refused.text
    assert post_form(client, url, {"role": "suspect", "number": "+16025550111", "predicate": PREDICATE}).status_code == 302
    record = db.session.scalar(select(SubjectRecord))
    assert record.predicate == PREDICATE and not record.predicate_missing
    assert PREDICATE in client.get(f"/subjects/{record.id}").text


def test_the_api_takes_a_record_without_one_and_flags_it(client, atf, make):
    case = make.case(atf["agent"])
    api = Api(client, make.token(atf["agent"]))
    bare = api.post(f"/api/v1/cases/{case.id}/subjects", json={"kind": "phone", "role": "suspect",
                                                               "number": "+16025550112"}).get_json()
    assert bare["predicate"] is None and bare["predicate_missing"] is True
    stated = api.post(f"/api/v1/cases/{case.id}/subjects", json={"kind": "phone", "role": "suspect",
                                                                 "number": "+16025550113", "predicate": PREDICATE})
    assert stated.status_code == 201 and stated.get_json()["predicate_missing"] is False
    too_long = api.post(f"/api/v1/cases/{case.id}/subjects", json={"kind": "phone", "role": "suspect",
                                                                   "number": "+16025550114", "predicate": "x" * 2001})
    assert too_long.status_code == 400 and "predicate" in too_long.get_json()["error"]["fields"]
    patched = api.patch(f"/api/v1/subjects/{bare['id']}", json={"predicate": PREDICATE}).get_json()
    assert patched["predicate"] == PREDICATE
    login(client, atf["supervisor"])
    page = client.get("/retention/")
    assert "Records without a criminal predicate" in page.text and "+16025550113" not in page.text


def test_imported_rows_keep_their_predicate(client, atf, make):
    case = make.case(atf["agent"])
    body = f'kind,role,number,predicate\nphone,suspect,+16025550120,"{PREDICATE}"\nphone,suspect,+16025550121,\n'
    response = Api(client, make.token(atf["agent"])).post(f"/api/v1/cases/{case.id}/subjects/import", data=body,
                                                          content_type="text/csv")
    assert response.get_json()["imported"] == 2
    stored = dict(db.session.execute(select(SubjectRecord.label, SubjectRecord.predicate)).all())
    assert stored == {"+16025550120": PREDICATE, "+16025550121": None}


# --- review ----------------------------------------------------------------------------------

def test_records_reach_review_five_years_after_entry_or_validation(client, atf, make):
    case = make.case(atf["agent"])
    old = make.subject(atf["agent"], case, number="+16025550131")
    fresh = make.subject(atf["agent"], case, number="+16025550132")
    age(old, 5.01)
    age(fresh, 4.9)
    login(client, atf["supervisor"])
    due_part = client.get("/retention/").text.split("Records without a criminal predicate")[0]
    assert "+16025550131" in due_part and "+16025550132" not in due_part
    response = post_form(client, f"/retention/subjects/{old.id}/validate",
                         {"validate-reviewer_name": "Sup. Dana Whitfield", "validate-decided_on": date.today().isoformat(),
                          "validate-reason": "Still part of the active Nogales investigation",
                          "validate-predicate": PREDICATE}, form_url=f"/retention/subjects/{old.id}")
    assert response.status_code == 302
    assert "+16025550131" not in client.get("/retention/").text.split("Records without a criminal predicate")[0]
    db.session.expire_all()
    validated = db.session.get(SubjectRecord, old.id)
    assert validated.validated_by_id == atf["supervisor"].id and validated.predicate == PREDICATE
    review = db.session.scalar(select(RetentionReview))
    assert (review.decision, review.reviewer_name, review.decided_on) == ("validated", "Sup. Dana Whitfield",
                                                                          date.today())
    assert entries(action="subject.validate")[0].object_id == str(old.id)


def test_validation_needs_a_predicate_a_reason_and_a_past_date(client, atf, make):
    subject = make.subject(atf["agent"], make.case(atf["agent"]))
    age(subject, 6)
    api = Api(client, make.token(atf["supervisor"]))
    base = {"reviewer_name": "Dana", "decided_on": date.today().isoformat(), "reason": "Still relevant to the case"}
    missing = api.post(f"/api/v1/subjects/{subject.id}/validate", json=base)
    assert missing.status_code == 400 and "predicate" in missing.get_json()["error"]["fields"]
    future = api.post(f"/api/v1/subjects/{subject.id}/validate",
                      json={**base, "predicate": PREDICATE, "decided_on": (date.today() + timedelta(days=2)).isoformat()})
    assert future.status_code == 400 and "decided_on" in future.get_json()["error"]["fields"]
    short = api.post(f"/api/v1/subjects/{subject.id}/validate", json={**base, "reason": "ok"})
    assert short.status_code == 400 and "reason" in short.get_json()["error"]["fields"]
    done = api.post(f"/api/v1/subjects/{subject.id}/validate", json={**base, "predicate": PREDICATE})
    assert done.status_code == 200 and done.get_json()["validated_at"]


def test_only_the_owning_agencys_supervisors_review(client, atf, make):
    subject = make.subject(atf["agent"], make.case(atf["agent"]))
    body = {"reviewer_name": "X", "decided_on": date.today().isoformat(), "reason": "no longer needed at all"}
    other_supervisor = Api(client, make.token(make.user("FGR", role="supervisor")))
    assert other_supervisor.post(f"/api/v1/subjects/{subject.id}/purge", json=body).status_code == 404
    assert other_supervisor.get("/api/v1/retention/due").get_json()["items"] == []
    agent = Api(client, make.token(atf["agent"]))
    assert agent.post(f"/api/v1/subjects/{subject.id}/purge", json=body).status_code == 403
    assert agent.get("/api/v1/retention/due").status_code == 403
    login(client, atf["agent"])
    assert client.get("/retention/").status_code == 403
    assert db.session.get(SubjectRecord, subject.id) is not None


# --- purge -------------------------------------------------------------------------------------

def test_a_purged_record_leaves_no_trace_but_the_fact_of_its_purge(client, atf, make):
    ice = make.user("ICE")
    ice_case = make.case(ice)
    theirs = make.subject(ice, ice_case, number="(602) 555-0177")
    case = make.case(atf["agent"])
    ours = make.subject(atf["agent"], case, number="+16025550177")
    make.subject(atf["agent"], case, kind="person", last_name="Robles", first_name="Jesus")
    age(ours, 6)
    ours_id = ours.id
    assert db.session.scalar(select(func.count()).select_from(SubjectLink)) == 1
    assert any(ours.id in row[:2] for row in list(link_rows(db.session)))
    login(client, atf["supervisor"])
    assert "+16025550177" in client.get("/retention/").text
    response = post_form(client, f"/retention/subjects/{ours_id}/purge",
                         {"purge-reviewer_name": "Sup. Dana Whitfield", "purge-decided_on": date.today().isoformat(),
                          "purge-reason": "No longer meets the reasonable suspicion standard"},
                         form_url=f"/retention/subjects/{ours_id}")
    assert response.status_code == 302, response.text
    db.session.expire_all()
    # matching: no keys; a new registration of the same phone does not meet it
    assert db.session.get(SubjectRecord, ours_id) is None
    assert db.session.scalar(select(func.count()).select_from(SubjectKey).where(SubjectKey.subject_id == ours_id)) == 0
    again = make.subject(make.user("CBP"), make.case(make.user("CBP")), number="602 555 0177")
    assert {link.low_id for link in db.session.scalars(select(SubjectLink))} | \
        {link.high_id for link in db.session.scalars(select(SubjectLink))} == {theirs.id, again.id}
    # the graph: no link of it
    assert not any(ours_id in row[:2] for row in list(link_rows(db.session)))
    # lists and exports
    api = Api(client, make.token(atf["agent"]))
    listed = api.get(f"/api/v1/cases/{case.id}/subjects").get_json()["items"]
    assert [s["kind"] for s in listed] == ["person"]
    assert api.get(f"/api/v1/subjects/{ours_id}").status_code == 404
    assert "+16025550177" not in client.get(f"/cases/{case.id}").text
    # quotes of its label in its agency's alerts are gone
    for side in db.session.scalars(select(AlertSide).where(AlertSide.agency_id == case.agency_id)):
        assert "+16025550177" not in str(side.reasons)
    # what stays: the review log and the audit trail, without the content
    review = db.session.scalar(select(RetentionReview).where(RetentionReview.decision == "purged"))
    assert review.subject_id == ours_id and review.record_kind == "phone"
    purge = entries(action="subject.purge")
    assert [(e.object_id, e.user_email, e.details["case_id"]) for e in purge] == [
        (str(ours_id), atf["supervisor"].email, case.id)]
    assert all("+16025550177" not in str(e.details) for e in entries())


def test_a_record_named_in_an_indictment_is_not_purged(client, atf, make):
    from coordinator.outcomes.models import Indictment

    case = make.case(atf["agent"])
    subject = make.subject(atf["agent"], case, kind="person", last_name="Robles")
    db.session.add(Indictment(case_id=case.id, subject_id=subject.id, filed_on=date(2026, 1, 5), court="D. Ariz.",
                              charges=["18 U.S.C. 922(a)(6)"], created_by_id=atf["agent"].id))
    db.session.commit()
    body = {"reviewer_name": "Dana", "decided_on": date.today().isoformat(), "reason": "Case closed long ago"}
    refused = Api(client, make.token(atf["supervisor"])).post(f"/api/v1/subjects/{subject.id}/purge", json=body)
    assert refused.status_code == 400 and "indictments" in refused.get_json()["error"]["fields"]["decision"]
    assert db.session.get(SubjectRecord, subject.id) is not None


def test_the_review_report_on_the_command_line(runner, atf, make):
    case = make.case(atf["agent"])
    due = make.subject(atf["agent"], case, number="+16025550141")
    make.subject(atf["agent"], case, number="+16025550142")
    age(due, 5.5)
    result = runner.invoke(args=["retention", "report", "--agency", "ATF"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1].split()[:3] == ["ATF", "1", "2"]  # one due, two without a predicate
    assert any(line.split()[0] == str(due.id) and case.number in line for line in lines[3:])
    assert "+16025550141" not in result.output  # ids, case numbers, kinds and dates: never contents
    assert entries(action="retention.report")[0].outcome == "success"
    later = runner.invoke(args=["retention", "report", "--as-of", (date.today() + timedelta(days=366 * 5)).isoformat(),
                                "--no-list"])
    assert later.output.splitlines()[1].split()[:2] == ["ANAM", "0"]
    assert any(line.split()[:2] == ["ATF", "2"] for line in later.output.splitlines())


# --- a purge and the alerts of the record ----------------------------------------------------

PURGE = {"reviewer_name": "Sup. Dana Whitfield", "reason": "No longer meets the reasonable suspicion standard"}


def purge(client, make, supervisor, subject_id: int):
    body = {**PURGE, "decided_on": date.today().isoformat()}
    response = Api(client, make.token(supervisor)).post(f"/api/v1/subjects/{subject_id}/purge", json=body)
    assert response.status_code == 200, response.get_json()
    db.session.expire_all()
    return response


def test_a_purge_withdraws_the_records_alerts_for_both_sides_and_tells_them(client, atf, make):
    from coordinator.conflicts.models import AlertEvent, ConflictAlert
    from coordinator.notifications.models import Notification

    ice = make.user("ICE")
    make.subject(ice, make.case(ice), number="(602) 555-0191")
    ours = make.subject(atf["agent"], make.case(atf["agent"]), number="+16025550191")
    [alert] = db.session.scalars(select(ConflictAlert)).all()
    assert alert.status == "open"
    purge(client, make, atf["supervisor"], ours.id)
    alert = db.session.get(ConflictAlert, alert.id)
    assert alert.status == "closed" and alert.closed_at is not None
    assert {side.status for side in alert.sides} == {"deconflicted"}
    assert {side.resolution for side in alert.sides} == {"withdrawn"}
    assert all(side.reasons == [] for side in alert.sides)  # nothing of the record is quoted any more
    assert db.session.scalars(select(AlertEvent.action).where(AlertEvent.alert_id == alert.id)
                              .order_by(AlertEvent.id)).all()[-1] == "record_purged"
    told = db.session.scalars(select(Notification).where(Notification.kind == "record_purged")).all()
    assert {note.user.agency.code for note in told} == {"ATF", "ICE"}
    assert all("+16025550191" not in str(note.params) for note in told)
    for user in (atf["agent"], ice):
        assert Api(client, make.token(user)).get("/api/v1/conflicts?status=open").get_json()["items"] == []


def test_ids_of_purged_records_are_never_given_to_new_records(client, atf, make):
    """On SQLite a deleted highest id came back: the next record anyone registered showed on the old alert."""
    from coordinator.conflicts.models import ConflictAlert

    ice = make.user("ICE")
    theirs = make.subject(ice, make.case(ice), number="(602) 555-0192")
    ours = make.subject(atf["agent"], make.case(atf["agent"]), number="+16025550192")
    [old_link] = db.session.scalars(select(SubjectLink)).all()
    ours_id, old_link_id = ours.id, old_link.id
    purge(client, make, atf["supervisor"], ours_id)
    cbp = make.user("CBP")
    again = Api(client, make.token(cbp)).post(f"/api/v1/cases/{make.case(cbp).id}/subjects",
                                              json={"kind": "phone", "role": "suspect", "number": "602 555 0192"})
    assert again.status_code == 201, again.get_data(as_text=True)  # the same pair as a purged alert: no 500
    assert again.get_json()["id"] > ours_id
    [link] = db.session.scalars(select(SubjectLink)).all()
    assert link.id > old_link_id and {link.low_id, link.high_id} == {theirs.id, again.get_json()["id"]}
    old, new = db.session.scalars(select(ConflictAlert).order_by(ConflictAlert.id)).all()
    assert old.status == "closed" and new.status == "open"
    atf_side = next(side for side in old.sides if side.agency_id == atf["agent"].agency_id)
    assert atf_side.record_id == ours_id and db.session.get(SubjectRecord, ours_id) is None
    page = Api(client, make.token(atf["agent"])).get(f"/api/v1/conflicts/{old.id}").get_json()
    assert "602 555 0192" not in str(page) and "+16025550192" not in str(page)


def test_a_purge_closes_the_network_alerts_that_ran_only_through_the_record(client, atf, make):
    """ATF and ICE were joined only through an FGR case holding both their phones; FGR purges one."""
    from coordinator.conflicts.models import ConflictAlert
    from coordinator.notifications.models import Notification

    fgr, fgr_boss, ice = make.user("FGR"), make.user("FGR", role="supervisor"), make.user("ICE")
    fgr_case = make.case(fgr)
    make.subject(atf["agent"], make.case(atf["agent"]), number="+16025550193")
    bridge = make.subject(fgr, fgr_case, number="+1 602 555 0193")
    make.subject(fgr, fgr_case, number="+52 662 123 4593")
    make.subject(ice, make.case(ice), number="+526621234593")
    [network] = db.session.scalars(select(ConflictAlert).where(ConflictAlert.kind == "network")).all()
    assert {side.agency.code for side in network.sides} == {"ATF", "ICE"} and network.status == "open"
    purge(client, make, fgr_boss, bridge.id)
    network = db.session.get(ConflictAlert, network.id)
    assert network.status == "closed" and not [s for s in network.sides if s.status in ("open", "acknowledged")]
    told = db.session.scalars(select(Notification).where(Notification.kind == "network_withdrawn")).all()
    assert {note.user.agency.code for note in told} == {"ATF", "ICE"}
    open_alerts = db.session.scalars(select(ConflictAlert).where(ConflictAlert.status == "open")).all()
    assert [a.kind for a in open_alerts] == ["subject"]  # FGR and ICE's other phone pair, untouched


def test_the_day_a_record_fell_due_is_written_as_the_reader_writes_dates(client, make):
    from coordinator.retention.services import due_on

    agent, supervisor = make.user("FGR"), make.user("FGR", role="supervisor", locale="es")
    old = make.subject(agent, make.case(agent), number="+526621234567")
    age(old, 5.01)
    due = due_on(db.session.get(SubjectRecord, old.id))
    login(client, supervisor)
    due_part = client.get("/retention/").text.split("Registros sin fundamento")[0]
    assert due.strftime("%d/%m/%Y") in due_part and due.isoformat() not in due_part
