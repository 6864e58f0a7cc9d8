"""The agent's pages in the field, in a real Chromium: the map, the calendar, the receipt, a phone's screen.

1. Placing the pin on the map fills latitude and longitude; dragging the
   radius handle fills the radius; a pasted "lat, lon" moves the pin; with no
   tile server reachable the offline basemap (states and cities) is drawn.
2. At 390×844, in English and in Spanish, registering an operation, its
   receipt, an alert and the alert queue fit the screen: no sideways scroll.
"""
from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from .conftest import PASSWORD

pytestmark = pytest.mark.browser


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")


def nearby_answered(page) -> None:
    """Wait until the map has drawn the answer to its question for nearby operations.

    The map asks a pause after the point changes: a wait for the network to be
    idle can come before the question is even sent, and a response on its way
    can still set the session's cookie.
    """
    page.wait_for_selector(".map-picker[data-nearby-count]", state="attached")


def open_form(actor, case_id: int) -> None:
    actor.page.goto(f"{actor.base}/operations/new?case_id={case_id}")
    actor.page.wait_for_selector("#operation-map.map-ready")


def test_placing_the_pin_fills_latitude_and_longitude(live, actors):
    _base, people, cases, app = live
    agent = actors("atf_agent")
    page = agent.page
    refused = []  # what the content security policy blocked: Leaflet must need nothing it forbids
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text
            else None)
    open_form(agent, cases["atf_agent"])
    assert page.input_value("input[name=latitude]") == ""
    # No tiles can be fetched here: the offline basemap shows the states.
    page.wait_for_selector("#operation-map.map-offline path.map-state")
    page.wait_for_function("document.querySelector('[data-map-status]').textContent.length > 0")
    agent.shot("offline-basemap")

    page.locator("#operation-map").scroll_into_view_if_needed()
    box = page.locator("#operation-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.4, box["y"] + box["height"] * 0.55)
    latitude = float(page.input_value("input[name=latitude]"))
    longitude = float(page.input_value("input[name=longitude]"))
    assert 15 < latitude < 50 and -125 < longitude < -80  # somewhere in North America's view
    assert "Point set" in page.text_content("[data-map-status]")

    # Drag the pin: the fields follow it.
    pin = page.locator(".leaflet-marker-icon.leaflet-marker-draggable").first.bounding_box()
    x, y = pin["x"] + pin["width"] / 2, pin["y"] + pin["height"] - 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 60, y + 40, steps=8)
    page.mouse.up()
    assert float(page.input_value("input[name=longitude]")) > longitude
    assert float(page.input_value("input[name=latitude]")) < latitude

    # A pasted point moves the pin and zooms to it; the radius handle sets the radius.
    page.fill("[data-map-paste]", "31.3086, -110.9422")
    page.click("[data-map-paste-go]")
    assert page.input_value("input[name=latitude]") == "31.308600"
    assert page.input_value("input[name=longitude]") == "-110.942200"
    page.fill("[data-map-paste]", "31.3086 west")
    page.click("[data-map-paste-go]")
    assert "latitude, longitude" in page.text_content("[data-map-status]")
    handle = page.locator(".map-radius-handle").bounding_box()
    hx, hy = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2
    page.mouse.move(hx, hy)
    page.mouse.down()
    page.mouse.move(hx + 50, hy, steps=6)
    page.mouse.up()
    assert int(page.input_value("input[name=radius_m]")) > 200
    # ATF's stash-house watch in Nogales is drawn nearby.
    page.wait_for_selector("#operation-map path.map-op")
    agent.shot("pin-and-radius")

    # A dealer record of the case gives its premises' point and its name.
    seed_dealer(app, people["atf_agent"][0], cases["atf_agent"])
    open_form(agent, cases["atf_agent"])
    page.click("[data-map-point][data-venue='Pima Pawn & Gun']")
    assert page.input_value("input[name=latitude]") == "32.250500"
    assert page.input_value("input[name=longitude]") == "-110.944200"
    assert page.input_value("input[name=venue]") == "Pima Pawn & Gun"
    assert refused == []


def seed_dealer(app, email: str, case_id: int) -> None:
    """A dealer record with the point of its premises, in the agent's case."""
    from sqlalchemy import select

    from coordinator.accounts.models import User
    from coordinator.cases.models import Case
    from coordinator.extensions import db

    from ..factories import Factories

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        Factories(db.session).subject(user, db.session.get(Case, case_id), kind="dealer", role="source_dealer",
                                      name="Pima Pawn & Gun", latitude=32.2505, longitude=-110.9442)
        db.session.remove()


def seed_operation(app, email: str, case_id: int, **values) -> None:
    """Another agency's operation, registered through the services as its agent would."""
    from sqlalchemy import select

    from coordinator.accounts.models import User
    from coordinator.cases.models import Case
    from coordinator.extensions import db

    from ..factories import Factories

    with app.app_context():
        make = Factories(db.session)
        user = db.session.scalar(select(User).where(User.email == email))
        make.operation(user, db.session.get(Case, case_id), **values)
        db.session.remove()


