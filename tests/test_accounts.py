"""Log-in, log-out, lockout, CLI accounts and API tokens."""
from __future__ import annotations

from datetime import timedelta

from coordinator.accounts.models import ApiToken, User
from coordinator.accounts.services import authenticate, user_for_token
from coordinator.extensions import db
from coordinator.types import utcnow

from .factories import PASSWORD, Api, csrf_token, login


def test_login_and_logout(client, make):
    user = make.user()
    login(client, user)
    home = client.get("/home")
    assert home.status_code == 200
    assert user.name in home.text
    page = client.get("/account")
    response = client.post("/logout", data={"csrf_token": csrf_token(page.text)})
    assert response.status_code == 302
    assert client.get("/home").status_code == 302


def test_wrong_password_is_refused(client, make):
    user = make.user()
    page = client.get("/login")
    response = client.post("/login", data={"email": user.email, "password": "nope",
                                           "csrf_token": csrf_token(page.text)})
    assert response.status_code == 200
    assert "Wrong email or password" in response.text
    assert client.get("/home").status_code == 302


def test_login_form_needs_csrf(client, make):
    user = make.user()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400


def test_account_is_held_for_a_minute_after_five_failures(app_ctx, make):
    user = make.user()
    now = utcnow()
    for _ in range(5):
        assert authenticate(db.session, user.email, "wrong", now).user is None
    held = authenticate(db.session, user.email, PASSWORD, now + timedelta(seconds=30))
    assert held.user is None and held.reason == "locked"
    assert authenticate(db.session, user.email, PASSWORD, now + timedelta(minutes=2)).user is not None


def test_password_is_stored_as_argon2(app_ctx, make):
    user = make.user()
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_cli_creates_user_and_token(runner):
    result = runner.invoke(args=["users", "create", "--email", "Ana@FGR.test", "--name", "Ana",
                                 "--agency", "FGR", "--role", "supervisor", "--password", "a long password 1"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(db.select(User).where(User.email == "ana@fgr.test"))
    assert user.agency.code == "FGR" and user.role == "supervisor"
    result = runner.invoke(args=["tokens", "create", "ana@fgr.test"])
    assert result.exit_code == 0, result.output
    token = result.output.strip()
    stored = db.session.scalar(db.select(ApiToken).where(ApiToken.user_id == user.id))
    assert token not in stored.digest
    assert user_for_token(db.session, token).id == user.id


def test_cli_refuses_bad_user(runner):
    result = runner.invoke(args=["users", "create", "--email", "x@y.test", "--name", "X", "--agency", "NOPE",
                                 "--role", "agent", "--password", "a long password 1"])
    assert result.exit_code != 0
    assert "NOPE" in result.output


def test_api_token_auth(client, make):
    user = make.user()
    token = make.token(user)
    assert Api(client, token).get("/api/v1/cases").status_code == 200
    assert Api(client, "cdt_wrong").get("/api/v1/cases").status_code == 401


def test_expired_and_revoked_tokens_are_refused(client, make):
    user = make.user()
    token = make.token(user)
    row = db.session.scalar(db.select(ApiToken).where(ApiToken.user_id == user.id))
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert Api(client, token).get("/api/v1/cases").status_code == 401
    row.expires_at = None
    row.revoked_at = utcnow()
    db.session.commit()
    assert Api(client, token).get("/api/v1/cases").status_code == 401


def test_admin_creates_user_through_the_form(client, make):
    from .factories import post_form

    admin = make.user(role="admin")
    login(client, admin)
    response = post_form(client, "/admin/users", {
        "email": "new.agent@ice.dhs.gov", "name": "New Agent", "agency": "ICE", "role": "agent",
        "locale": "es", "password": "twelve chars ok"})
    assert response.status_code == 302
    assert db.session.scalar(db.select(User).where(User.email == "new.agent@ice.dhs.gov")).agency.code == "ICE"


def test_only_admins_open_user_management(client, make):
    login(client, make.user(role="agent"))
    assert client.get("/admin/users").status_code == 403


def test_an_account_an_administrator_creates_must_change_its_password_before_reading_cases(client, make):
    """The administrator chose the password: like a reset's, it opens nothing until its owner replaces it."""
    from .factories import logout, post_form

    admin = make.user("CBP", role="admin")
    owner = make.user("ICE")
    case = make.case(owner)
    login(client, admin)
    response = post_form(client, "/admin/users", {
        "email": "second.agent@ice.dhs.gov", "name": "Second Agent", "agency": "ICE", "role": "agent",
        "locale": "en", "password": "admin chose this one"})
    assert response.status_code == 302
    created = db.session.scalar(db.select(User).where(User.email == "second.agent@ice.dhs.gov"))
    assert created.must_change_password is True
    logout(client)
    page = client.get("/login")
    from .factories import csrf_token

    signed_in = client.post("/login", data={"email": "second.agent@ice.dhs.gov", "password": "admin chose this one",
                                            "csrf_token": csrf_token(page.text)})
    assert signed_in.status_code == 302 and "/account/password" in signed_in.headers["Location"]
    for path in ("/cases/", f"/cases/{case.id}", "/review/alerts"):
        blocked = client.get(path)
        assert blocked.status_code == 302 and "/account/password" in blocked.headers["Location"], path
