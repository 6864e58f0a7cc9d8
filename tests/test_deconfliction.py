"""Conflicts raised on registration, through the API, as each side sees them."""
from __future__ import annotations

from datetime import datetime, timezone

from coordinator.conflicts.models import AlertSide, ConflictAlert, SubjectKey
from coordinator.extensions import db

from .factories import Api, login, post_form

SHOW = {"kind": "gun_show", "role": "other", "name": "Valley of the Sun Gun Show", "venue": "Fairgrounds",
        "city": "Phoenix", "state": "AZ", "starts_on": "2037-12-05", "ends_on": "2037-12-06",
        "latitude": 33.4665, "longitude": -112.0952}


def operation_body(case_id: int, **changes) -> dict:
    body = {"case_id": case_id, "kind": "gun_show_surveillance", "title": "Watch the buyers",
            "starts_at": "2037-12-05T08:00:00-07:00", "ends_at": "2037-12-05T16:00:00-07:00",
            "latitude": 33.4665, "longitude": -112.0952, "radius_m": 300, "venue": "Fairgrounds",
            "address": "1826 W McDowell Rd, Phoenix, AZ", "cross_border": False, "target_subject_ids": []}
    return {**body, **changes}


def agency_api(client, make, code: str, **user):
    agent = make.user(code, **user)
    api = Api(client, make.token(agent))
    case = make.case(agent)
    return agent, api, case


def alerts() -> list[ConflictAlert]:
    return list(db.session.scalars(db.select(ConflictAlert)))


def test_gun_show_surveillance_by_two_agencies_is_a_critical_alert_for_both(client, make):
    """The public record's failure: two agencies at one gun show, each unaware of the other."""
    atf_agent, atf, atf_case = agency_api(client, make, "ATF", name="Dana Whitfield", phone="+1 602 555 0141")
    ice_agent, ice, ice_case = agency_api(client, make, "ICE", name="Laura Kessler", phone="+1 520 555 0177")
    atf_show = atf.post(f"/api/v1/cases/{atf_case.id}/subjects", json=SHOW).get_json()["id"]
    first = atf.post("/api/v1/operations", json=operation_body(atf_case.id, target_subject_ids=[atf_show]))
    assert first.status_code == 201
    assert first.get_json()["conflicts"] == [] and first.get_json()["receipt"].startswith("DX-")

    ice_show = ice.post(f"/api/v1/cases/{ice_case.id}/subjects", json=SHOW).get_json()["id"]
    # ICE gives a point 1.5 km away: the same show on the same day conflicts whatever the points.
    second = ice.post("/api/v1/operations", json=operation_body(
        ice_case.id, latitude=33.4800, longitude=-112.0952, radius_m=100, target_subject_ids=[ice_show],
        starts_at="2037-12-05T10:00:00-07:00", ends_at="2037-12-05T17:00:00-07:00"))
    assert second.status_code == 201
    body = second.get_json()
    events = [c for c in body["conflicts"] if c["kind"] == "event"]
    assert len(events) == 1
    event = events[0]
    assert event["severity"] == "critical" and event["level"] == "match"
    assert event["this"] == {"type": "operation", "id": body["id"], "case_id": ice_case.id,
                             "kind": "gun_show_surveillance"}
    assert event["other"]["agency"] == "ATF"
    assert event["other"]["poc"]["name"] == "Dana Whitfield"
    assert event["other"]["poc"]["phone"] == "+16025550141"  # kept in E.164
    assert any("same gun show" in reason for reason in event["reasons"])
    assert event["status"] == "open"

    atf_view = atf.get("/api/v1/conflicts?status=open").get_json()["items"]
    atf_event = next(c for c in atf_view if c["kind"] == "event")
    assert atf_event["id"] == event["id"]
    assert atf_event["this"]["id"] == first.get_json()["id"]
    assert atf_event["other"]["agency"] == "ICE" and atf_event["other"]["poc"]["name"] == "Laura Kessler"
    assert atf_event["severity"] == "critical"

    # Neither can open the other's case.
    assert atf.get(f"/api/v1/cases/{ice_case.id}").status_code == 404
    assert ice.get(f"/api/v1/cases/{atf_case.id}").status_code == 404
    assert ice.get(f"/api/v1/operations/{first.get_json()['id']}").status_code == 404