def check_fits(actor, step: str) -> None:
    actor.shot(step)
    assert no_sideways_scroll(actor.page), f"{step}: the page scrolls sideways at 390 px"


def register_on_phone(actor, case_id: int, day, *, title: str, point: str, start: str, end: str, zone: str) -> str:
    """Register an operation on a phone: the place pasted into the map's box. Returns the receipt's text."""
    page = actor.page
    open_form(actor, case_id)
    check_fits(actor, "form")
    page.select_option("select[name=kind]", "surveillance")
    page.fill("input[name=title]", title)
    page.select_option("select[name=timezone]", zone)
    page.fill("input[name=starts_at]", f"{day.isoformat()}T{start}")
    page.fill("input[name=ends_at]", f"{day.isoformat()}T{end}")
    page.fill("[data-map-paste]", point)
    page.click("[data-map-paste-go]")
    page.fill("input[name=radius_m]", "250")
    check_fits(actor, "form-filled")
    page.click("form.card button[type=submit]")
    page.wait_for_url(re.compile(r".*/operations/\d+$"))
    check_fits(actor, "operation")
    # The verdict comes first: above the fold of a 844 px screen.
    assert page.locator(".receipt").bounding_box()["y"] < 844
    return page.text_content(".receipt")


def walk_the_alert_on_phone(actor, receipt: str, word: str) -> None:
    """From the receipt to the printable receipt, the alert queue and the alert, each fitting the screen."""
    page = actor.page
    alert_id = re.search(rf"{word} (\d+)", receipt).group(1)
    page.click(".receipt-links a")
    page.wait_for_url(re.compile(r".*/operations/\d+/receipt$"))
    check_fits(actor, "printable-receipt")
    assert page.locator("a[href^='tel:']").count() >= 1 and page.locator("a[href^='mailto:']").count() >= 1
    # The menu is folded behind one button.
    assert not page.is_visible("#main-nav")
    page.click("[data-nav-toggle]")
    assert page.is_visible("#main-nav")
    check_fits(actor, "menu-open")
    page.click(f"#main-nav a[href='/review/alerts']")
    page.wait_for_url(re.compile(r".*/review/alerts"))
    check_fits(actor, "queue")
    page.click(f"tr[data-alert='{alert_id}'] a.button")
    page.wait_for_url(re.compile(rf".*/review/alerts/{alert_id}$"))
    check_fits(actor, "alert")


def test_the_agent_flow_fits_a_phone_in_english(live, actors, show_day):
    _base, people, cases, app = live
    day = show_day + timedelta(days=7)
    seed_operation(app, people["gn_agent"][0], cases["gn_agent"], title="Vigilancia en la garita",
                   starts_at=datetime.combine(day, time(8), tzinfo=ZoneInfo("America/Phoenix")),
                   ends_at=datetime.combine(day, time(14), tzinfo=ZoneInfo("America/Phoenix")),
                   latitude=31.3450, longitude=-110.9350, radius_m=300, timezone="America/Phoenix",
                   poc_name="Itzel Ramos Cuevas", poc_phone="+52 631 555 0188", poc_email="itzel.ramos@gn.test")
    agent = actors("cbp_agent", phone=True)
    check_fits(agent, "home")
    receipt = register_on_phone(agent, cases["cbp_agent"], day, title="Port of entry watch", point="31.3453, -110.9355",
                                start="07:00", end="12:00", zone="America/Phoenix")
    assert "GN" in receipt and "Itzel Ramos Cuevas" in receipt
    walk_the_alert_on_phone(agent, receipt, "alert")
    assert "Itzel Ramos Cuevas" in agent.page.text_content("dd.poc")


def test_the_agent_flow_fits_a_phone_in_spanish(live, actors, show_day):
    _base, people, cases, app = live
    day = show_day + timedelta(days=9)
    seed_operation(app, people["cbp_agent"][0], cases["cbp_agent"], title="Southbound inspection lane 3",
                   kind="southbound_inspection",
                   starts_at=datetime.combine(day, time(10), tzinfo=ZoneInfo("America/Hermosillo")),
                   ends_at=datetime.combine(day, time(18), tzinfo=ZoneInfo("America/Hermosillo")),
                   latitude=31.3050, longitude=-110.9400, radius_m=200, timezone="America/Hermosillo",
                   poc_name="Joe Marsh", poc_phone="+1 520 555 0123", poc_email="joe.marsh@cbp.test")
    agent = actors("gn_agent", phone=True)
    assert "Menú" in agent.page.text_content("header")
    check_fits(agent, "inicio")
    receipt = register_on_phone(agent, cases["gn_agent"], day, title="Vigilancia de la salida al sur",
                                point="31.3052, -110.9403", start="11:00", end="15:00", zone="America/Hermosillo")
    assert "CBP" in receipt and "Joe Marsh" in receipt and "Crítica" in receipt
    walk_the_alert_on_phone(agent, receipt, "alerta")
    assert "Joe Marsh" in agent.page.text_content("dd.poc")


