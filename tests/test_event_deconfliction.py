"""Event deconfliction through the API: every other case, margins, one place by name, a live verdict, place and time."""
from __future__ import annotations

import re

from coordinator.cases.models import Case
from coordinator.conflicts.models import AlertSide, ConflictAlert, OperationCell, ProbeBurst
from coordinator.extensions import db
from coordinator.notifications.models import Notification

from .factories import Api, login, post_form

PHOENIX = (33.4665, -112.0952)


def body(case_id: int, **changes) -> dict:
    base = {"case_id": case_id, "kind": "surveillance", "title": "Watch the buyers",
            "starts_at": "2037-12-05T08:00:00-07:00", "ends_at": "2037-12-05T12:00:00-07:00",
            "latitude": PHOENIX[0], "longitude": PHOENIX[1], "radius_m": 200, "cross_border": False,
            "target_subject_ids": []}
    return {**base, **changes}


def north(metres: float) -> float:
    """A latitude ``metres`` north of the Phoenix point."""
    return PHOENIX[0] + metres / 111_195


def team(client, make, code: str, **user):
    agent = make.user(code, **user)
    return agent, Api(client, make.token(agent)), make.case(agent)


def register(api, case, **changes) -> dict:
    response = api.post("/api/v1/operations", json=body(case.id, **changes))
    assert response.status_code == 201, response.text
    return response.get_json()


def events(answer: dict) -> list[dict]:
    return [c for c in answer["conflicts"] if c["kind"] == "event"]


# --- 1. every event against every other event -------------------------------------------------

def test_two_cases_of_one_agency_conflict_each_side_in_its_own_terms_and_queue(client, make):
    tucson, atf, tucson_case = team(client, make, "ATF", name="Tucson agent", phone="+1 520 555 0101")
    phoenix = make.user("ATF", name="Phoenix agent", phone="+1 602 555 0102")
    phoenix_api, phoenix_case = Api(client, make.token(phoenix)), make.case(phoenix)
    first = register(atf, tucson_case)
    second = register(phoenix_api, phoenix_case, starts_at="2037-12-05T10:00:00-07:00",
                      ends_at="2037-12-05T14:00:00-07:00")
    [event] = events(second)
    assert event["other"]["agency"] == "ATF" and event["other"]["poc"]["name"] == "Tucson agent"
    assert event["this"]["id"] == second["id"] and event["severity"] == "critical"
    sides = db.session.scalars(db.select(AlertSide).where(AlertSide.alert_id == event["id"])).all()
    assert {(s.case_id, s.record_id) for s in sides} == {(tucson_case.id, first["id"]), (phoenix_case.id, second["id"])}

    # The agency's queue lists the alert from each side, each with its own record and whom to call.
    listed = [c for c in atf.get("/api/v1/conflicts?status=open").get_json()["items"] if c["id"] == event["id"]]
    assert sorted(c["this"]["id"] for c in listed) == sorted([first["id"], second["id"]])
    assert {c["this"]["id"]: c["other"]["poc"]["name"] for c in listed} == {
        first["id"]: "Phoenix agent", second["id"]: "Tucson agent"}
    # The first registrant's GET shows the alert from its own side.
    [mine] = atf.get(f"/api/v1/operations/{first['id']}").get_json()["conflicts"]
    assert mine["this"]["id"] == first["id"] and mine["other"]["poc"]["name"] == "Phoenix agent"


def _same_agency_alert(client, make):
    """Tucson and Phoenix agents of ATF, two cases, one overlap; the ids of both operations and the alert."""
    tucson, tucson_api, tucson_case = team(client, make, "ATF", name="Tucson agent", phone="+1 520 555 0101")
    phoenix = make.user("ATF", name="Phoenix agent", phone="+1 602 555 0102")
    phoenix_api, phoenix_case = Api(client, make.token(phoenix)), make.case(phoenix)
    first = register(tucson_api, tucson_case)
    second = register(phoenix_api, phoenix_case)
    [event] = events(second)
    return (tucson, tucson_api, first["id"]), (phoenix, phoenix_api, second["id"]), event["id"]


