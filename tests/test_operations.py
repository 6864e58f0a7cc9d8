"""Operations through the pages and the API: time windows in UTC, bad input, access, changes, lists."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from coordinator.conflicts.models import OperationCell
from coordinator.extensions import db
from coordinator.operations.models import Operation, OperationTarget

from .factories import Api, count_registered, login, post_form

UTC = timezone.utc


def good(case_id: int, **changes) -> dict:
    """A gun-show surveillance at the Phoenix fairgrounds, 08:00–17:00 local (MST, UTC-7)."""
    return {
        "case_id": case_id, "kind": "gun_show_surveillance", "title": "Crossroads surveillance",
        "starts_at": "2037-12-05T08:00:00-07:00", "ends_at": "2037-12-05T17:00:00-07:00",
        "latitude": 33.4665, "longitude": -112.0952, "radius_m": 500, "venue": "State Fairgrounds",
        "address": "1826 W McDowell Rd, Phoenix, AZ", "cross_border": False, "target_subject_ids": [],
        **changes,
    }


def browser_form(case_id: int, **changes) -> dict:
    """The same operation as the page posts it: wall-clock times plus the place's zone."""
    return {
        "case_id": str(case_id), "kind": "gun_show_surveillance", "title": "Crossroads surveillance",
        "starts_at": "2037-12-05T08:00", "ends_at": "2037-12-05T17:00", "timezone": "America/Phoenix",
        "latitude": "33.4665", "longitude": "-112.0952", "radius_m": "500", "venue": "State Fairgrounds",
        "address": "", "poc_name": "", "poc_phone": "", "poc_email": "", "notes": "", **changes,
    }



def count_operations() -> int:
    return count_registered(Operation, OperationCell, "operation")


def stored(operation_id: int) -> Operation:
    db.session.expire_all()
    return db.session.get(Operation, operation_id)


@pytest.fixture()
def agent(make):
    return make.user("ATF", timezone="America/Phoenix")


@pytest.fixture()
def case(make, agent):
    return make.case(agent)


@pytest.fixture()
def api(client, make, agent):
    return Api(client, make.token(agent))


# --- registering -------------------------------------------------------------------------------

def test_register_through_the_api_stores_utc(api, make, agent, case):
    target = make.subject(agent, case, "person", last_name="García")
    response = api.post("/api/v1/operations", json=good(case.id, target_subject_ids=[target.id],
                                                        timezone="America/Phoenix", cross_border=True))
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["id"] and body["receipt"] and body["conflicts"] == []
    assert body["starts_at"] == "2037-12-05T15:00:00Z" and body["ends_at"] == "2037-12-06T00:00:00Z"
    operation = stored(body["id"])
    assert operation.starts_at == datetime(2037, 12, 5, 15, 0, tzinfo=UTC)
    assert operation.ends_at == datetime(2037, 12, 6, 0, 0, tzinfo=UTC)
    assert operation.status == "planned" and operation.cross_border is True
    assert operation.agency_id == agent.agency_id and operation.target_subjects == [target]
    assert (operation.poc_name, operation.poc_email) == (agent.name, agent.email)
    assert api.get(f"/api/v1/operations/{body['id']}").get_json()["target_subject_ids"] == [target.id]


def test_operation_page_shows_the_local_time_of_the_place(client, api, agent, case):
    operation_id = api.post("/api/v1/operations", json=good(case.id, timezone="America/Phoenix")).get_json()["id"]
    login(client, agent)
    page = client.get(f"/operations/{operation_id}")
    assert page.status_code == 200
    # The reader's short forms: 12/05/2037 8:00 AM (MST), the date zero-padded with a four-digit year.
    assert re.search(r"12/05/2037 8:00\W?AM", page.text) and re.search(r"5:00\W?PM", page.text)
    # Never the window in UTC (3:00 PM on the 5th to midnight on the 6th). The page also shows when the operation
    # was registered, now, whose time may read 3:00 as well: only the operation's own date is looked at.
    assert "(MST)" in page.text and not re.search(r"12/05/2037 (15|3):00", page.text) and "12/06/2037" not in page.text