def test_a_form_keeps_what_was_typed_through_an_expired_session(live, actors, show_day):
    _base, _people, cases, _app = live
    agent = actors("cbp_agent")
    page = agent.page
    open_form(agent, cases["cbp_agent"])
    page.select_option("select[name=kind]", "controlled_delivery")
    page.fill("input[name=title]", "Delivery to the warehouse on Calle 5")
    page.fill("input[name=latitude]", "31.3000")
    page.fill("input[name=longitude]", "-110.9500")
    page.fill("textarea[name=notes]", "Two cars, four officers.")
    # The map asks for nearby operations once the point is typed (after a pause); an answer still to come
    # could set the session's cookie again after it is cleared.
    nearby_answered(page)
    agent.context.clear_cookies()  # the session and its form token expire while the agent types
    page.click("form.card button[type=submit]")
    page.locator("text=The form has expired").wait_for()  # the click does not wait for the answer
    agent.shot("expired")
    assert page.locator("text=The form has expired").count() == 1
    page.click("main a.button.primary")  # back to the form: signing in again leads there
    page.wait_for_url(re.compile(r".*/login.*"))
    page.fill("input[name=email]", agent.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r".*/operations/new\?case_id=\d+$"))
    nearby_answered(page)  # the restored point asks the map's question again; its answer may save the session
    assert page.input_value("input[name=title]") == "Delivery to the warehouse on Calle 5"
    assert page.input_value("select[name=kind]") == "controlled_delivery"
    assert page.input_value("textarea[name=notes]") == "Two cars, four officers."
    assert "was kept" in page.text_content(".draft-note")
    agent.shot("restored")
    # Once the server has accepted it, the draft is forgotten: the next form starts empty.
    day = show_day + timedelta(days=30)
    page.select_option("select[name=timezone]", "America/Hermosillo")
    page.fill("input[name=starts_at]", f"{day.isoformat()}T09:00")
    page.fill("input[name=ends_at]", f"{day.isoformat()}T11:00")
    page.click("form.card button[type=submit]")
    page.wait_for_url(re.compile(r".*/operations/\d+$"))
    open_form(agent, cases["cbp_agent"])
    assert page.input_value("input[name=title]") == "" and page.locator(".draft-note").count() == 0


def test_the_calendar_and_the_printed_receipt(live, actors, show_day):
    _base, people, cases, app = live
    day = show_day + timedelta(days=14)
    for key, title in (("gn_agent", "Punto de revisión km 21"), ("cbp_agent", "Checkpoint watch")):
        seed_operation(app, people[key][0], cases[key], title=title,
                       starts_at=datetime.combine(day, time(9), tzinfo=ZoneInfo("America/Hermosillo")),
                       ends_at=datetime.combine(day, time(13), tzinfo=ZoneInfo("America/Hermosillo")),
                       latitude=31.1500, longitude=-110.9700, radius_m=300, timezone="America/Hermosillo",
                       poc_name=people[key][1], poc_phone="+52 631 555 0188", poc_email=people[key][0])
    agent = actors("cbp_agent")
    page = agent.page
    page.goto(f"{agent.base}/operations/calendar?date={day.isoformat()}")
    assert page.locator(".calendar-week > li").count() == 7
    entry = page.locator(".calendar-op", has_text="Checkpoint watch")
    assert entry.count() == 1 and "calendar-conflict" in entry.get_attribute("class")
    agent.shot("calendar-week")
    page.set_viewport_size({"width": 390, "height": 844})
    assert no_sideways_scroll(page)
    agent.shot("calendar-on-a-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    entry = page.locator(".calendar-op", has_text="Checkpoint watch")
    entry.locator("a").first.click()
    # The operation's page shows its place, read-only, red for its open alert.
    page.wait_for_selector("#operation-map.map-ready path.map-radius.map-radius-conflict")
    assert page.locator(".map-radius-handle").count() == 0
    agent.shot("operation-with-its-place")
    page.click(".receipt-links a")
    page.wait_for_url(re.compile(r".*/operations/\d+/receipt$"))
    agent.shot("receipt")
    page.emulate_media(media="print")
    assert not page.is_visible("header.topbar") and not page.is_visible("[data-print]")
    assert not page.is_visible("footer.foot")
    assert page.is_visible(".verdict") and page.is_visible("a[href^='tel:']")
    agent.shot("receipt-as-printed")
    pdf = agent.shots.folder / "receipt.pdf"
    page.pdf(path=str(pdf), format="Letter")
    assert pdf.read_bytes().startswith(b"%PDF")

    # Editing the operation: its own circle is red, for the alert it is in.
    page.emulate_media(media="screen")
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    page.goto(page.url.replace("/receipt", "/edit"))
    page.wait_for_selector("#operation-map path.map-radius.map-radius-conflict")
    assert page.input_value("input[name=latitude]") == "31.15" and not errors
    agent.shot("edit-with-its-conflict")