def _side(alert_id: int, operation_id: int) -> AlertSide:
    db.session.expire_all()
    return db.session.scalar(db.select(AlertSide).where(AlertSide.alert_id == alert_id,
                                                        AlertSide.record_id == operation_id))


def test_each_side_of_one_agency_acts_on_its_own_side_as_across_agencies(client, make):
    (tucson, tucson_api, first), (phoenix, phoenix_api, second), alert_id = _same_agency_alert(client, make)
    # Each agent reads the alert from its own side by default, and either side by naming its record.
    mine = tucson_api.get(f"/api/v1/conflicts/{alert_id}").get_json()
    assert mine["this"]["id"] == first and mine["other"]["poc"]["name"] == "Phoenix agent"
    theirs = phoenix_api.get(f"/api/v1/conflicts/{alert_id}").get_json()
    assert theirs["this"]["id"] == second and theirs["other"]["poc"]["name"] == "Tucson agent"
    named = tucson_api.get(f"/api/v1/conflicts/{alert_id}?record=operation:{second}").get_json()
    assert named["this"]["id"] == second
    assert tucson_api.get(f"/api/v1/conflicts/{alert_id}?record=operation:999999").status_code == 404
    assert tucson_api.get(f"/api/v1/conflicts/{alert_id}?record=nonsense").status_code == 400

    # Acknowledging acknowledges the actor's side only; the other side stays open.
    acked = tucson_api.post(f"/api/v1/conflicts/{alert_id}/acknowledge", json={"note": "called Phoenix"})
    assert acked.status_code == 200 and acked.get_json()["this"]["id"] == first
    assert acked.get_json()["status"] == "acknowledged" and acked.get_json()["other"]["status"] == "open"
    assert (_side(alert_id, first).status, _side(alert_id, second).status) == ("acknowledged", "open")
    open_now = [c["this"]["id"] for c in phoenix_api.get("/api/v1/conflicts?status=open").get_json()["items"]
                if c["id"] == alert_id]
    assert open_now == [second]

    # A supervisor concerned with both sides names the one acted for; without it, a 400 naming `record`.
    boss = make.user("ATF", role="supervisor")
    boss_api = Api(client, make.token(boss))
    vague = boss_api.post(f"/api/v1/conflicts/{alert_id}/resolve", json={"resolution": "joint"})
    assert vague.status_code == 400 and "record" in vague.get_json()["error"]["fields"]
    decided = boss_api.post(f"/api/v1/conflicts/{alert_id}/resolve",
                            json={"resolution": "joint", "note": "Tucson leads", "record": f"operation:{first}"})
    assert decided.status_code == 200 and decided.get_json()["alert_status"] == "open"
    assert (_side(alert_id, first).status, _side(alert_id, second).status) == ("deconflicted", "open")
    # The other side's people hear of it, in their own terms, with a link to their side.
    told = db.session.scalar(db.select(Notification).where(Notification.user_id == phoenix.id,
                                                           Notification.kind == "alert_resolved"))
    assert told is not None and told.link == f"/review/alerts/{alert_id}?record=operation:{second}"
    assert db.session.scalar(db.select(Notification).where(Notification.user_id == tucson.id,
                                                           Notification.kind == "alert_resolved")) is None
    # Reopening reopens the side it names, the resolved one; the other was never resolved.
    refused = boss_api.post(f"/api/v1/conflicts/{alert_id}/reopen",
                            json={"note": "not yet", "record": f"operation:{second}"})
    assert refused.status_code == 409
    reopened = boss_api.post(f"/api/v1/conflicts/{alert_id}/reopen",
                             json={"note": "Phoenix moved its team", "record": f"operation:{first}"})
    assert reopened.status_code == 200 and reopened.get_json()["this"]["id"] == first
    assert (_side(alert_id, first).status, _side(alert_id, second).status) == ("acknowledged", "open")
    # Both sides decided: the alert closes, as between two agencies.
    for operation_id in (first, second):
        boss_api.post(f"/api/v1/conflicts/{alert_id}/resolve",
                      json={"resolution": "joint", "record": f"operation:{operation_id}"})
    db.session.expire_all()
    assert db.session.get(ConflictAlert, alert_id).status == "closed"