def test_times_with_z_or_other_offsets_are_the_same_instant(api, case):
    response = api.post("/api/v1/operations", json=good(case.id, starts_at="2037-12-05T15:00:00Z",
                                                        ends_at="2037-12-05T18:00:00-06:00"))
    assert response.status_code == 201, response.get_json()
    operation = stored(response.get_json()["id"])
    assert operation.starts_at == datetime(2037, 12, 5, 15, 0, tzinfo=UTC)
    assert operation.ends_at == datetime(2037, 12, 6, 0, 0, tzinfo=UTC)


def test_api_without_a_timezone_still_shows_the_place_local_time(client, make):
    user = make.user("ATF")  # time zone UTC
    api = Api(client, make.token(user))
    operation_id = api.post("/api/v1/operations", json=good(make.case(user).id)).get_json()["id"]
    assert stored(operation_id).timezone == "America/Phoenix"


@pytest.mark.parametrize("zone,point,start_utc,label", [
    ("America/Phoenix", ("33.4665", "-112.0952"), datetime(2037, 12, 5, 15, 0, tzinfo=UTC), "(MST)"),
    ("America/Mexico_City", ("19.4326", "-99.1332"), datetime(2037, 12, 5, 14, 0, tzinfo=UTC), "(CST)"),
    ("America/Tijuana", ("32.5149", "-117.0382"), datetime(2037, 12, 5, 16, 0, tzinfo=UTC), "(PST)"),
])
def test_register_through_the_form_in_the_place_time_zone(client, make, agent, case, zone, point, start_utc,
                                                          label):
    target = make.subject(agent, case, "phone", number="+526621234567")
    login(client, agent)
    response = post_form(client, "/operations/new",
                         {**browser_form(case.id, timezone=zone, latitude=point[0], longitude=point[1]),
                          "target_subject_ids": str(target.id), "cross_border": "y", "confirm_location": "y"},
                         form_url=f"/operations/new?case_id={case.id}")
    assert response.status_code == 302, response.text
    operation = db.session.scalar(db.select(Operation))
    assert response.headers["Location"].endswith(f"/operations/{operation.id}")
    assert operation.starts_at == start_utc and operation.ends_at == start_utc + timedelta(hours=9)
    assert operation.timezone == zone and operation.cross_border is True
    assert operation.target_subjects == [target]
    page = client.get(f"/operations/{operation.id}")
    assert re.search(r"8:00\W?AM", page.text) and label in page.text


def test_summer_time_is_handled(client, agent, case):
    login(client, agent)
    response = post_form(client, "/operations/new",
                         browser_form(case.id, timezone="America/Los_Angeles", starts_at="2026-07-04T08:00",
                                      ends_at="2026-07-04T10:00"),
                         form_url=f"/operations/new?case_id={case.id}")
    assert response.status_code == 302, response.text
    assert db.session.scalar(db.select(Operation.starts_at)) == datetime(2026, 7, 4, 15, 0, tzinfo=UTC)


def test_form_takes_the_zone_of_the_point_unless_one_is_chosen(client, agent, case):
    """The user's own zone is not the place's: the page reads wall-clock times in the point's zone."""
    login(client, agent)
    page = client.get(f"/operations/new?case_id={case.id}")
    assert page.status_code == 200
    select = re.search(r'<select[^>]*name="timezone".*?</select>', page.text, re.S).group(0)
    assert re.search(r'<option[^>]*value="">The zone of the point</option>', select)
    assert "selected" not in select
    assert 'type="datetime-local"' in page.text
    response = post_form(client, "/operations/new", browser_form(case.id, timezone=""),
                         form_url=f"/operations/new?case_id={case.id}")
    assert response.status_code == 302, response.text
    operation = db.session.scalar(db.select(Operation))
    assert operation.timezone == "America/Phoenix"
    assert operation.starts_at == datetime(2037, 12, 5, 15, 0, tzinfo=UTC)


# --- bad input, field by field ------------------------------------------------------------------

DROP = object()


