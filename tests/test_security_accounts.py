"""Accounts to CJIS standards: lockout, idle sessions, the second factor, passwords, rate limits, tokens."""
from __future__ import annotations

import re
import time
from datetime import datetime, timedelta, timezone

import pyotp
import pytest
from sqlalchemy import select

from coordinator.accounts.models import ApiToken, User
from coordinator.accounts.services import AccountError, change_password, create_user
from coordinator.extensions import db
from coordinator.security.models import PasswordHistory, RateLimitHit, RecoveryCode
from coordinator.security.passwords import password_problems

from .factories import PASSWORD, Api, csrf_token, login, post_form
from .test_audit import entries


class Clock:
    """A time the test moves by hand."""

    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture()
def clock(monkeypatch):
    clock = Clock(datetime(2026, 3, 2, 15, 0, tzinfo=timezone.utc))
    monkeypatch.setattr("coordinator.accounts.services.utcnow", clock)
    monkeypatch.setattr("coordinator.security.sessions.utcnow", clock)
    monkeypatch.setattr("coordinator.security.twofactor.utcnow", clock)
    return clock


def sign_in(client, email: str, password: str, otp: str | None = None):
    page = client.get("/login")
    data = {"email": email, "password": password, "csrf_token": csrf_token(page.text)}
    if otp is not None:
        data["otp"] = otp
    return client.post("/login", data=data)


def sign_out(client) -> None:
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/account").text)})


# --- lockout -----------------------------------------------------------------------------

def test_after_five_failures_sign_ins_wait_a_minute_even_with_the_right_password(client, make, clock):
    user = make.user()
    for _ in range(5):
        response = sign_in(client, user.email, "not the password")
        assert response.status_code == 200 and "Wrong email or password" in response.text
    sixth = sign_in(client, user.email, PASSWORD)
    assert sixth.status_code == 200 and "Wrong email or password" in sixth.text
    assert client.get("/home").status_code == 302
    clock.advance(seconds=59)
    assert "Wrong email or password" in sign_in(client, user.email, PASSWORD).text
    clock.advance(seconds=2)
    assert sign_in(client, user.email, PASSWORD).status_code == 302
    assert client.get("/home").status_code == 200
    assert [e.outcome for e in entries(action="account.lock")] == ["success"]
    assert [e.details.get("reason") for e in entries(action="login")][-3:] == ["locked", "locked", None]


def test_an_administrator_may_lift_a_lock(client, make, clock):
    user, admin = make.user(), make.user(role="admin")
    for _ in range(5):
        sign_in(client, user.email, "not the password")
    login(client, admin)
    assert post_form(client, f"/admin/users/{user.id}/unlock", {},
                     form_url=f"/admin/users/{user.id}").status_code == 302
    sign_out(client)
    assert sign_in(client, user.email, PASSWORD).status_code == 302
    assert entries(action="account.unlock")[0].user_email == admin.email


# --- idle sessions ------------------------------------------------------------------------

def test_a_session_ends_after_thirty_idle_minutes(client, make, clock):
    user = make.user()
    login(client, user)
    clock.advance(minutes=29)
    assert client.get("/home").status_code == 200  # activity restarts the half hour
    clock.advance(minutes=29)
    assert client.get("/cases/").status_code == 200
    clock.advance(minutes=30, seconds=1)
    expired = client.get("/cases/")
    assert expired.status_code == 302 and "/login" in expired.headers["Location"]
    assert "next=/cases/" in expired.headers["Location"]
    assert client.get("/home").status_code == 302  # signed out for good
    assert entries(action="session.expire")[0].user_email == user.email


def test_the_idle_limit_is_the_session_lifetime(client, make, clock, app, monkeypatch):
    monkeypatch.setattr(app, "permanent_session_lifetime", timedelta(minutes=5))
    login(client, make.user())
    clock.advance(minutes=4)
    assert client.get("/home").status_code == 200
    clock.advance(minutes=5, seconds=1)
    assert client.get("/home").status_code == 302


# --- the second factor ----------------------------------------------------------------------