def test_the_queue_and_the_alert_page_show_each_side_of_one_agency_in_its_own_terms(client, make):
    (_tucson, _t, first), (_phoenix, _p, second), alert_id = _same_agency_alert(client, make)
    boss = make.user("ATF", role="supervisor")
    login(client, boss)
    queue = client.get("/review/alerts").text
    for mine, theirs, poc in ((first, second, "Tucson agent"), (second, first, "Phoenix agent")):
        assert f'href="/review/alerts/{alert_id}?record=operation:{mine}"' in queue
        page = client.get(f"/review/alerts/{alert_id}?record=operation:{theirs}").text
        assert poc in page  # whom the side of ``theirs`` calls: the other case's contact
    # The operation's page (and the first one's receipt: raised since its check) link to its own side.
    for operation_id, path in ((first, f"/operations/{first}"), (second, f"/operations/{second}"),
                               (first, f"/operations/{first}/receipt")):
        assert f"/review/alerts/{alert_id}?record=operation:{operation_id}" in client.get(path).text, path
    page = client.get(f"/review/alerts/{alert_id}?record=operation:{second}").text
    assert f'action="/review/alerts/{alert_id}/acknowledge?record=operation:{second}"' in page
    done = post_form(client, f"/review/alerts/{alert_id}/acknowledge?record=operation:{second}",
                     {"note": "Phoenix told"}, form_url=f"/review/alerts/{alert_id}?record=operation:{second}")
    assert done.status_code == 302 and done.headers["Location"].endswith(f"?record=operation:{second}")
    assert (_side(alert_id, first).status, _side(alert_id, second).status) == ("open", "acknowledged")
    case_number = db.session.get(AlertSide, _side(alert_id, second).id).case_id
    number = db.session.get(Case, case_number).number
    assert f"ATF · {number}" in client.get(f"/review/alerts/{alert_id}").text  # the history says which side acted
    # Two sides of the agency open, then one: the count in the navigation counts sides.
    assert '<span class="badge" aria-label="1 open">1</span>' in client.get("/review/alerts").text


def test_operations_of_one_case_do_not_conflict_nor_one_agency_s_subject_records(client, make):
    _agent, atf, case = team(client, make, "ATF")
    register(atf, case)
    assert register(atf, case, title="Second team of the same case")["conflicts"] == []
    other_case = make.case(_agent)
    phone = {"kind": "phone", "role": "suspect", "number": "+52 662 123 4567"}
    atf.post(f"/api/v1/cases/{case.id}/subjects", json=phone)
    again = atf.post(f"/api/v1/cases/{other_case.id}/subjects", json=phone).get_json()
    assert again["conflicts"] == []


# --- 2. margins -----------------------------------------------------------------------------

def test_back_to_back_windows_at_one_place_conflict_as_high(client, make):
    _a, atf, atf_case = team(client, make, "ATF")
    _b, ice, ice_case = team(client, make, "ICE")
    register(atf, atf_case, ends_at="2037-12-05T17:00:00-07:00")
    later = register(ice, ice_case, starts_at="2037-12-05T17:00:00-07:00", ends_at="2037-12-05T19:00:00-07:00")
    [event] = events(later)
    assert event["severity"] == "high"
    assert event["reasons"] == [
        "the areas overlap",
        "your operation starts less than an hour after the other ends (Saturday 2037-12-05, in the afternoon)"]
    half_past = register(ice, ice_case, starts_at="2037-12-05T17:30:00-07:00",
                         ends_at="2037-12-05T19:00:00-07:00")
    assert [e["severity"] for e in events(half_past)] == ["high"]


