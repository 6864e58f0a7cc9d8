"""The everyday surfaces in a real Chromium: a supervisor approves from "awaiting my approval"; the Spanish
pages show dates as dd/mm/aaaa and codes as words."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

pytestmark = pytest.mark.browser

ISO_DATE = re.compile(r"\b[12][0-9]{3}-[01][0-9]-[0-3][0-9]\b")


def _made(app, make_it):
    """Run ``make_it(make, db)`` in the app's context; return what it returns."""
    from coordinator.extensions import db

    from ..factories import Factories

    with app.app_context():
        try:
            return make_it(Factories(db.session), db)
        finally:
            db.session.remove()


def test_a_supervisor_approves_an_operation_from_awaiting_my_approval(live, actors):
    _base, people, cases, app = live

    def plan(make, db):
        from coordinator.accounts.models import User
        from coordinator.cases.models import Case

        agent = db.session.scalar(db.select(User).where(User.email == people["atf_agent"][0]))
        # Houston, some months ahead: far from every other flow's place and time.
        start = datetime.combine(date.today() + timedelta(days=120), time(7), tzinfo=ZoneInfo("America/Chicago"))
        operation = make.operation(agent, db.session.get(Case, cases["atf_agent"]), title="Houston buyers",
                                   starts_at=start, ends_at=start + timedelta(hours=5), latitude=29.7604,
                                   longitude=-95.3698, radius_m=200, timezone="America/Chicago")
        return operation.id

    operation_id = _made(app, plan)
    boss = actors("atf_boss")
    page = boss.page
    page.click("nav >> text=Awaiting my approval")
    page.wait_for_url(re.compile(r".*/review/approvals$"))
    row = page.locator(f"tr[data-operation='{operation_id}']")
    assert "Houston buyers" in row.inner_text()
    boss.shot("awaiting-my-approval")
    row.locator("input[name=reason]").fill("Plan checked with the Houston team")
    row.locator("button", has_text="Approve (clear) the operation").click()
    page.wait_for_url(re.compile(r".*/review/approvals$"))
    boss.shot("approved")
    assert "Operation approved: it is now cleared." in page.inner_text("main")
    assert page.locator(f"tr[data-operation='{operation_id}']").count() == 0
    page.goto(f"{boss.base}/operations/{operation_id}")
    text = page.inner_text("main")
    assert "Cleared" in text and "Plan checked with the Houston team" in text


def test_the_spanish_pages_show_local_dates_and_words_not_codes(live, actors):
    _base, people, cases, app = live

    def record(make, db):
        from coordinator.accounts.models import User
        from coordinator.cases.models import Case

        agent = db.session.scalar(db.select(User).where(User.email == people["fgr_agent"][0]))
        case = db.session.get(Case, cases["fgr_agent"])
        person = make.subject(agent, case, "person", first_name="Gabriela", last_name="Hernández",
                              second_last_name="García", dob="1956-04-27", sex="F", nationality="MX",
                              documents=[{"kind": "curp", "number": "HEGG560427MVZRRL04", "country": "MX"}])
        gun = make.subject(agent, case, "firearm", role="other", make="Cugir", firearm_type="rifle",
                           serial_number="1AB1034-19")
        return case.number, person.id, gun.id

    number, person_id, gun_id = _made(app, record)
    fgr = actors("fgr_agent")
    page = fgr.page
    page.goto(f"{fgr.base}/cases/")
    fgr.shot("casos")
    cases_text = page.inner_text("main")
    row = page.locator("tr", has_text=number).inner_text()
    assert re.search(r"\b[0-3][0-9]/[01][0-9]/20[0-9]{2}\b", row), row
    assert not ISO_DATE.search(cases_text), cases_text
    page.goto(f"{fgr.base}/subjects/{person_id}")
    fgr.shot("persona")
    facts = page.inner_text("main")
    for words in ("Mujer", "México", "CURP", "27/04/1956"):
        assert words in facts, words
    assert not ISO_DATE.search(facts), facts
    for code in ("\tF\n", "\tMX\n", "curp "):
        assert code not in facts, code
    page.goto(f"{fgr.base}/subjects/{gun_id}")
    assert "Rifle" in page.inner_text("main") and "rifle" not in page.inner_text("dl.facts")
    page.goto(f"{fgr.base}/account")
    assert "hora de México (Hermosillo)" in page.locator("select[name=timezone]").inner_text()