@pytest.mark.parametrize("changes,named", [
    ({"ends_at": "2037-12-05T07:00:00-07:00"}, "ends_at"),  # ends before it starts
    ({"ends_at": "2037-12-05T08:00:00-07:00"}, "ends_at"),  # ends as it starts
    ({"ends_at": "2038-01-05T08:00:01-07:00"}, "ends_at"),  # longer than 31 days
    ({"starts_at": "2037-12-05T08:00:00"}, "starts_at"),  # no offset
    ({"ends_at": "2037-12-05T17:00"}, "ends_at"),  # no offset
    ({"starts_at": "next Tuesday"}, "starts_at"),
    ({"starts_at": "2026-13-05T08:00:00Z"}, "starts_at"),
    ({"starts_at": 1796482800}, "starts_at"),
    ({"starts_at": ["2037-12-05T08:00:00Z"]}, "starts_at"),
    ({"starts_at": DROP}, "starts_at"),
    ({"ends_at": None}, "ends_at"),
    ({"radius_m": 0}, "radius_m"),
    ({"radius_m": -5}, "radius_m"),
    ({"radius_m": 600000}, "radius_m"),
    ({"radius_m": 12.5}, "radius_m"),
    ({"radius_m": "wide"}, "radius_m"),
    ({"latitude": 100}, "latitude"),
    ({"latitude": -90.5}, "latitude"),
    ({"latitude": "nan"}, "latitude"),
    ({"latitude": DROP}, "latitude"),
    ({"longitude": 181}, "longitude"),
    ({"longitude": None}, "longitude"),
    ({"kind": "raid"}, "kind"),
    ({"kind": DROP}, "kind"),
    ({"title": ""}, "title"),
    ({"title": "x" * 201}, "title"),
    ({"title": {"en": "x"}}, "title"),
    ({"venue": "x" * 201}, "venue"),
    ({"address": "x" * 301}, "address"),
    ({"cross_border": "yes"}, "cross_border"),
    ({"case_id": "one"}, "case_id"),
    ({"case_id": DROP}, "case_id"),
    ({"case_id": 999999}, "case_id"),
    ({"case_id": "other_agency"}, "case_id"),
    ({"target_subject_ids": "other_case"}, "target_subject_ids"),
    ({"target_subject_ids": "other_agency"}, "target_subject_ids"),
    ({"target_subject_ids": [999999]}, "target_subject_ids"),
    ({"target_subject_ids": ["x"]}, "target_subject_ids"),
    ({"target_subject_ids": 5}, "target_subject_ids"),
    ({"poc_email": "not an email"}, "poc_email"),
    ({"poc_phone": "1" * 33}, "poc_phone"),
    ({"notes": "x" * 2001}, "notes"),
    ({"notes": "a\x00b"}, "notes"),  # PostgreSQL refuses NUL in text
    ({"title": "Crossroads\x00"}, "title"),
    ({"case_id": 3_000_000_000}, "case_id"),  # beyond the database integer
    ({"case_id": 10**20}, "case_id"),
    ({"case_id": 0}, "case_id"),
    ({"target_subject_ids": [3_000_000_000]}, "target_subject_ids"),
    ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
    ({"timezone": "Europe/Nowhere"}, "timezone"),
    ({"status": "active"}, "status"),
    ({"surprise": 1}, "surprise"),
])
def test_api_rejects_each_bad_field_and_writes_nothing(api, make, case, changes, named):
    outsider = make.user("FGR")
    outsider_case = make.case(outsider)
    other_case = make.case(case.created_by)
    refs = {"other_agency": outsider_case.id}
    if changes.get("target_subject_ids") == "other_case":
        refs["other_case"] = [make.subject(case.created_by, other_case).id]
    if changes.get("target_subject_ids") == "other_agency":
        refs["other_agency"] = [make.subject(outsider, outsider_case).id]
    payload = {**good(case.id), **{k: refs.get(v, v) if isinstance(v, str) else v for k, v in changes.items()}}
    payload = {k: v for k, v in payload.items() if v is not DROP}
    response = api.post("/api/v1/operations", json=payload)
    assert response.status_code == 400, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert named in error["fields"], error
    assert error["fields"][named].strip()
    assert count_operations() == 0
    assert db.session.scalar(db.select(db.func.count(OperationTarget.id))) == 0


def test_a_window_of_exactly_31_days_is_allowed(api, case):
    response = api.post("/api/v1/operations", json=good(case.id, ends_at="2038-01-05T08:00:00-07:00"))
    assert response.status_code == 201, response.get_json()


def test_the_window_is_measured_in_real_time_across_a_clock_change(client, agent, case):
    login(client, agent)
    # 31 days on the wall clock, but the clocks go back on 1 November: 31 days and an hour.
    response = post_form(client, "/operations/new",
                         browser_form(case.id, timezone="America/Los_Angeles", starts_at="2026-10-05T00:00",
                                      ends_at="2026-11-05T00:00"), form_url=f"/operations/new?case_id={case.id}")
    assert response.status_code == 422
    assert "at most 31 days" in response.text
    assert count_operations() == 0