def enrol(client) -> tuple[str, list[str]]:
    """Set up the second factor through the pages; the secret read from the page, as a phone would."""
    page = client.get("/account/two-factor")
    assert page.status_code == 200
    qr = page.text[page.text.index('<figure class="qr"'):page.text.index("</figure>")]
    assert "<svg" in qr and "<path" in qr and "script" not in qr and "style" not in qr
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page.text).group(1)
    code = pyotp.TOTP(secret).now()
    done = client.post("/account/two-factor", data={"code": code, "csrf_token": csrf_token(page.text)})
    assert done.status_code == 200, done.text
    codes = re.findall(r"<code>([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})</code>", done.text)
    assert len(codes) == 10
    return secret, codes


def test_with_the_rule_on_an_account_without_a_factor_reaches_only_the_enrolment(client, make, app, monkeypatch):
    monkeypatch.setitem(app.config, "REQUIRE_SECOND_FACTOR", True)
    user = make.user()
    response = sign_in(client, user.email, PASSWORD)
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/two-factor")
    for path in ("/home", "/cases/", "/account", "/account/tokens"):
        blocked = client.get(path)
        assert blocked.status_code == 302 and blocked.headers["Location"].endswith("/account/two-factor"), path
    assert Api(client, make.token(user)).get("/api/v1/cases").status_code == 401  # nor does any token of it
    enrol(client)
    assert client.get("/home").status_code == 200


def test_once_enrolled_a_code_is_required_and_used_only_once(client, make, app, monkeypatch, clock):
    monkeypatch.setattr("pyotp.TOTP.now", lambda self: self.at(clock.now))
    monkeypatch.setitem(app.config, "REQUIRE_SECOND_FACTOR", True)
    user = make.user()
    sign_in(client, user.email, PASSWORD)
    secret, recovery = enrol(client)
    sign_out(client)
    totp = pyotp.TOTP(secret)
    missing = sign_in(client, user.email, PASSWORD)
    assert missing.status_code == 200 and "Wrong or missing one-time code" in missing.text
    assert sign_in(client, user.email, PASSWORD, "000000").status_code == 200
    clock.advance(seconds=30)
    code = totp.at(clock.now)
    assert sign_in(client, user.email, PASSWORD, code).status_code == 302
    sign_out(client)
    assert sign_in(client, user.email, PASSWORD, code).status_code == 200  # the same code again: refused
    assert sign_in(client, user.email, PASSWORD, recovery[0]).status_code == 302
    sign_out(client)
    assert sign_in(client, user.email, PASSWORD, recovery[0]).status_code == 200  # each recovery code works once
    stored = db.session.scalars(select(RecoveryCode.digest)).all()
    assert len(stored) == 10 and not any(c.replace("-", "") in d for c in recovery for d in stored)
    reasons = [e.details.get("reason") for e in entries(action="login", outcome="failure")]
    assert reasons.count("second_factor") == 4


def test_new_recovery_codes_and_a_replaced_factor_need_a_current_code(client, make, clock, monkeypatch):
    monkeypatch.setattr("pyotp.TOTP.now", lambda self: self.at(clock.now))
    user = make.user()
    login(client, user)
    secret, old_codes = enrol(client)
    page = client.get("/account/two-factor")
    assert "Unused recovery codes: 10" in page.text
    refused = client.post("/account/two-factor/recovery-codes", data={"code": "123456",
                                                                      "csrf_token": csrf_token(page.text)})
    assert refused.status_code == 422
    clock.advance(seconds=30)
    fresh = client.post("/account/two-factor/recovery-codes",
                        data={"code": pyotp.TOTP(secret).at(clock.now), "csrf_token": csrf_token(page.text)})
    assert fresh.status_code == 200 and old_codes[0] not in fresh.text
    clock.advance(seconds=30)
    replaced = client.post("/account/two-factor/replace",
                           data={"code": pyotp.TOTP(secret).at(clock.now), "csrf_token": csrf_token(page.text)})
    assert replaced.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).otp_confirmed_at is None
    assert [e.action for e in entries(object_type="user") if e.action.startswith("2fa.")] == [
        "2fa.enrol", "2fa.recovery_codes", "2fa.check", "2fa.recovery_codes", "2fa.reset"]


