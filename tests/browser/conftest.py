"""A real browser against the real app: waitress serves it on localhost, Debian's Chromium drives it.

The app runs on its own temporary SQLite database, made by the migrations as
production's is; the accounts and cases the flows start from are made through
the services. Screenshots of every step go to ``test-artifacts/`` (kept by CI).
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "correct horse battery staple"
UNREACHABLE_TILES = "http://127.0.0.1:9/{z}/{x}/{y}.png"
PHONE = {"width": 390, "height": 844}

# Who takes part: (key, email, name, agency, role, locale, phone)
PEOPLE = [
    ("atf_agent", "dana.whitfield@atf.test", "Dana Whitfield", "ATF", "agent", "en", "+1 602 555 0141"),
    ("atf_boss", "marcus.reyes@atf.test", "Marcus Reyes", "ATF", "supervisor", "en", "+1 602 555 0100"),
    ("ice_agent", "laura.kessler@ice.test", "Laura Kessler", "ICE", "agent", "en", "+1 520 555 0177"),
    ("ice_boss", "tom.alvarado@ice.test", "Tom Alvarado", "ICE", "supervisor", "en", "+1 520 555 0190"),
    ("fgr_agent", "ana.beltran@fgr.test", "Ana Sofía Beltrán", "FGR", "agent", "es", "+52 667 555 0142"),
    ("fgr_boss", "ricardo.iturbide@fgr.test", "Ricardo Iturbide", "FGR", "supervisor", "es", "+52 55 5555 0100"),
    # The field pages' flows run between these two, apart from the review flows' agencies.
    ("cbp_agent", "joe.marsh@cbp.test", "Joe Marsh", "CBP", "agent", "en", "+1 520 555 0123"),
    ("gn_agent", "itzel.ramos@gn.test", "Itzel Ramos Cuevas", "GN", "agent", "es", "+52 631 555 0188"),
]


@pytest.fixture(scope="session")
def show_day() -> date:
    """A Saturday some weeks ahead: the gun show's day."""
    today = date.today() + timedelta(days=21)
    return today + timedelta(days=(5 - today.weekday()) % 7)


@pytest.fixture(scope="session")
def live(show_day):
    """The app served on 127.0.0.1 by waitress; yields (base URL, people, case ids, app)."""
    from flask_migrate import upgrade
    from waitress.server import create_server

    from coordinator import create_app
    from coordinator.extensions import db

    from ..factories import Factories

    folder = tempfile.mkdtemp(prefix="coordinator-browser-")
    # Map tiles from a server that cannot be reached: the map must fall back to the offline basemap.
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'browser.sqlite'}",
                      "MAP_TILE_URL": UNREACHABLE_TILES})
    with app.app_context():
        upgrade(revision="heads")
        make = Factories(db.session)
        people = {key: make.user(agency, role=role, email=email, name=name, locale=locale, phone=phone,
                                 timezone="America/Phoenix", password=PASSWORD)
                  for key, email, name, agency, role, locale, phone in PEOPLE}
        cases = {key: make.case(people[key], lead_agent_id=people[key].id).id
                 for key in ("atf_agent", "ice_agent", "fgr_agent", "cbp_agent", "gn_agent")}
        _seed_nogales_surveillance(make, people["atf_agent"], cases["atf_agent"], show_day)
        people = {key: (user.email, user.name) for key, user in people.items()}
        db.session.remove()
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}", people, cases, app
    _stop(server, thread)
    with app.app_context():
        db.engine.dispose()
    shutil.rmtree(folder, ignore_errors=True)


def _stop(server, thread: threading.Thread) -> None:
    """Close waitress's sockets from its own loop thread (closing them from here races its select)."""
    from waitress import wasyncore

    server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
    thread.join(timeout=10)
    server.task_dispatcher.shutdown()


def _seed_nogales_surveillance(make, agent, case_id, day):
    """ATF watches a stash house in Nogales, Sonora, the day after the show (the Spanish flow runs into it)."""
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from coordinator.cases.models import Case

    start = datetime.combine(day + timedelta(days=1), time(9), tzinfo=ZoneInfo("America/Hermosillo"))
    make.operation(agent, make.session.get(Case, case_id), kind="surveillance", title="Stash house watch",
                   starts_at=start, ends_at=start + timedelta(hours=8), latitude=31.3086, longitude=-110.9422,
                   radius_m=200, timezone="America/Hermosillo")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Actor:
    """One person at their own browser window: signs in, and leaves a screenshot at each step."""

    def __init__(self, browser, base: str, email: str, shots: "Shots", locale: str, phone: bool = False):
        size = {"viewport": PHONE, "is_mobile": True, "has_touch": True} if phone \
            else {"viewport": {"width": 1280, "height": 900}}
        self.context = browser.new_context(locale=locale, **size)
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.base, self.email, self.shots = base, email, shots

    def sign_in(self) -> None:
        page = self.page
        page.goto(self.base + "/login")
        page.fill("input[name=email]", self.email)
        page.fill("input[name=password]", PASSWORD)
        page.click("form button[type=submit]")
        page.wait_for_url(re.compile(r".*/(home|review/alerts).*"))

    def shot(self, step: str) -> None:
        self.shots.take(self.page, step)

    def close(self) -> None:
        self.context.close()


class Shots:
    """Numbered screenshots in test-artifacts/<test name>/."""

    def __init__(self, name: str):
        self.folder = ARTIFACTS / name
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def take(self, page, step: str) -> None:
        self.count += 1
        page.screenshot(path=str(self.folder / f"{self.count:02d}-{step}.png"), full_page=True)


@pytest.fixture()
def actors(browser, live, request):
    """Open a window for a person by their key in PEOPLE; every window closes after the test."""
    base, people, _cases, _app = live
    shots = Shots(re.sub(r"\W+", "-", request.node.name).strip("-"))
    opened = []

    def open_for(key: str, phone: bool = False) -> Actor:
        locale = next(p[5] for p in PEOPLE if p[0] == key)
        actor = Actor(browser, base, people[key][0], shots, "es-MX" if locale == "es" else "en-US", phone)
        opened.append(actor)
        actor.sign_in()
        return actor

    yield open_for
    for actor in opened:
        actor.close()
