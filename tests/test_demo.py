"""The demo covers every flow the README walks through, with nobody to create: each role of each agency a flow
needs, a clearance every clearing agency can decide, an operation awaiting each supervisor's approval."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from coordinator.accounts.models import User
from coordinator.demo import ACCOUNTS, load_demo
from coordinator.extensions import db
from coordinator.notifications.models import Notification
from coordinator.operations.lifecycle import awaiting_approval_query, required_agencies
from coordinator.operations.models import Operation

README = Path(__file__).resolve().parent.parent / "README.md"


def test_every_clearance_the_demo_asks_for_has_a_supervisor_to_decide_it(app_ctx):
    load_demo(db.session)
    db.session.commit()
    supervisors = {u.agency.code for u in db.session.scalars(db.select(User).where(User.role == "supervisor"))}
    assert "CBP" in supervisors
    crossing = [op for op in db.session.scalars(db.select(Operation)) if op.cross_border]
    assert crossing, "the demo has a cross-border operation to clear"
    for operation in crossing:
        needed = {agency.code for agency in required_agencies(db.session, operation)}
        assert needed <= supervisors, needed - supervisors
    kinds = set(db.session.scalars(db.select(Notification.kind)))
    assert "clearance_requested" in kinds and "clearance_without_supervisor" not in kinds
    cbp_boss = db.session.scalar(db.select(User).where(User.email == "supervisor.cbp@demo.gov"))
    assert db.session.scalar(db.select(Notification.id).where(Notification.user_id == cbp_boss.id,
                                                              Notification.kind == "clearance_requested"))


def test_each_flow_has_its_roles_and_something_to_act_on(app_ctx):
    load_demo(db.session)
    db.session.commit()
    people = list(db.session.scalars(db.select(User)))
    roles = {(u.agency.code, u.role) for u in people}
    for needed in [("ATF", "agent"), ("ATF", "supervisor"), ("ICE", "agent"), ("ICE", "supervisor"),
                   ("CBP", "agent"), ("CBP", "supervisor"), ("FGR", "agent"), ("FGR", "supervisor"),
                   ("USAO", "agent"), ("USAO", "monitor"), ("CBP", "watch")]:
        assert needed in roles, needed
    assert any(u.role == "admin" for u in people)
    assert {u.locale for u in people if u.agency.code == "FGR"} == {"es"}
    for boss in (u for u in people if u.role == "supervisor" and u.agency.code in ("ATF", "ICE")):
        assert db.session.scalars(awaiting_approval_query(boss.agency_id)).first() is not None, boss.email


def test_the_readme_lists_every_demo_account():
    listed = set(re.findall(r"^\| ([a-z.]+@demo\.(?:gov|gob\.mx)) \|", README.read_text(), re.M))
    assert listed == {email for email, *_ in ACCOUNTS}


def test_the_demo_has_traced_guns_for_the_lanes_report_its_csv_and_map(client, app_ctx):
    from coordinator.monitoring.periods import fiscal_year_of
    from coordinator.outcomes.models import TraceRequest

    from .factories import login, logout

    load_demo(db.session)
    db.session.commit()
    monitor = db.session.scalar(db.select(User).where(User.email == "monitor@demo.gov"))
    login(client, monitor, password="demo-password-2026")
    for year in (fiscal_year_of(date.today()), fiscal_year_of(date.today()) - 1):
        args = f"period=fy&year={year}"
        page = client.get(f"/monitoring/lanes?{args}")
        assert page.status_code == 200 and "→" in page.text
        assert len(client.get(f"/monitoring/lanes/lanes.csv?{args}").text.splitlines()) > 2, year
        assert len(client.get(f"/monitoring/lanes/dealers.csv?{args}").text.splitlines()) > 2, year
        assert "<line" in client.get(f"/monitoring/lanes.svg?{args}").text
    # Some requests still wait for ATF, the tracing agency, in its queue.
    waiting = db.session.scalar(db.select(db.func.count(TraceRequest.id)).where(TraceRequest.answered_on.is_(None)))
    assert waiting > 0
    atf = db.session.scalar(db.select(User).where(User.email == "agent.atf@demo.gov"))
    logout(client)
    login(client, atf, password="demo-password-2026")
    assert "FGR" in client.get("/traces").text


def test_the_demo_loads_just_after_midnight_utc(app_ctx, monkeypatch):
    # At 00:30 UTC the day's traces cannot have been sent at 08:00 yet: the demo must not record moments
    # still to come (it did, and `make run` failed to load it in the first hours of every UTC day).
    from datetime import datetime, time, timezone

    just_after = datetime.combine(date.today(), time(0, 30), tzinfo=timezone.utc)
    for module in ("coordinator.outcomes.traces", "coordinator.outcomes.demo"):
        monkeypatch.setattr(f"{module}.utcnow", lambda: just_after, raising=False)
    load_demo(db.session)
