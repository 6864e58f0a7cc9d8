"""The watch board in a real Chromium, at a phone's size: a new critical alert appears without a reload.

A watch officer keeps the board open on a phone (390×844). Meanwhile CBP
and DEA register surveillance of the same warehouse in Phoenix at the same
hours: the critical alert shows up on the board by itself, with both points
of contact and a button to call them; the officer takes it and logs the
call. The board reads in Spanish for a Mexican officer, and neither
language scrolls sideways.
"""
from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from .conftest import PASSWORD, Shots

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def make_officer(app, email: str, name: str, agency: str, locale: str) -> None:
    from coordinator.extensions import db

    from ..factories import Factories

    with app.app_context():
        Factories(db.session).user(agency, role="watch", email=email, name=name, locale=locale,
                                   timezone="America/Phoenix", password=PASSWORD)
        db.session.remove()


def raise_critical_alert(app, day) -> int:
    """CBP and DEA plan surveillance of one warehouse at the same hours; the id of the alert it raises."""
    from coordinator.conflicts.models import ConflictAlert
    from coordinator.extensions import db

    from ..factories import Factories

    with app.app_context():
        make = Factories(db.session)
        start = datetime.combine(day, time(6), tzinfo=ZoneInfo("America/Phoenix"))
        window = {"starts_at": start, "ends_at": start + timedelta(hours=5), "latitude": 33.4342,
                  "longitude": -112.0116, "radius_m": 150, "timezone": "America/Phoenix",
                  "venue": "Warehouse, 2400 E Washington St"}
        for agency, phone in (("CBP", "+1 520 555 0123"), ("DEA", "+1 602 555 0199")):
            agent = make.user(agency, phone=phone)
            make.operation(agent, make.case(agent, lead_agent_id=agent.id), kind="surveillance",
                           title=f"{agency} watch", **window)
        alert_id = db.session.scalar(db.select(ConflictAlert.id).where(ConflictAlert.severity == "critical")
                                     .order_by(ConflictAlert.id.desc()).limit(1))
        db.session.remove()
        return alert_id


def open_board(browser, base: str, email: str, locale: str):
    context = browser.new_context(locale=locale, viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(base + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r".*/watch/$"))
    return context, page


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_new_critical_alert_appears_on_the_board_without_a_reload(browser, live, show_day, request):
    base, _people, _cases, app = live
    app.config["WATCH_POLL_SECONDS"] = 2
    shots = Shots(re.sub(r"\W+", "-", request.node.name).strip("-"))
    make_officer(app, "night.desk@cbp.test", "Night Desk", "CBP", "en")
    context, page = open_board(browser, base, "night.desk@cbp.test", "en-US")
    try:
        page.evaluate("window.sameDocument = true")  # gone if the page were reloaded
        shots.take(page, "board-before")
        alert_id = raise_critical_alert(app, show_day + timedelta(days=3))
        card = page.locator(f"article[data-alert='{alert_id}']")
        card.wait_for(state="visible", timeout=20_000)
        assert page.evaluate("window.sameDocument === true")
        assert "fresh" in card.get_attribute("class")
        assert "New critical alert" in page.locator("#watch-status").inner_text()
        text = card.inner_text()
        assert "CBP" in text and "DEA" in text and "Warehouse, 2400 E Washington St" in text
        assert card.locator("a[href='tel:+15205550123']").count() == 1
        assert "CBP watch" not in text  # never the cases' contents
        assert no_sideways_scroll(page)
        shots.take(page, "board-new-alert")

        card.locator("button", has_text="Take this alert").click()
        page.wait_for_url(re.compile(rf".*/watch/#alert-{alert_id}$"))
        card = page.locator(f"article[data-alert='{alert_id}']")
        card.locator("textarea[name=note]").first.fill("called CBP's contact 06:05, both teams told")
        card.locator("button", has_text="Log the call").click()
        page.wait_for_url(re.compile(rf".*/watch/#alert-{alert_id}$"))
        card = page.locator(f"article[data-alert='{alert_id}']")
        assert "both teams told" in card.inner_text() and "Taken by Night Desk" in card.inner_text()
        assert no_sideways_scroll(page)
        shots.take(page, "board-call-logged")
    finally:
        context.close()


def test_the_board_reads_in_spanish_on_a_phone(browser, live, request):
    base, _people, _cases, app = live
    shots = Shots(re.sub(r"\W+", "-", request.node.name).strip("-"))
    make_officer(app, "guardia@gn.test", "Guardia Nocturna", "GN", "es")
    context, page = open_board(browser, base, "guardia@gn.test", "es-MX")
    try:
        assert page.locator("h1").inner_text() == "Tablero de guardia"
        assert "Nacional" in page.inner_text("main")
        assert no_sideways_scroll(page)
        shots.take(page, "tablero")
    finally:
        context.close()