def test_a_gap_inside_the_margins_conflicts_and_reasons_give_no_figures(client, make):
    _a, atf, atf_case = team(client, make, "ATF")
    _b, dea, dea_case = team(client, make, "DEA")
    register(atf, atf_case)
    # Edges 300 m apart (centres 700 m), starting 90 minutes after the other ends.
    near = register(dea, dea_case, latitude=north(700), starts_at="2037-12-05T13:30:00-07:00",
                    ends_at="2037-12-05T15:00:00-07:00")
    [event] = events(near)
    assert event["severity"] == "high" and event["level"] == "match"
    assert event["reasons"] == [
        "the areas come within 500 m of each other",
        "your operation starts less than 2 hours after the other ends (Saturday 2037-12-05, in the afternoon)"]
    said = " ".join(event["reasons"])
    assert not re.search(r"\b(700|300|200)\b|min\b|apart|radi", said)  # nothing to trilaterate with
    # Just outside either margin: nothing (the same case as ``near``, which one team plans with it).
    assert register(dea, dea_case, latitude=north(1_000))["conflicts"] == []
    assert register(dea, dea_case, starts_at="2037-12-05T14:30:00-07:00",
                    ends_at="2037-12-05T16:00:00-07:00")["conflicts"] == []


def test_overlapping_windows_say_the_day_and_part_of_day_only(client, make):
    _a, atf, atf_case = team(client, make, "ATF")
    _b, ice, ice_case = team(client, make, "ICE")
    register(atf, atf_case)
    [event] = events(register(ice, ice_case, latitude=north(150), starts_at="2037-12-05T09:13:00-07:00"))
    assert event["severity"] == "critical"
    assert event["reasons"] == ["the areas overlap",
                                "the time windows overlap on Saturday 2037-12-05, in the morning"]


# --- 3. the same place by name ----------------------------------------------------------------

def test_one_venue_900_m_apart_on_the_same_day_conflicts_whatever_the_points(client, make):
    _a, atf, atf_case = team(client, make, "ATF")
    _b, ice, ice_case = team(client, make, "ICE")
    first = register(atf, atf_case, kind="gun_show_surveillance", venue="Arizona State Fairgrounds",
                     radius_m=100)
    second = register(ice, ice_case, kind="gun_show_surveillance", venue="The Arizona State Fairgrounds, LLC",
                      latitude=north(900), radius_m=100, starts_at="2037-12-05T15:00:00-07:00",
                      ends_at="2037-12-05T18:00:00-07:00")
    [event] = events(second)
    assert event["reasons"][0] == "both operations name the same venue or address"
    assert event["severity"] == "high"  # the windows do not overlap: the same day, three hours apart
    cells = db.session.scalars(db.select(OperationCell.key).where(OperationCell.operation_id == first["id"],
                                                                  OperationCell.key.like("pn:%"))).all()
    assert len(cells) == 1  # found through the index, under the venue's key
    # Another day at that venue: nothing.
    assert register(ice, make.case(_b), venue="Arizona State Fairgrounds", latitude=north(900),
                    starts_at="2037-12-06T15:00:00-07:00", ends_at="2037-12-06T18:00:00-07:00")["conflicts"] == []


def test_a_gun_show_operation_meets_another_agency_s_gun_show_record_at_that_venue(client, make):
    _a, atf, atf_case = team(client, make, "ATF")
    _b, ice, ice_case = team(client, make, "ICE", name="Laura Kessler")
    show = {"kind": "gun_show", "role": "other", "name": "Crossroads of the West", "venue": "State Fairgrounds",
            "city": "Phoenix", "state": "AZ", "starts_on": "2037-12-05", "ends_on": "2037-12-06"}
    record = ice.post(f"/api/v1/cases/{ice_case.id}/subjects", json=show).get_json()["id"]
    operation = register(atf, atf_case, kind="gun_show_surveillance", venue="State Fairgrounds",
                         latitude=north(3_000))
    [event] = events(operation)
    assert event["other"] == {**event["other"], "agency": "ICE", "record_kind": "gun_show"}
    assert event["other"]["poc"]["name"] == "Laura Kessler"
    assert event["reasons"] == ["another agency has a gun show of interest at this venue on Saturday 2037-12-05"]
    [theirs] = ice.get(f"/api/v1/subjects/{record}").get_json()["conflicts"]
    assert theirs["id"] == event["id"] and theirs["this"] == {**theirs["this"], "type": "subject", "id": record}
    assert theirs["reasons"] == [
        "another agency plans an operation at this gun show's venue on Saturday 2037-12-05"]


