"""Administration: a new user's time zone comes from the office or the agency; the user list shows who is locked
out, who has a second factor and when each last signed in, and narrows by filters."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from coordinator.accounts.models import Office, User
from coordinator.accounts.services import agency_by_code, create_user
from coordinator.extensions import db

from .factories import login, post_form

PASSWORD = "a long initial password 2026"


def office(code: str, name: str, city: str, state: str, country: str) -> Office:
    made = Office(agency=agency_by_code(db.session, code), name=name, city=city, state=state, country=country)
    db.session.add(made)
    db.session.commit()
    return made


def test_a_new_users_zone_is_the_offices_else_the_agencys(app_ctx):
    hermosillo = office("FGR", "Delegación Sonora", "Hermosillo", "SON", "MX")
    phoenix = office("ATF", "Phoenix Field Division", "Phoenix", "AZ", "US")

    def zone(code, **kwargs):
        n = db.session.scalar(db.select(db.func.count(User.id)))
        return create_user(db.session, email=f"z{n}@{code.lower()}.test", name=f"Z {n}", agency_code=code,
                           role="agent", password=PASSWORD, **kwargs).timezone

    assert zone("ATF") == "America/New_York"
    assert zone("FGR") == "America/Mexico_City"
    assert zone("FGR", office_id=hermosillo.id) == "America/Hermosillo"
    assert zone("ATF", office_id=phoenix.id) == "America/Phoenix"
    assert zone("ATF", office_id=phoenix.id, timezone="America/Chicago") == "America/Chicago"


def test_the_administrators_form_takes_an_office_and_derives_the_zone(client, make):
    phoenix = office("ATF", "Phoenix Field Division", "Phoenix", "AZ", "US")
    admin = make.user("ATF", role="admin")
    login(client, admin)
    made = post_form(client, "/admin/users", {"email": "new.agent@atf.gov", "name": "New Agent", "agency": "ATF",
                                              "role": "agent", "locale": "en", "office": str(phoenix.id),
                                              "timezone": "", "phone": "", "password": PASSWORD})
    assert made.status_code == 302, made.text
    user = db.session.scalar(db.select(User).where(User.email == "new.agent@atf.gov"))
    assert (user.office_id, user.timezone) == (phoenix.id, "America/Phoenix")
    wrong = post_form(client, "/admin/users", {"email": "x@ice.gov", "name": "X", "agency": "ICE", "role": "agent",
                                               "locale": "en", "office": str(phoenix.id), "password": PASSWORD})
    assert "not one of ICE" in wrong.text and db.session.scalar(db.select(User).where(User.email == "x@ice.gov")) is None


def test_the_user_list_shows_lockout_second_factor_and_last_sign_in_and_filters(client, make):
    admin = make.user("ATF", role="admin")
    locked = make.user("ATF", email="locked@atf.test")
    secured = make.user("ICE", role="supervisor", email="secured@ice.test")
    idle = make.user("FGR", email="idle@fgr.test")
    now = datetime.now(timezone.utc)
    locked.locked_until = now + timedelta(minutes=30)
    secured.otp_secret, secured.otp_confirmed_at = "JBSWY3DPEHPK3PXP", now - timedelta(days=3)
    secured.last_login_at = datetime(2026, 3, 2, 15, 30, tzinfo=timezone.utc)
    db.session.commit()
    login(client, admin)
    page = client.get("/admin/users").text

    def row(email):
        start = page.index(f'data-user="{email}"')
        return page[start:page.index("</tr>", start)]

    assert "until " in row("locked@atf.test") and "until " not in row("idle@fgr.test")
    assert 'class="second-factor">yes' in row("secured@ice.test") and 'class="second-factor">no' in row("idle@fgr.test")
    assert "03/02/2026" in row("secured@ice.test") and ">never<" in row("idle@fgr.test")

    def listed(**args):
        text = client.get("/admin/users", query_string=args).text
        return {e for e in ("locked@atf.test", "secured@ice.test", "idle@fgr.test") if f'data-user="{e}"' in text}

    assert listed(state="locked") == {"locked@atf.test"}
    assert listed(second_factor="enrolled") == {"secured@ice.test"}
    assert listed(agency="FGR") == {"idle@fgr.test"}
    assert listed(role="supervisor") == {"secured@ice.test"}
    assert listed(q="IDLE") == {"idle@fgr.test"}
    assert listed(state="nonsense") == {"locked@atf.test", "secured@ice.test", "idle@fgr.test"}
