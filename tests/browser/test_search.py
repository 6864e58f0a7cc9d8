"""An agent finds a record from the navigation's search box, in a real Chromium; another agency's agent does not."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def _plant_robles(app, email: str, case_id: int) -> str:
    """ATF's record of Jesús Alberto Robles Quintero ("Chuy"), written through the services; its label."""
    from sqlalchemy import select

    from coordinator.accounts.models import User
    from coordinator.cases.models import Case
    from coordinator.extensions import db

    from ..factories import Factories

    with app.app_context():
        make = Factories(db.session)
        agent = db.session.scalar(select(User).where(User.email == email))
        record = make.subject(agent, db.session.get(Case, case_id), kind="person", first_name="Jesús Alberto",
                              last_name="Robles", second_last_name="Quintero", aliases=["Chuy"], dob="1991-03-14")
        label = record.label
        db.session.remove()
    return label


def test_an_agent_finds_a_record_from_the_navigation_search(live, actors):
    _base, people, cases, app = live
    label = _plant_robles(app, people["atf_agent"][0], cases["atf_agent"])
    agent = actors("atf_agent")
    page = agent.page
    page.goto(agent.base + "/operations/")  # any page: the box is in the navigation
    box = page.locator("header form[role=search] input[name=q]")
    box.fill("chuy robles")
    agent.shot("typed")
    box.press("Enter")
    page.wait_for_url(re.compile(r".*/search\?q=chuy\+robles"))
    agent.shot("results")
    page.get_by_role("link", name=label).click()
    page.wait_for_url(re.compile(r".*/subjects/\d+$"))
    assert "ROBLES QUINTERO" in page.text_content("h1")
    agent.shot("record")

    other = actors("fgr_agent")
    other.page.goto(other.base + "/home")
    other.page.locator("header form[role=search] input[name=q]").fill("Robles Quintero")
    other.page.locator("header form[role=search] button").click()
    other.page.wait_for_url(re.compile(r".*/search\?q=.*"))
    assert "ROBLES QUINTERO" not in other.page.content()
    other.shot("another-agency-finds-nothing")


def test_an_agent_checks_a_person_before_acting_in_spanish(live, actors):
    _base, people, cases, app = live
    agent = actors("fgr_agent")
    page = agent.page
    page.goto(f"{agent.base}/inquiries?kind=person&case_id={cases['fgr_agent']}")
    page.fill("textarea[name=reason]", "Informante señala a un comprador en Nogales")
    page.fill("input[name=first_name]", "Jesus")
    page.fill("input[name=last_name]", "Robles")
    page.fill("input[name=second_last_name]", "Quintero")
    page.fill("input[name=dob]", "1991-03-14")
    agent.shot("asked")
    page.locator("form.card button[type=submit]").click()
    page.wait_for_selector("#inquiry-answer")
    answer = page.text_content("#inquiry-answer")
    assert "ATF" in answer and "Dana Whitfield" in answer and "Llame" in answer
    agent.shot("answer")
