"""The field pages of operations: the map's nearby operations, the calendar, the printable receipt."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from coordinator import create_app
from coordinator.security.headers import content_security_policy

from .factories import login


def test_the_tile_server_is_the_only_outside_origin_and_only_for_images():
    csp = content_security_policy("https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    assert "img-src 'self' data: https://tile.openstreetmap.org;" in csp
    assert "script-src 'self';" in csp and "style-src 'self';" in csp and "connect-src 'self';" in csp
    assert "img-src 'self' data: https://*.tile.example.org" in content_security_policy(
        "https://{s}.tile.example.org/{z}/{x}/{y}.png")
    offline = content_security_policy("")
    assert "img-src 'self' data:;" in offline and "http" not in offline


def test_pages_allow_the_configured_tile_server_and_geolocation_on_this_site(database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "MAP_TILE_URL": "https://tiles.agency.example/{z}/{x}/{y}.png"})
    with app.test_client() as client:
        headers = client.get("/login").headers
    assert "img-src 'self' data: https://tiles.agency.example;" in headers["Content-Security-Policy"]
    assert "geolocation=(self)" in headers["Permissions-Policy"]


def test_the_map_draws_the_agencys_own_operations_nearby_with_their_open_alerts(client, make):
    atf, ice = make.user("ATF"), make.user("ICE")
    start = datetime.now(timezone.utc) + timedelta(days=2)
    near = make.operation(atf, make.case(atf), title="Stash house watch", starts_at=start)
    far = make.operation(atf, make.case(atf), title="Far away", starts_at=start, latitude=25.67, longitude=-100.31)
    make.operation(ice, make.case(ice), title="ICE at the same house", starts_at=start)
    login(client, atf)
    items = client.get("/operations/nearby.json?lat=33.4665&lon=-112.0952").get_json()["items"]
    assert [item["title"] for item in items] == ["Stash house watch"]  # never another agency's
    assert items[0]["id"] == near.id and items[0]["url"] == f"/operations/{near.id}"
    alert = items[0]["alerts"][0]
    assert alert["agency"] == "ICE" and alert["critical"] and alert["url"].startswith("/review/alerts/")
    assert client.get(f"/operations/nearby.json?lat=25.67&lon=-100.31&exclude={far.id}").get_json()["items"] == []
    response = client.get("/operations/nearby.json?lat=95&lon=0")
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "bad_request"


def test_the_operation_form_carries_the_map_and_the_case_records_with_a_point(client, make):
    atf = make.user("ATF")
    case = make.case(atf)
    make.subject(atf, case, kind="gun_show", role="other", name="Crossroads of the West", venue="State Fairgrounds",
                 city="Phoenix", state="AZ", starts_on="2026-12-12", ends_on="2026-12-13",
                 latitude=33.4665, longitude=-112.0952)
    login(client, atf)
    page = client.get(f"/operations/new?case_id={case.id}").text
    assert 'id="operation-map"' in page and "/static/vendor/leaflet/leaflet.js" in page
    assert 'data-map-point="33.4665,-112.0952"' in page and 'data-venue="State Fairgrounds"' in page
    assert 'name="latitude"' in page and 'name="longitude"' in page  # the fields stay for keyboards