def test_a_conflict_never_shows_the_other_cases_contents(client, make):
    _a, atf, atf_case = agency_api(client, make, "ATF")
    _b, fgr, fgr_case = agency_api(client, make, "FGR")
    atf.post(f"/api/v1/cases/{atf_case.id}/subjects", json={
        "kind": "person", "role": "straw_purchaser", "first_name": "Jesús", "last_name": "Robles",
        "second_last_name": "Quintero", "dob": "1994-03-07", "aliases": ["El Güero"]})
    response = fgr.post(f"/api/v1/cases/{fgr_case.id}/subjects", json={
        "kind": "person", "role": "suspect", "first_name": "Jesus", "last_name": "Robles",
        "second_last_name": "Quintero", "dob": "1994-03-07"})
    conflicts = response.get_json()["conflicts"]
    assert len(conflicts) == 1
    text = str(conflicts[0])
    assert "Güero" not in text and "straw" not in text and atf_case.number not in text
    assert conflicts[0]["other"]["record_kind"] == "person"
    assert set(conflicts[0]) >= {"id", "kind", "level", "severity", "score", "reasons", "this", "other", "status"}


def test_records_of_the_same_agency_do_not_alert_each_other(client, make):
    agent, api, case = agency_api(client, make, "ATF")
    other_case = make.case(agent)
    api.post(f"/api/v1/cases/{case.id}/subjects", json={"kind": "phone", "role": "suspect", "number": "+16025550199"})
    again = api.post(f"/api/v1/cases/{other_case.id}/subjects",
                     json={"kind": "phone", "role": "suspect", "number": "(602) 555-0199"})
    assert again.get_json()["conflicts"] == []
    assert alerts() == []


def test_an_alert_is_raised_once_per_pair_and_a_changed_record_rechecks(client, make):
    _a, atf, atf_case = agency_api(client, make, "ATF")
    _b, ice, ice_case = agency_api(client, make, "ICE")
    phone = atf.post(f"/api/v1/cases/{atf_case.id}/subjects",
                     json={"kind": "phone", "role": "suspect", "number": "+52 662 123 4567"}).get_json()
    theirs = ice.post(f"/api/v1/cases/{ice_case.id}/subjects",
                      json={"kind": "phone", "role": "associate", "number": "+52 1 662 123 4567"}).get_json()
    assert len(theirs["conflicts"]) == 1
    # Editing either record checks again without a second alert.
    edited = atf.patch(f"/api/v1/subjects/{phone['id']}", json={"notes": "burner"}).get_json()
    assert [c["id"] for c in edited["conflicts"]] == [theirs["conflicts"][0]["id"]]
    assert len(alerts()) == 1
    # A corrected number no longer matches: the engine's link goes, the key index follows the record.
    atf.patch(f"/api/v1/subjects/{phone['id']}", json={"number": "+52 662 765 4321"})
    keys = set(db.session.scalars(db.select(SubjectKey.key).where(SubjectKey.subject_id == phone["id"])))
    assert any("6627654321" in k for k in keys) and not any("6621234567" in k for k in keys)


def test_firearm_serial_with_letter_digit_confusion_matches_across_agencies(client, make):
    _a, atf, atf_case = agency_api(client, make, "ATF")
    _b, fgr, fgr_case = agency_api(client, make, "FGR")
    atf.post(f"/api/v1/cases/{atf_case.id}/subjects", json={
        "kind": "firearm", "role": "other", "make": "Romarm/Cugir", "model": "WASR-10", "serial_number": "1-AB-1034-19"})
    response = fgr.post(f"/api/v1/cases/{fgr_case.id}/subjects", json={
        "kind": "firearm", "role": "other", "make": "Cugir", "model": "WASR 10", "serial_number": "1AB1O3419"})
    conflicts = response.get_json()["conflicts"]
    assert len(conflicts) == 1 and conflicts[0]["other"]["agency"] == "ATF"


def test_operations_far_apart_or_at_other_times_do_not_conflict(client, make):
    _a, atf, atf_case = agency_api(client, make, "ATF")
    _b, cbp, cbp_case = agency_api(client, make, "CBP")
    atf.post("/api/v1/operations", json=operation_body(atf_case.id, kind="surveillance"))
    elsewhere = cbp.post("/api/v1/operations", json=operation_body(
        cbp_case.id, kind="surveillance", latitude=31.3325, longitude=-110.9436))
    later = cbp.post("/api/v1/operations", json=operation_body(
        cbp_case.id, kind="surveillance", starts_at="2037-12-06T18:00:00-07:00",
        ends_at="2037-12-06T20:00:00-07:00"))
    assert elsewhere.get_json()["conflicts"] == []
    assert later.get_json()["conflicts"] == []  # the next day, well past the time margin
    overlapping = cbp.post("/api/v1/operations", json=operation_body(
        cbp_case.id, kind="surveillance", latitude=33.4680, radius_m=200))
    assert [c["kind"] for c in overlapping.get_json()["conflicts"]] == ["event"]