def test_an_administrator_removes_a_lost_factor(client, make, monkeypatch, app):
    user, admin = make.user(), make.user(role="admin")
    login(client, user)
    enrol(client)
    sign_out(client)
    login(client, admin)
    post_form(client, f"/admin/users/{user.id}/reset-two-factor", {}, form_url=f"/admin/users/{user.id}")
    sign_out(client)
    monkeypatch.setitem(app.config, "REQUIRE_SECOND_FACTOR", True)
    response = sign_in(client, user.email, PASSWORD)
    assert response.headers["Location"].endswith("/account/two-factor")


# --- passwords ------------------------------------------------------------------------------

@pytest.mark.parametrize("password, problem", [
    ("short pass", "at least 12 characters"),
    ("maria.lopez 2026 x", "email address or user name"),
    ("Password1234", "too common"),
    ("aaaaaaaaaaaaaaa", "too common"),
    ("abcdefghijklmnop", "too common"),
    ("cruz control at dawn", "your name"),
])
def test_password_rules(password, problem):
    problems = " ".join(password_problems(password, email="maria.lopez@atf.gov", name="María Lopez Cruz"))
    assert problem in problems


def test_a_long_passphrase_with_spaces_and_accents_is_fine():
    assert password_problems("cinco ríos y un puente", email="maria.lopez@atf.gov", name="María Lopez") == []


def test_accounts_refuse_weak_passwords_at_creation(app_ctx):
    with pytest.raises(AccountError, match="too common"):
        create_user(db.session, email="x@atf.gov", name="X", agency_code="ATF", role="agent",
                    password="password1234")


def test_the_last_ten_passwords_are_not_chosen_again(client, make):
    user = make.user()
    passwords = [f"river stone number {n}" for n in range(11)]
    current = PASSWORD
    for new in passwords[:10]:
        change_password(db.session, user, current, new)
        current = new
    db.session.commit()
    for old in (passwords[0], passwords[3], passwords[9]):  # the current one and the nine before it
        with pytest.raises(AccountError, match="last 10"):
            change_password(db.session, user, current, old)
    change_password(db.session, user, current, PASSWORD)  # eleven passwords ago: allowed again
    change_password(db.session, user, PASSWORD, passwords[0])
    assert db.session.scalar(select(db.func.count(PasswordHistory.id))) == 9


def test_changing_the_password_through_the_page(client, make):
    user = make.user()
    login(client, user)
    wrong = post_form(client, "/account/password", {"current": "nope", "new": "quiet harbour lights",
                                                    "confirm": "quiet harbour lights"})
    assert wrong.status_code == 422 and "current password is not right" in wrong.text
    same = post_form(client, "/account/password", {"current": PASSWORD, "new": PASSWORD, "confirm": PASSWORD})
    assert same.status_code == 422 and "last 10" in same.text
    done = post_form(client, "/account/password", {"current": PASSWORD, "new": "quiet harbour lights",
                                                   "confirm": "quiet harbour lights"})
    assert done.status_code == 302
    sign_out(client)
    assert sign_in(client, user.email, "quiet harbour lights").status_code == 302


def test_a_password_set_by_an_administrator_must_be_replaced_at_the_next_sign_in(client, make):
    user, admin = make.user(), make.user(role="admin")
    login(client, admin)
    assert post_form(client, f"/admin/users/{user.id}/password", {"password": "temporary blue kite"},
                     form_url=f"/admin/users/{user.id}").status_code == 302
    sign_out(client)
    response = sign_in(client, user.email, "temporary blue kite")
    assert response.headers["Location"].endswith("/account/password")
    assert client.get("/cases/").headers["Location"].endswith("/account/password")
    assert post_form(client, "/account/password", {"current": "temporary blue kite", "new": "my own good phrase",
                                                   "confirm": "my own good phrase"}).status_code == 302
    assert client.get("/cases/").status_code == 200
    assert [e.action for e in entries() if e.action.startswith("password.")] == ["password.reset",
                                                                                  "password.change"]


# --- rate limits ------------------------------------------------------------------------------