def test_a_gun_show_record_with_a_city_and_no_state_meets_the_operation_at_its_venue(client, make):
    _a, atf, atf_case = team(client, make, "ATF")
    _b, ice, ice_case = team(client, make, "ICE")
    show = {"kind": "gun_show", "role": "other", "name": "Crossroads of the West", "venue": "State Fairgrounds",
            "city": "Phoenix", "starts_on": "2037-12-05", "ends_on": "2037-12-06"}
    created = ice.post(f"/api/v1/cases/{ice_case.id}/subjects", json=show)
    assert created.status_code == 201, created.text  # the state is optional: the city places the show
    operation = register(atf, atf_case, kind="gun_show_surveillance", venue="State Fairgrounds",
                         latitude=north(3_000))
    [event] = events(operation)
    assert event["other"]["record_kind"] == "gun_show" and event["id"] in [
        c["id"] for c in ice.get(f"/api/v1/subjects/{created.get_json()['id']}").get_json()["conflicts"]]
    # A town the list of cities does not know is met when the operation's address names it.
    town = {**show, "city": "Wickenburg", "venue": "Community Center"}
    ice.post(f"/api/v1/cases/{make.case(_b).id}/subjects", json=town)
    near_town = register(atf, make.case(_a), kind="gun_show_surveillance", venue="Community Center",
                         address="255 N Washington St, Wickenburg, AZ 85390", latitude=33.9686, longitude=-112.7296)
    assert [e["other"]["record_kind"] for e in events(near_town)] == ["gun_show"]


def test_venues_of_one_name_in_other_places_do_not_meet(client, make):
    _a, atf, atf_case = team(client, make, "ATF")
    _b, ice, ice_case = team(client, make, "ICE")
    base = {"kind": "gun_show", "role": "other", "name": "Big Show", "venue": "Convention Center",
            "starts_on": "2037-12-05", "ends_on": "2037-12-06"}
    for place in ({"city": "Dallas", "state": "TX"}, {"city": "Tucson"}, {"city": "Hermosillo", "state": "SON"},
                  {"city": "Phoenix", "state": "TX"}, {"city": "Springfield", "state": "AZ"}):
        assert ice.post(f"/api/v1/cases/{make.case(_b).id}/subjects", json={**base, **place}).status_code == 201
    # Phoenix: none of those is held here (Tucson is 170 km away, Springfield is not in Arizona's list).
    operation = register(atf, atf_case, kind="gun_show_surveillance", venue="Convention Center")
    assert [e for e in events(operation) if e["other"]["record_kind"] == "gun_show"] == []
    # Held in Phoenix with no state: met; the same record met from Tucson's convention centre: not.
    here = ice.post(f"/api/v1/cases/{ice_case.id}/subjects", json={**base, "city": "Phoenix"}).get_json()
    assert [e["other"]["record_kind"] for e in events(here)] == ["gun_show_surveillance"]
    tucson = register(atf, make.case(_a), kind="gun_show_surveillance", venue="Convention Center",
                      latitude=32.2217, longitude=-110.9265)
    met = [e for e in events(tucson) if e["other"]["record_kind"] == "gun_show"]
    assert len(met) == 1 and met[0]["id"] != events(here)[0]["id"]  # the Tucson show only