def test_acknowledge_and_resolve_on_each_side(client, make):
    _a, atf, atf_case = agency_api(client, make, "ATF")
    _b, ice, ice_case = agency_api(client, make, "ICE")
    atf.post("/api/v1/operations", json=operation_body(atf_case.id))
    conflict = ice.post("/api/v1/operations", json=operation_body(ice_case.id)).get_json()["conflicts"][0]
    atf_boss = Api(client, make.token(make.user("ATF", role="supervisor")))
    ice_boss = Api(client, make.token(make.user("ICE", role="supervisor")))
    outsider = Api(client, make.token(make.user("FGR", role="supervisor")))
    assert outsider.post(f"/api/v1/conflicts/{conflict['id']}/acknowledge").status_code == 404
    acked = atf_boss.post(f"/api/v1/conflicts/{conflict['id']}/acknowledge")
    assert acked.status_code == 200 and acked.get_json()["status"] == "acknowledged"
    assert ice.post(f"/api/v1/conflicts/{conflict['id']}/resolve",
                    json={"resolution": "proceed"}).status_code == 403  # agents do not decide
    bad = atf_boss.post(f"/api/v1/conflicts/{conflict['id']}/resolve", json={"resolution": "ignore"})
    assert bad.status_code == 400 and "resolution" in bad.get_json()["error"]["fields"]
    done = atf_boss.post(f"/api/v1/conflicts/{conflict['id']}/resolve",
                         json={"resolution": "joint", "note": "one team, ATF leads"})
    assert done.get_json()["status"] == "deconflicted" and done.get_json()["alert_status"] == "open"
    closed = ice_boss.post(f"/api/v1/conflicts/{conflict['id']}/resolve", json={"resolution": "joint"})
    assert closed.get_json()["alert_status"] == "closed"
    assert ice.get("/api/v1/conflicts?status=open").get_json()["items"] == []
    sides = db.session.scalars(db.select(AlertSide)).all()
    assert all(s.resolved_at and s.acknowledged_at for s in sides)


def test_the_operation_form_shows_the_receipt_and_the_other_side(client, make):
    atf_agent, _atf, atf_case = agency_api(client, make, "ATF", name="Dana Whitfield")
    start = datetime(2037, 12, 5, 15, tzinfo=timezone.utc)
    make.operation(atf_agent, atf_case, starts_at=start)
    ice_agent = make.user("ICE")
    ice_case = make.case(ice_agent)
    login(client, ice_agent)
    response = post_form(client, "/operations/new", {
        "case_id": ice_case.id, "kind": "surveillance", "title": "Same place", "timezone": "America/Phoenix",
        "starts_at": "2037-12-05T09:00", "ends_at": "2037-12-05T12:00", "latitude": "33.4665",
        "longitude": "-112.0952", "radius_m": "300"}, form_url=f"/operations/new?case_id={ice_case.id}")
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert "DX-" in page.text and "Dana Whitfield" in page.text and "ATF" in page.text


def test_an_over_full_key_is_skipped_and_the_other_keys_still_find(client, make, monkeypatch):
    """A key that a crowd of records shares (a very common name alone) costs little and finds nothing."""
    import coordinator.conflicts.index as index

    monkeypatch.setattr(index, "MAX_POSTINGS", 2)
    fgr = make.user("FGR")
    fgr_case = make.case(fgr)
    for dob in ("1980-01-01", "1981-02-02", "1982-03-03"):
        make.subject(fgr, fgr_case, "person", first_name="Juan", last_name="García", dob=dob)
    _a, atf, atf_case = agency_api(client, make, "ATF")
    crowd = atf.post(f"/api/v1/cases/{atf_case.id}/subjects", json={
        "kind": "person", "role": "suspect", "first_name": "Juan", "last_name": "García"}).get_json()
    assert crowd["conflicts"] == []  # the name alone is shared by three: skipped
    same = atf.post(f"/api/v1/cases/{atf_case.id}/subjects", json={
        "kind": "person", "role": "suspect", "first_name": "Juan", "last_name": "García", "dob": "1981-02-02"})
    assert len(same.get_json()["conflicts"]) == 1  # the date-of-birth keys still find the one