def test_a_time_skipped_by_the_clocks_is_refused(client, agent, case):
    login(client, agent)
    response = post_form(client, "/operations/new",
                         browser_form(case.id, timezone="America/Los_Angeles", starts_at="2026-03-08T02:30",
                                      ends_at="2026-03-08T05:00"), form_url=f"/operations/new?case_id={case.id}")
    assert response.status_code == 422
    assert "clocks go forward" in response.text and 'value="2026-03-08T02:30"' in response.text
    assert count_operations() == 0


@pytest.mark.parametrize("zone", [None, "America/Phoenix"])
def test_api_times_need_their_offset_even_with_a_timezone(api, case, zone):
    response = api.post("/api/v1/operations", json=good(case.id, starts_at="2037-12-05T08:00:00",
                                                        ends_at="2037-12-05T17:00:00", timezone=zone))
    assert response.status_code == 400
    fields = response.get_json()["error"]["fields"]
    assert "offset" in fields["starts_at"] and "offset" in fields["ends_at"]
    assert count_operations() == 0


def test_poc_may_be_on_an_internal_domain(api, case):
    response = api.post("/api/v1/operations", json=good(case.id, poc_name="Duty desk", poc_email="Desk@PHX.atf.local",
                                                        poc_phone="+1 602 555 0100"))
    assert response.status_code == 201, response.get_json()
    operation = stored(response.get_json()["id"])
    assert (operation.poc_name, operation.poc_email, operation.poc_phone) == (
        "Duty desk", "desk@phx.atf.local", "+16025550100")  # the phone in E.164


@pytest.mark.parametrize("changes,field,message", [
    ({"ends_at": "2037-12-05T07:00"}, "ends_at", "The operation must end after it starts."),
    ({"ends_at": "2038-01-20T07:00"}, "ends_at", "at most 31 days"),
    ({"starts_at": "tomorrow"}, "starts_at", "Not a valid date and time"),
    ({"radius_m": "0"}, "radius_m", "between 1 and 500000"),
    ({"latitude": "100"}, "latitude", "between -90"),
    ({"kind": "raid"}, "kind", "Not a valid choice"),
    ({"timezone": "Mars/Olympus_Mons"}, "timezone", "Not a valid choice"),
    ({"poc_email": "nobody"}, "poc_email", "Invalid email address."),
    ({"title": ""}, "title", "This field is required."),
])
def test_form_rejects_bad_input_with_a_message_and_writes_nothing(client, agent, case, changes, field, message):
    login(client, agent)
    response = post_form(client, "/operations/new", browser_form(case.id, **changes),
                         form_url=f"/operations/new?case_id={case.id}")
    assert response.status_code == 422
    assert message in response.text
    assert f'id="{field}-error"' in response.text
    assert "Nothing was saved." in response.text
    assert count_operations() == 0


def test_bad_timezone_does_not_blame_the_times(client, agent, case):
    login(client, agent)
    response = post_form(client, "/operations/new", browser_form(case.id, timezone="Mars/Olympus_Mons"),
                         form_url=f"/operations/new?case_id={case.id}")
    assert response.status_code == 422
    assert 'id="starts_at-error"' not in response.text and 'id="ends_at-error"' not in response.text


def test_form_refuses_a_case_of_another_agency(client, make, agent, case):
    outsider_case = make.case(make.user("FGR"))
    login(client, agent)
    response = post_form(client, "/operations/new", browser_form(outsider_case.id),
                         form_url=f"/operations/new?case_id={case.id}")
    assert response.status_code == 422
    assert "Choose a case of your agency." in response.text
    assert outsider_case.number not in response.text
    assert count_operations() == 0


def test_form_refuses_a_target_of_another_case(client, make, agent, case):
    elsewhere = make.subject(agent, make.case(agent))
    login(client, agent)
    response = post_form(client, "/operations/new", {**browser_form(case.id), "target_subject_ids": str(elsewhere.id)},
                         form_url=f"/operations/new?case_id={case.id}")
    assert response.status_code == 422
    assert "Targets must be subject records of the operation" in response.text
    assert count_operations() == 0