def test_a_gun_show_record_registered_later_meets_the_operation_at_its_venue(client, make):
    _a, atf, atf_case = team(client, make, "ATF")
    _b, ice, ice_case = team(client, make, "ICE")
    operation = register(atf, atf_case, kind="gun_show_surveillance", venue="State Fairgrounds")
    show = {"kind": "gun_show", "role": "other", "name": "Crossroads of the West", "venue": "State Fairgrounds",
            "city": "Phoenix", "state": "AZ", "starts_on": "2037-12-05", "ends_on": "2037-12-06",
            "latitude": north(1_200), "longitude": PHOENIX[1]}
    [event] = events(ice.post(f"/api/v1/cases/{ice_case.id}/subjects", json=show).get_json())
    assert event["other"]["agency"] == "ATF" and event["other"]["record_kind"] == "gun_show_surveillance"
    [theirs] = atf.get(f"/api/v1/operations/{operation['id']}").get_json()["conflicts"]
    assert theirs["id"] == event["id"]
    elsewhere = {**show, "starts_on": "2037-12-12", "ends_on": "2037-12-13"}
    assert events(ice.post(f"/api/v1/cases/{make.case(_b).id}/subjects", json=elsewhere).get_json()) == []


# --- 4. a live verdict ------------------------------------------------------------------------------

def test_the_first_registrant_s_get_shows_the_new_alert_and_the_receipt_keeps_its_moment(client, make):
    _a, atf, atf_case = team(client, make, "ATF")
    _b, ice, ice_case = team(client, make, "ICE")
    first = register(atf, atf_case)
    assert first["conflicts"] == []
    before = atf.get(f"/api/v1/operations/{first['id']}").get_json()
    assert before["conflicts"] == [] and before["receipt"] == first["receipt"] and before["checked_at"]
    second = register(ice, ice_case)
    after = atf.get(f"/api/v1/operations/{first['id']}").get_json()
    [live] = after["conflicts"]
    assert live["id"] == events(second)[0]["id"] and live["this"]["id"] == first["id"]
    assert set(live) >= {"id", "kind", "level", "severity", "score", "reasons", "this", "other", "status"}
    assert after["receipt"] == first["receipt"] and after["checked_conflicts"] == []
    assert after["checked_at"] == before["checked_at"]

    page = client.get(f"/operations/{first['id']}")  # not signed in: the page needs a session
    assert page.status_code in (302, 401)


def test_the_page_shows_open_alerts_and_never_no_conflicts_beside_them(client, make):
    from .factories import login

    agent, atf, atf_case = team(client, make, "ATF")
    _b, ice, ice_case = team(client, make, "ICE")
    first = register(atf, atf_case)
    login(client, agent)
    clear = client.get(f"/operations/{first['id']}").text
    assert "No open conflicts as of" in clear and "found no conflict" in clear
    register(ice, ice_case)
    page = client.get(f"/operations/{first['id']}").text
    assert "1 open conflict" in page and "ICE" in page
    assert "No open conflicts" not in page and "found no conflict" not in page
    assert "found nothing then; the alerts above were raised since" in page


# --- 6. place and time -------------------------------------------------------------------------------

def test_a_time_zone_that_disagrees_with_the_point_is_refused_naming_timezone(client, make):
    _a, atf, case = team(client, make, "ATF")
    refused = atf.post("/api/v1/operations", json=body(case.id, timezone="America/New_York"))
    assert refused.status_code == 400
    error = refused.get_json()["error"]
    assert "America/Phoenix" in error["fields"]["timezone"]
    assert db.session.scalar(db.select(db.func.count()).select_from(OperationCell)) == 0
    # A zone on the same clock there is taken, and stored as the point's own.
    same = register(atf, case, timezone="America/Hermosillo")
    assert same["timezone"] == "America/Phoenix"
    assert register(atf, case)["timezone"] == "America/Phoenix"


def test_moving_the_point_moves_the_zone_and_asks_again_for_a_far_place(client, make):
    _a, fgr, case = team(client, make, "FGR")
    operation = register(fgr, case, latitude=19.4326, longitude=-99.1332)  # Mexico City
    assert operation["timezone"] == "America/Mexico_City"
    far = fgr.patch(f"/api/v1/operations/{operation['id']}", json={"latitude": 33.4484, "longitude": -112.0740})
    assert far.status_code == 400 and "latitude" in far.get_json()["error"]["fields"]
    moved = fgr.patch(f"/api/v1/operations/{operation['id']}", json={"latitude": 25.6866, "longitude": -100.3161})
    assert moved.status_code == 200 and moved.get_json()["timezone"] == "America/Monterrey"