def test_log_in_attempts_are_rate_limited_per_address_in_the_database(client, make, app, monkeypatch):
    monkeypatch.setitem(app.config, "RATE_LIMITS", {**app.config["RATE_LIMITS"], "login": (3, 300)})
    user = make.user()
    for _ in range(3):
        assert sign_in(client, user.email, "wrong").status_code == 200
    limited = sign_in(client, user.email, PASSWORD)
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    assert db.session.scalar(select(RateLimitHit.count).where(RateLimitHit.key == "login:ip:127.0.0.1")) == 4
    assert entries(action="login", outcome="denied")[0].details == {"reason": "rate_limited"}


def test_token_use_is_rate_limited(client, make, app, monkeypatch):
    # The windows are fixed minutes: held at the start of one, so no request of the test falls in the next.
    from types import SimpleNamespace

    from coordinator.security import ratelimit
    start = (int(time.time()) // 60) * 60 + 1
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: start))
    limits = app.config["RATE_LIMITS"]
    monkeypatch.setitem(app.config, "RATE_LIMITS", {**limits, "api": (3, 60), "api_auth_failure": (2, 60)})
    api = Api(client, make.token(make.user()))
    assert [api.get("/api/v1/cases").status_code for _ in range(4)] == [200, 200, 200, 429]
    body = api.get("/api/v1/cases").get_json()
    assert body["error"]["code"] == "rate_limited"
    bad = Api(client, "cdt_guess")
    assert [bad.get("/api/v1/cases").status_code for _ in range(3)] == [401, 401, 429]


# --- API tokens ---------------------------------------------------------------------------------

def test_tokens_are_issued_shown_once_and_revoked_in_the_page(client, make):
    user = make.user()
    login(client, user)
    page = post_form(client, "/account/tokens", {"label": "case system sync", "days": "30"})
    assert page.status_code == 200
    token = re.search(r'<code class="secret">(cdt_[^<]+)</code>', page.text).group(1)
    assert Api(client, token).get("/api/v1/cases").status_code == 200
    assert token not in client.get("/account/tokens").text
    row = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    assert row.expires_at - row.created_at == timedelta(days=30)
    too_long = post_form(client, "/account/tokens", {"label": "forever", "days": "5000"})
    assert too_long.status_code == 422
    assert post_form(client, f"/account/tokens/{row.id}/revoke", {},
                     form_url="/account/tokens").status_code == 302
    assert Api(client, token).get("/api/v1/cases").status_code == 401
    other = make.user()
    sign_out(client)
    login(client, other)
    assert post_form(client, f"/account/tokens/{row.id}/revoke", {},
                     form_url="/account/tokens").status_code == 404


def test_every_token_expires(app_ctx, make):
    with pytest.raises(AccountError):
        make.token(make.user(), days=0)


def test_the_cli_lists_and_revokes_tokens(runner, make):
    user = make.user()
    first = make.token(user)
    make.token(user)
    listed = runner.invoke(args=["tokens", "list", user.email])
    assert listed.exit_code == 0 and "live" in listed.output and first not in listed.output
    token_id = int(listed.output.split()[0])
    revoked = runner.invoke(args=["tokens", "revoke", str(token_id)])
    assert revoked.exit_code == 0 and "revoked 1" in revoked.output
    assert runner.invoke(args=["tokens", "revoke", "--user", user.email]).output.strip() == "revoked 1 token(s)"
    db.session.expire_all()
    assert all(t.revoked_at for t in db.session.scalars(select(ApiToken)))
    assert runner.invoke(args=["tokens", "revoke"]).exit_code != 0
    assert entries(action="api_token.update")[-1].details["fields"] == ["revoked_at"]


def test_deactivating_an_account_ends_its_tokens(client, make):
    user, admin = make.user(), make.user(role="admin")
    token = make.token(user)
    login(client, admin)
    post_form(client, f"/admin/users/{user.id}", {"name": user.name, "agency": "ATF", "role": "agent"})
    assert Api(client, token).get("/api/v1/cases").status_code == 401
    change = entries(action="user.permission_change")[-1]
    assert change.details["values"] == {"active": [True, False]}


def test_an_administrator_cannot_demote_themself(client, make):
    admin = make.user(role="admin")
    login(client, admin)
    response = post_form(client, f"/admin/users/{admin.id}", {"name": admin.name, "agency": "ATF",
                                                               "role": "agent", "active": "y"})
    assert response.status_code == 422
    assert client.get(f"/admin/users/{admin.id}").status_code == 200