def test_form_keeps_the_local_times_after_an_error(client, agent, case):
    login(client, agent)
    response = post_form(client, "/operations/new", browser_form(case.id, title=""),
                         form_url=f"/operations/new?case_id={case.id}")
    assert response.status_code == 422
    assert 'value="2037-12-05T08:00"' in response.text and 'value="2037-12-05T17:00"' in response.text


# --- need to know ------------------------------------------------------------------------------

def test_another_agency_gets_404_for_an_operation(client, make, agent, case):
    operation = make.operation(agent, case, title="Nogales delivery")
    outsider = make.user("FGR")
    api = Api(client, make.token(outsider))
    assert api.get(f"/api/v1/operations/{operation.id}").status_code == 404
    assert api.patch(f"/api/v1/operations/{operation.id}", json={"title": "mine now"}).status_code == 404
    assert api.get("/api/v1/operations").get_json()["items"] == []
    login(client, outsider)
    assert client.get(f"/operations/{operation.id}").status_code == 404
    assert client.get(f"/operations/{operation.id}/edit").status_code == 404
    assert client.get(f"/operations/new?case_id={case.id}").status_code == 200
    assert case.number not in client.get(f"/operations/new?case_id={case.id}").text
    assert "Nogales delivery" not in client.get("/operations/").text
    assert stored(operation.id).title == "Nogales delivery"


def test_missing_operation_is_404(client, api, agent):
    assert api.get("/api/v1/operations/999999").status_code == 404
    assert api.patch("/api/v1/operations/999999", json={"title": "x"}).status_code == 404
    login(client, agent)
    huge = 10**20  # beyond any database integer
    assert client.get(f"/operations/{huge}").status_code == 404
    assert client.get(f"/operations/{huge}/edit").status_code == 404
    chooser = client.get(f"/operations/new?case_id={huge}")
    assert chooser.status_code == 200 and "Which case is the operation for?" in chooser.text


def test_api_ids_and_pages_beyond_the_database_integer(api):
    huge = 10**20
    assert api.get(f"/api/v1/operations/{huge}").status_code == 404
    assert api.get(f"/api/v1/operations?page={huge}").status_code in (200, 400)


def test_monitors_do_not_open_operations(client, make, agent, case):
    operation = make.operation(agent, case)
    monitor = Api(client, make.token(make.user("ATF", role="monitor")))
    assert monitor.get(f"/api/v1/operations/{operation.id}").status_code == 404
    assert monitor.get("/api/v1/operations").status_code == 403
    assert monitor.post("/api/v1/operations", json=good(case.id)).status_code == 403
    assert count_operations() == 1


# --- changing an operation ---------------------------------------------------------------------

def test_patch_changes_the_window_and_targets(api, make, agent, case):
    first = make.subject(agent, case, "person", last_name="García")
    second = make.subject(agent, case, "vehicle", plate="ABC123", plate_region="SON")
    created = api.post("/api/v1/operations", json=good(case.id, target_subject_ids=[first.id],
                                                       timezone="America/Phoenix")).get_json()
    response = api.patch(f"/api/v1/operations/{created['id']}", json={
        "starts_at": "2037-12-06T09:00:00-07:00", "ends_at": "2037-12-06T12:00:00-07:00",
        "target_subject_ids": [second.id, first.id]})
    assert response.status_code == 200, response.get_json()
    assert "receipt" in response.get_json() and response.get_json()["conflicts"] == []
    operation = stored(created["id"])
    assert operation.starts_at == datetime(2037, 12, 6, 16, 0, tzinfo=UTC)
    assert operation.ends_at == datetime(2037, 12, 6, 19, 0, tzinfo=UTC)
    assert {t.subject_id for t in operation.targets} == {first.id, second.id}
    assert (operation.title, operation.radius_m, operation.timezone) == (
        "Crossroads surveillance", 500, "America/Phoenix")
    dropped = api.patch(f"/api/v1/operations/{created['id']}", json={"target_subject_ids": []})
    assert dropped.status_code == 200 and stored(created["id"]).targets == []