def test_a_point_on_another_continent_needs_confirmation(client, make):
    _a, atf, case = team(client, make, "ATF")
    dropped_minus = body(case.id, longitude=112.0952)  # western China
    refused = atf.post("/api/v1/operations", json=dropped_minus)
    assert refused.status_code == 400
    assert "latitude" in refused.get_json()["error"]["fields"]
    assert "outside United States." in refused.get_json()["error"]["fields"]["latitude"]
    in_spanish = client.post("/api/v1/operations", json=dropped_minus,
                             headers={**atf.headers, "Accept-Language": "es-MX,es;q=0.9"})
    assert "fuera de Estados Unidos." in in_spanish.get_json()["error"]["fields"]["latitude"]
    confirmed = atf.post("/api/v1/operations", json={**dropped_minus, "confirm_location": True})
    assert confirmed.status_code == 201
    # Near the border, on the other side, is an ordinary place for a US agency.
    assert atf.post("/api/v1/operations", json=body(case.id, latitude=31.30, longitude=-110.94)).status_code == 201


# --- 16.8 and 16.2: ended operations and probes ------------------------------------------------------------

def test_a_cancelled_operation_closes_its_alerts_and_blocks_no_one(client, make):
    _a, atf, atf_case = team(client, make, "ATF")
    ice_agent, ice, ice_case = team(client, make, "ICE")
    ice_boss = make.user("ICE", role="supervisor")
    boss_api = Api(client, make.token(ice_boss))
    theirs = register(atf, atf_case)
    mine = register(ice, ice_case)
    [event] = events(mine)
    assert boss_api.post(f"/api/v1/operations/{mine['id']}/transition", json={"to": "cleared"}).status_code == 200
    blocked = boss_api.post(f"/api/v1/operations/{mine['id']}/transition", json={"to": "active"})
    assert blocked.status_code == 409

    assert atf.post(f"/api/v1/operations/{theirs['id']}/transition", json={"to": "cancelled"}).status_code == 200
    alert = db.session.get(ConflictAlert, event["id"])
    db.session.refresh(alert)
    assert alert.status == "closed" and all(s.status == "deconflicted" for s in alert.sides)
    told = db.session.scalars(db.select(Notification.user_id).where(Notification.kind == "operation_ended")).all()
    assert ice_agent.id in told
    assert ice.get(f"/api/v1/operations/{mine['id']}").get_json()["conflicts"] == []
    assert boss_api.post(f"/api/v1/operations/{mine['id']}/transition", json={"to": "active"}).status_code == 200


def test_a_burst_of_probes_near_other_teams_is_flagged_once(client, make):
    _a, ice, ice_case = team(client, make, "ICE")
    prober, fgr, fgr_case = team(client, make, "ATF")
    boss = make.user("ATF", role="supervisor")
    register(ice, ice_case, starts_at="2037-12-05T06:00:00-07:00", ends_at="2037-12-05T20:00:00-07:00")
    for n in range(4):
        probe = register(fgr, fgr_case, latitude=north(150 * n), title=f"Probe {n}")
        assert events(probe)
        assert fgr.post(f"/api/v1/operations/{probe['id']}/transition", json={"to": "cancelled"}).status_code == 200
        flagged = db.session.scalars(db.select(ProbeBurst)).all()
        assert len(flagged) == (0 if n < 2 else 1)
    [burst] = flagged
    assert len(burst.operation_ids) == 3 and burst.user_ids == [prober.id]
    told = db.session.scalars(db.select(Notification).where(Notification.kind == "probe_burst")).all()
    assert [n.user_id for n in told] == [boss.id]
    # Cancelling one's own case's operations, with no other team near, is no probe.
    quiet = register(fgr, fgr_case, latitude=north(50_000))
    fgr.post(f"/api/v1/operations/{quiet['id']}/transition", json={"to": "cancelled"})
    assert len(db.session.scalars(db.select(ProbeBurst)).all()) == 1
