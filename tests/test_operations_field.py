"""The field pages of operations: the map's nearby operations, the calendar, the printable receipt."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from coordinator import create_app
from coordinator.extensions import db
from coordinator.security.headers import content_security_policy

from .factories import Api, login, logout


def test_the_tile_server_is_the_only_outside_origin_and_only_for_images():
    csp = content_security_policy("https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    assert "img-src 'self' data: https://tile.openstreetmap.org;" in csp
    assert "script-src 'self';" in csp and "style-src 'self';" in csp and "connect-src 'self';" in csp
    assert "img-src 'self' data: https://*.tile.example.org" in content_security_policy(
        "https://{s}.tile.example.org/{z}/{x}/{y}.png")
    offline = content_security_policy("")
    assert "img-src 'self' data:;" in offline and "http" not in offline


def test_pages_allow_the_configured_tile_server_and_geolocation_on_this_site(app, database_url):  # app: the database is migrated
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "MAP_TILE_URL": "https://tiles.agency.example/{z}/{x}/{y}.png"})
    with app.test_client() as client:
        headers = client.get("/login").headers
    with app.app_context():
        db.engine.dispose()  # this app's own pool: its connections closed now, not when collected
    assert "img-src 'self' data: https://tiles.agency.example;" in headers["Content-Security-Policy"]
    assert "geolocation=(self)" in headers["Permissions-Policy"]


def test_the_map_draws_the_agencys_own_operations_nearby_with_their_open_alerts(client, make):
    atf, ice = make.user("ATF"), make.user("ICE")
    start = datetime.now(timezone.utc) + timedelta(days=2)
    near = make.operation(atf, make.case(atf), title="Stash house watch", starts_at=start)
    far = make.operation(atf, make.case(atf), title="Far away", starts_at=start, latitude=25.67, longitude=-100.31,
                         timezone="America/Monterrey")
    make.operation(ice, make.case(ice), title="ICE at the same house", starts_at=start)
    login(client, atf)
    items = client.get("/operations/nearby.json?lat=33.4665&lon=-112.0952").get_json()["items"]
    assert [item["title"] for item in items] == ["Stash house watch"]  # never another agency's
    assert items[0]["id"] == near.id and items[0]["url"] == f"/operations/{near.id}"
    alert = items[0]["alerts"][0]
    assert alert["agency"] == "ICE" and alert["critical"] and alert["url"].startswith("/review/alerts/")
    assert client.get(f"/operations/nearby.json?lat=25.67&lon=-100.31&exclude={far.id}").get_json() == \
        {"current": {"alerts": []}, "items": []}
    # Editing the operation in conflict: it is the pin, not a neighbour, and its own alerts come with it.
    editing = client.get(f"/operations/nearby.json?lat=33.4665&lon=-112.0952&exclude={near.id}").get_json()
    assert editing["items"] == [] and editing["current"]["alerts"][0]["agency"] == "ICE"
    assert client.get(f"/operations/nearby.json?lat=33.4665&lon=-112.0952&exclude={10**30}").status_code == 200
    response = client.get("/operations/nearby.json?lat=95&lon=0")
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "bad_request"


def test_the_operation_form_carries_the_map_and_the_case_records_with_a_point(client, make):
    atf = make.user("ATF")
    case = make.case(atf)
    make.subject(atf, case, kind="gun_show", role="other", name="Crossroads of the West", venue="State Fairgrounds",
                 city="Phoenix", state="AZ", starts_on="2037-12-12", ends_on="2037-12-13",
                 latitude=33.4665, longitude=-112.0952)
    login(client, atf)
    page = client.get(f"/operations/new?case_id={case.id}").text
    assert 'id="operation-map"' in page and "/static/vendor/leaflet/leaflet.js" in page
    assert 'data-map-point="33.4665,-112.0952"' in page and 'data-venue="State Fairgrounds"' in page
    assert 'name="latitude"' in page and 'name="longitude"' in page  # the fields stay for keyboards


def test_a_dealer_gives_its_point_or_its_address_s_to_the_map(client, make):
    atf = make.user("ATF")
    case = make.case(atf)
    api = Api(client, make.token(atf))
    placed = api.post(f"/api/v1/cases/{case.id}/subjects", json={
        "kind": "dealer", "role": "source_dealer", "name": "Desert Sportsman Supply",
        "license_number": "9-86-013-01-7D-04518", "latitude": 32.2217, "longitude": -110.9265})
    assert placed.status_code == 201, placed.text
    assert api.get(f"/api/v1/subjects/{placed.get_json()['id']}").get_json()["latitude"] == 32.2217
    half = api.post(f"/api/v1/cases/{case.id}/subjects", json={"kind": "dealer", "role": "source_dealer",
                                                               "name": "Half a point", "latitude": 32.2})
    assert half.status_code == 400 and "longitude" in half.get_json()["error"]["fields"]
    # A dealer without a point of its own takes the point of the address it is located at.
    shop = make.subject(atf, case, kind="dealer", role="source_dealer", name="Sun Valley Guns")
    where = make.subject(atf, case, kind="address", role="other", line1="4510 N 7th Ave", city="Phoenix",
                         state="AZ", latitude=33.5021, longitude=-112.0826)
    linked = api.post(f"/api/v1/cases/{case.id}/associations",
                      json={"from_subject_id": shop.id, "to_subject_id": where.id, "kind": "located_at"})
    assert linked.status_code == 201, linked.text
    login(client, atf)
    page = client.get(f"/operations/new?case_id={case.id}").text
    assert 'data-map-point="32.2217,-110.9265"' in page and 'data-venue="Desert Sportsman Supply"' in page
    assert 'data-map-point="33.5021,-112.0826"' in page and 'data-venue="Sun Valley Guns"' in page
    assert 'data-address="4510 N 7th Ave' in page


def test_the_calendar_lists_the_agencys_operations_by_day_and_marks_the_conflicts(client, make):
    from zoneinfo import ZoneInfo

    from coordinator.accounts.models import Office

    atf, ice = make.user("ATF", timezone="America/Phoenix"), make.user("ICE")
    phoenix = Office(agency_id=atf.agency_id, name="Phoenix Field Division", city="Phoenix", state="AZ", country="US")
    el_paso = Office(agency_id=atf.agency_id, name="El Paso Field Office", city="El Paso", state="TX", country="US")
    make.session.add_all([phoenix, el_paso])
    make.session.commit()
    in_phoenix, in_el_paso = make.case(atf), make.case(atf)
    in_phoenix.office_id, in_el_paso.office_id = phoenix.id, el_paso.id  # a case belongs to its lead's office
    make.session.commit()
    saturday = datetime(2037, 12, 12, 8, tzinfo=ZoneInfo("America/Phoenix"))
    show = make.operation(atf, in_phoenix, kind="gun_show_surveillance", title="Gun show",
                          starts_at=saturday, ends_at=saturday + timedelta(hours=8))
    overnight = make.operation(atf, in_el_paso, title="Overnight watch",
                               starts_at=saturday + timedelta(hours=14), ends_at=saturday + timedelta(hours=22),
                               latitude=31.76, longitude=-106.48)
    make.operation(ice, make.case(ice), title="ICE at the show", starts_at=saturday, ends_at=saturday + timedelta(hours=6))
    login(client, atf)

    page = client.get("/operations/calendar?date=2037-12-10").text  # a Thursday: its week from Monday the 7th
    assert "Monday, December 7, 2037" in page and "Sunday, December 13, 2037" in page
    assert "ICE at the show" not in page  # only the agency's own operations
    show_item = page[page.index(f'data-operation="{show.id}"'):]
    assert "calendar-conflict" in page[page.rindex("<li", 0, page.index(f'data-operation="{show.id}"')):page.index(f'data-operation="{show.id}"')]
    assert "8:00" in show_item and "ICE" in show_item.split("</li>")[0]
    # The overnight watch runs from Saturday 22:00 into Sunday 06:00 (Phoenix time): listed on both days.
    assert page.count(f'data-operation="{overnight.id}"') == 2

    office = client.get(f"/operations/calendar?date=2037-12-12&view=day&office={el_paso.id}").text
    assert "Overnight watch" in office and "Gun show" not in office
    region = client.get("/operations/calendar?date=2037-12-12&region=AZ").text
    assert "Gun show" in region and "Overnight watch" not in region
    kind = client.get("/operations/calendar?date=2037-12-12&kind=gun_show_surveillance&status=planned").text
    assert "Gun show" in kind and "Overnight watch" not in kind
    assert client.get("/operations/calendar?date=12/12/2026").status_code == 400
    assert client.get("/operations/calendar?date=9999-12-31").status_code == 400
    assert client.get("/operations/calendar").status_code == 200  # this week where the viewer is


def test_the_receipt_gives_the_check_in_the_places_zone_and_whom_to_call(client, make):
    from zoneinfo import ZoneInfo

    atf = make.user("ATF", name="Dana Whitfield", phone="+1 602 555 0141")
    ice = make.user("ICE")
    saturday = datetime(2037, 12, 12, 8, tzinfo=ZoneInfo("America/Phoenix"))
    target = make.subject(atf, case := make.case(atf))
    atf_op = make.operation(atf, case, title="Crossroads buyers", starts_at=saturday, venue="State Fairgrounds",
                            target_subject_ids=[target.id])
    ice_op = make.operation(ice, make.case(ice), title="Trafficker at the show", starts_at=saturday,
                            poc_name="Laura Kessler", poc_phone="+1 520 555 0177", poc_email="laura.kessler@ice.test")
    login(client, ice)
    page = client.get(f"/operations/{ice_op.id}/receipt").text
    assert "DX-" in page and "Call the point of contact before you act" in page
    assert 'href="tel:+16025550141"' in page and 'href="mailto:' in page and "Dana Whitfield" in page
    assert "(MST)" in page and "State Fairgrounds" not in page  # the place's zone; never the other case's place
    assert page.index("Call the point of contact") < page.index("What was checked")  # the verdict first
    assert 'data-print' in page
    # The first registrant's receipt found nothing then, and says so with its time, and shows the alert open since.
    logout(client)
    login(client, atf)
    first = client.get(f"/operations/{atf_op.id}/receipt").text
    assert "No conflict found by the check of" in first and "more alert is open on this operation" in first
    assert "State Fairgrounds" in first and target.label in first
    assert client.get(f"/operations/{ice_op.id}/receipt").status_code == 404  # another agency's paper