def test_a_registration_with_a_date_reads_two_names_only_among_records_without_one(client, make, monkeypatch):
    """Two names without the date find a record without a whole date of birth, not every namesake born another day."""
    import coordinator.conflicts.detect as detect

    read: list[int] = []

    def spy(*args, **kwargs):
        found = subject_candidates(*args, **kwargs)
        read.extend(found)
        return found

    subject_candidates = detect.subject_candidates
    monkeypatch.setattr(detect, "subject_candidates", spy)
    fgr = make.user("FGR")
    fgr_case = make.case(fgr)
    undated = make.subject(fgr, fgr_case, "person", first_name="Pepe", last_name="Zubiría")
    namesake = make.subject(fgr, fgr_case, "person", first_name="Pepe", last_name="Zubiría", dob="1971-11-23")
    _a, atf, atf_case = agency_api(client, make, "ATF")
    atf.post(f"/api/v1/cases/{atf_case.id}/subjects", json={
        "kind": "person", "role": "suspect", "first_name": "José", "last_name": "Zubiría",
        "second_last_name": "Olmedo", "dob": "1980-03-05"})
    assert undated.id in read and namesake.id not in read
    read.clear()
    atf.post(f"/api/v1/cases/{atf_case.id}/subjects", json={
        "kind": "person", "role": "suspect", "first_name": "José", "last_name": "Zubiría", "second_last_name": "Olmedo"})
    assert {undated.id, namesake.id} <= set(read)  # without a date, every bearer of the names


def test_a_curp_stands_for_the_date_of_birth_a_registration_lacks(client, make):
    """FGR knows Hernández by his CURP alone; ATF typed his date of birth. A namesake born another day is not raised."""
    from coordinator.conflicts.models import PersonTermCount

    fgr = make.user("FGR")
    fgr_case = make.case(fgr)
    person = {"first_name": "José Luis", "last_name": "Hernández", "second_last_name": "de la Cruz"}
    known = make.subject(fgr, fgr_case, "person", **person,
                         documents=[{"kind": "curp", "number": "HECL800305HSRRRS03", "country": "MX"}])
    namesake = make.subject(fgr, fgr_case, "person", **person,
                            documents=[{"kind": "curp", "number": "HECL920719HSRRRS03", "country": "MX"}])
    keys = set(db.session.scalars(db.select(SubjectKey.key).where(SubjectKey.subject_id == known.id)))
    assert any(k.startswith("pb:") and "0305" in k for k in keys)  # indexed under the CURP's date
    assert db.session.get(PersonTermCount, "d:19800305").count == 1  # and counted as born that day
    _a, atf, atf_case = agency_api(client, make, "ATF")
    answer = atf.post(f"/api/v1/cases/{atf_case.id}/subjects", json={
        "kind": "person", "role": "suspect", **person, "dob": "1980-03-05", "sex": "M"})
    assert answer.status_code == 201, answer.get_json()
    conflicts = answer.get_json()["conflicts"]
    assert len(conflicts) == 1 and conflicts[0]["level"] == "match", conflicts
    found = {side.record_id for side in db.session.scalars(db.select(AlertSide)) if side.record_type == "subject"}
    assert known.id in found and namesake.id not in found


def test_a_surname_a_register_shortened_meets_it_written_out_with_the_reason_in_each_language(client, make):
    # FGR's register writes "Hdz."; ATF's record has Hernández: before, the surnames differed and nothing was raised.
    _a, atf, atf_case = agency_api(client, make, "ATF")
    _b, fgr, fgr_case = agency_api(client, make, "FGR")
    atf.post(f"/api/v1/cases/{atf_case.id}/subjects", json={
        "kind": "person", "role": "suspect", "first_name": "Obed", "last_name": "Hernández",
        "second_last_name": "Anzures", "dob": "1987-04-21"})
    person = {"kind": "person", "role": "suspect", "first_name": "Obed", "last_name": "Hdz.",
              "second_last_name": "Anzures", "dob": "1987-04-21"}
    response = client.post(f"/api/v1/cases/{fgr_case.id}/subjects", json=person,
                           headers={**fgr.headers, "Accept-Language": "es-MX,es;q=0.9"})
    conflicts = response.get_json()["conflicts"]
    assert len(conflicts) == 1 and conflicts[0]["level"] == "match"
    assert "su apellido Hdz coincide como abreviatura de un apellido escrito completo" in conflicts[0]["reasons"]
    # ATF's side quotes its own surname, never FGR's shorthand.
    seen_by_atf = atf.get("/api/v1/conflicts").get_json()
    atf_reasons = [r for c in seen_by_atf.get("items", seen_by_atf) for r in c["reasons"]]
    assert "your surname Hernández agrees with an abbreviation of it" in atf_reasons
    assert not any("Hdz" in r for r in atf_reasons)
