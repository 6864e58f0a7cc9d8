"""Check before you act: POST /api/v1/inquiries answers what a registration would raise and stores no record;
the owner of a record met is told which agency asked; the allowance per agent and day holds; all is audited."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from coordinator.audit.models import AuditEvent
from coordinator.conflicts.models import (
    AlertSide, ConflictAlert, DeconflictionCheck, OperationCell, PersonTermCount, SubjectKey, SubjectLink,
)
from coordinator.extensions import db
from coordinator.notifications.models import Notification
from coordinator.operations.models import Operation
from coordinator.search.models import Lookup, SearchEntry
from coordinator.subjects.models import SubjectRecord

from .factories import Api, login, logout, post_form

STORED = (SubjectRecord, SubjectKey, SubjectLink, ConflictAlert, AlertSide, DeconflictionCheck, Operation,
          OperationCell, SearchEntry)


def counts() -> dict:
    db.session.expire_all()
    out = {model.__tablename__: db.session.scalar(select(func.count()).select_from(model)) for model in STORED}
    out["person_term_counts"] = db.session.scalar(select(func.coalesce(func.sum(PersonTermCount.count), 0)))
    return out


@pytest.fixture()
def world(client, make):
    atf_agent = make.user("ATF", name="Dana Whitfield", phone="+1 602 555 0141")
    atf_case = make.case(atf_agent, title="Phoenix straw purchasers")
    robles = make.subject(atf_agent, atf_case, kind="person", first_name="Jesús Alberto", last_name="Robles",
                          second_last_name="Quintero", dob="1991-03-14")
    plate = make.subject(atf_agent, atf_case, kind="vehicle", plate="VKZ-4821", plate_region="SON")
    start = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=4)
    operation = make.operation(atf_agent, atf_case, title="Gun show watch", starts_at=start,
                               latitude=33.4665, longitude=-112.0952, radius_m=300)
    ice_agent = make.user("ICE", name="Laura Kessler")
    ice_case = make.case(ice_agent)
    return {"atf_agent": atf_agent, "robles": robles, "plate": plate, "operation": operation, "start": start,
            "ice_agent": ice_agent, "ice_case": ice_case, "ice": Api(client, make.token(ice_agent))}


def ask(w, **body):
    return w["ice"].post("/api/v1/inquiries", json={"case_id": w["ice_case"].id, "reason": "Lead from an informant",
                                                     **body})


def test_a_person_hit_says_who_and_whom_to_call_and_nothing_is_stored(world):
    before = counts()
    response = ask(world, kind="person", first_name="Chuy", last_name="Robles", dob="1991-03-14")
    assert response.status_code == 200, response.get_json()
    answer = response.get_json()
    [hit] = answer["hits"]
    assert hit["agency"] == "ATF" and hit["record_kind"] == "person" and hit["conflict_kind"] == "subject"
    assert hit["poc"] == {"name": "Dana Whitfield", "phone": "+16025550141", "email": world["atf_agent"].email}
    assert hit["level"] in ("match", "possible") and hit["reasons"]
    assert "Quintero" not in str(answer) and "Phoenix straw" not in str(answer)  # never the other case's contents
    assert answer["stored"] is False
    assert counts() == before


def test_plates_phones_serials_and_a_place_and_time(world):
    found = ask(world, kind="vehicle", plate="vkz 4821", plate_region="SON").get_json()
    assert [(h["agency"], h["record_kind"]) for h in found["hits"]] == [("ATF", "vehicle")]
    assert ask(world, kind="phone", number="+1 520 555 0000").get_json()["hits"] == []
    start = world["start"]
    body = {"kind": "place", "latitude": 33.4668, "longitude": -112.0950, "radius_m": 200,
            "starts_at": (start + timedelta(hours=1)).isoformat(), "ends_at": (start + timedelta(hours=3)).isoformat()}
    before = counts()
    place = ask(world, **body).get_json()
    [hit] = place["hits"]
    assert (hit["agency"], hit["conflict_kind"], hit["severity"]) == ("ATF", "event", "critical")
    assert hit["poc"]["name"] == world["operation"].poc_name
    assert counts() == before
    later = {**body, "starts_at": (start + timedelta(days=2)).isoformat(),
             "ends_at": (start + timedelta(days=2, hours=2)).isoformat()}
    assert ask(world, **later).get_json()["hits"] == []


def test_the_owner_is_told_which_agency_inquired(world):
    ask(world, kind="vehicle", plate="VKZ4821", plate_region="SON")
    notes = db.session.scalars(select(Notification).where(Notification.kind == "record_inquired")).all()
    assert {n.user_id for n in notes} >= {world["atf_agent"].id}
    assert all(n.params["agency"] == "ICE" for n in notes)
    assert not any(n.user_id == world["ice_agent"].id for n in notes)
    ask(world, kind="phone", number="+1 520 555 0000")  # a miss tells nobody
    assert db.session.scalar(select(func.count(Notification.id)).where(Notification.kind == "record_inquired")) \
        == len(notes)


def test_the_daily_allowance_is_enforced(world, app_ctx):
    app_ctx.config["INQUIRY_DAILY_LIMIT"] = 2
    try:
        assert ask(world, kind="phone", number="+1 520 555 0001").get_json()["remaining_today"] == 1
        assert ask(world, kind="phone", number="+1 520 555 0002").status_code == 200
        refused = ask(world, kind="vehicle", plate="VKZ4821", plate_region="SON")
        assert refused.status_code == 429 and refused.get_json()["error"]["code"] == "inquiry_limit"
        assert db.session.scalar(select(func.count(Notification.id))
                                 .where(Notification.kind == "record_inquired")) == 0  # refused: nobody told
        # a day later the allowance is back
        for row in db.session.scalars(select(Lookup)):
            row.at -= timedelta(hours=25)
        db.session.commit()
        assert ask(world, kind="phone", number="+1 520 555 0003").status_code == 200
    finally:
        app_ctx.config["INQUIRY_DAILY_LIMIT"] = 20


def test_inquiries_are_audited_and_logged_for_the_asking_agencys_supervisors(client, make, world):
    ask(world, kind="vehicle", plate="VKZ4821", plate_region="SON")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "inquiry.ask"))
    assert event.agency_code == "ICE" and event.object_id == str(world["ice_case"].id)
    assert event.details["hits"] == 1 and event.details["agencies"] == ["ATF"] and "VKZ" not in str(event.details)
    lookup = db.session.scalar(select(Lookup).where(Lookup.kind == "inquiry"))
    assert "VKZ" in lookup.terms and lookup.reason == "Lead from an informant" and lookup.hit_agencies == ["ATF"]
    login(client, make.user("ICE", role="supervisor"))
    page = client.get("/search/log?kind=inquiry")
    assert "VKZ" in page.text and "Lead from an informant" in page.text
    logout(client)
    login(client, make.user("ATF", role="supervisor"))
    assert "VKZ" not in client.get("/search/log").text


def test_an_inquiry_needs_a_case_of_ones_own_agency_a_reason_and_valid_fields(world, make, client):
    assert ask(world, kind="vehicle", plate="VKZ4821", reason="").status_code == 400
    other = ask(world, kind="vehicle", plate="VKZ4821", plate_region="SON", case_id=world["robles"].case_id)
    assert other.status_code == 404
    assert ask(world, kind="spaceship").get_json()["error"]["fields"] == {"kind": "Not a valid choice."}
    assert ask(world, kind="person", dob="not a date").status_code == 400
    assert ask(world, kind="place", latitude=95).status_code == 400
    monitor = Api(client, make.token(make.user("ICE", role="monitor")))
    assert monitor.post("/api/v1/inquiries", json={}).status_code == 403
    assert db.session.scalar(select(func.count(Lookup.id))) == 0


def test_the_inquiry_page(client, world):
    login(client, world["ice_agent"])
    page = client.get(f"/inquiries?kind=vehicle&case_id={world['ice_case'].id}")
    assert page.status_code == 200 and world["ice_case"].number in page.text
    answer = post_form(client, "/inquiries?kind=vehicle", {"case_id": world["ice_case"].id, "reason": "Tip",
                                                           "plate": "VKZ 4821", "plate_region": "SON", "role": "other"})
    assert answer.status_code == 200, answer.text
    assert "ATF" in answer.text and "Dana Whitfield" in answer.text
    missing = post_form(client, "/inquiries?kind=vehicle", {"case_id": world["ice_case"].id, "plate": "VKZ 4821"})
    assert missing.status_code == 422