@pytest.mark.parametrize("patch,named", [
    ({"ends_at": "2037-12-05T07:00:00-07:00"}, "ends_at"),
    ({"starts_at": "2037-11-01T08:00:00-07:00"}, "ends_at"),  # the kept end is now 34 days away
    ({"starts_at": "2037-12-05T08:00:00"}, "starts_at"),
    ({"radius_m": 0}, "radius_m"),
    ({"case_id": "another"}, "case_id"),
    ({"target_subject_ids": [999999]}, "target_subject_ids"),
    ({"status": "active"}, "status"),
])
def test_patch_with_bad_input_changes_nothing(api, make, agent, case, patch, named):
    created = api.post("/api/v1/operations", json=good(case.id)).get_json()
    if patch.get("case_id") == "another":
        patch = {"case_id": make.case(agent).id}
    response = api.patch(f"/api/v1/operations/{created['id']}", json=patch)
    assert response.status_code == 400, response.get_json()
    assert named in response.get_json()["error"]["fields"]
    operation = stored(created["id"])
    assert operation.starts_at == datetime(2037, 12, 5, 15, 0, tzinfo=UTC) and operation.radius_m == 500
    assert operation.status == "planned" and operation.case_id == case.id


def test_edit_through_the_form_in_local_time(client, make, agent, case):
    target = make.subject(agent, case)
    operation = make.operation(agent, case, starts_at=datetime(2037, 12, 5, 15, 0, tzinfo=UTC),
                               timezone="America/Phoenix", target_subject_ids=[target.id])
    login(client, agent)
    page = client.get(f"/operations/{operation.id}/edit")
    assert page.status_code == 200
    assert 'value="2037-12-05T08:00"' in page.text and "checked" in page.text
    response = post_form(client, f"/operations/{operation.id}/edit",
                         browser_form(case.id, starts_at="2037-12-05T10:00", ends_at="2037-12-05T12:00",
                                      title="Moved"))
    assert response.status_code == 302, response.text
    changed = stored(operation.id)
    assert changed.title == "Moved" and changed.starts_at == datetime(2037, 12, 5, 17, 0, tzinfo=UTC)
    assert changed.targets == []  # no box ticked
    bad = post_form(client, f"/operations/{operation.id}/edit", browser_form(case.id, ends_at="2037-12-05T07:00"))
    assert bad.status_code == 422 and "must end after it starts" in bad.text
    assert stored(operation.id).title == "Moved"


# --- lists -------------------------------------------------------------------------------------

def test_list_pages_with_next_and_filters_by_status(api, make, agent, case):
    start = datetime(2037, 12, 1, 15, 0, tzinfo=UTC)
    created = [make.operation(agent, case, title=f"Op {n}", starts_at=start + timedelta(days=n)) for n in range(7)]
    for operation in created[:3]:
        operation.status = "cancelled"
    db.session.commit()
    make.operation(make.user("FGR"), make.case(make.user("FGR")), title="Not ours")

    page = api.get("/api/v1/operations?per_page=3").get_json()
    assert len(page["items"]) == 3 and page["next"]
    seen = [item["title"] for item in page["items"]]
    while page["next"]:
        page = api.get(page["next"]).get_json()
        seen += [item["title"] for item in page["items"]]
    assert sorted(seen) == [f"Op {n}" for n in range(7)]
    assert len(seen) == len(set(seen))

    cancelled, following = [], "/api/v1/operations?status=cancelled&per_page=2"
    while following:
        page = api.get(following).get_json()
        assert all(item["status"] == "cancelled" for item in page["items"])
        cancelled += [item["title"] for item in page["items"]]
        following = page["next"]
    assert sorted(cancelled) == ["Op 0", "Op 1", "Op 2"]
    planned = api.get("/api/v1/operations?status=planned&per_page=500").get_json()
    assert {item["title"] for item in planned["items"]} == {f"Op {n}" for n in range(3, 7)}
    assert planned["next"] is None


def test_list_filters_by_case_across_pages(api, make, agent, case):
    other = make.case(agent)
    for n in range(3):
        make.operation(agent, case, title=f"Here {n}")
        make.operation(agent, other, title=f"There {n}")
    titles, following = [], f"/api/v1/operations?case_id={case.id}&per_page=2"
    while following:
        page = api.get(following).get_json()
        titles += [item["title"] for item in page["items"]]
        following = page["next"]
    assert sorted(titles) == ["Here 0", "Here 1", "Here 2"]


def test_operations_page_lists_and_filters(client, make, agent, case):
    make.operation(agent, case, title="Fairgrounds watch")
    cancelled = make.operation(agent, case, title="Called off")
    cancelled.status = "cancelled"
    db.session.commit()
    login(client, agent)
    page = client.get("/operations/?status=cancelled")
    assert page.status_code == 200
    assert "Called off" in page.text and "Fairgrounds watch" not in page.text
