"""Guessing defences that an attacker cannot turn against the account's owner: the sign-in slow-down,
second-factor guesses from a session, tokens of held and suspended accounts, and look-alike passwords.
"""
from __future__ import annotations

import pyotp
import pytest
from sqlalchemy import select

from coordinator.accounts.models import User
from coordinator.extensions import db
from coordinator.security.passwords import password_problems

from .factories import PASSWORD, Api, csrf_token, login
from .test_audit import entries
from .test_security_accounts import Clock, clock, enrol, sign_in, sign_out  # noqa: F401  (fixtures)

ELSEWHERE = {"REMOTE_ADDR": "203.0.113.50"}


def _from(client, environ: dict) -> None:
    client.environ_base.update(environ)


def _user(db_user_id: int) -> User:
    db.session.expire_all()
    return db.session.get(User, db_user_id)


# --- the slow-down instead of a lock ------------------------------------------------------------

def test_a_held_account_and_an_unknown_one_get_the_same_answer(client, make, clock):
    user = make.user()
    for _ in range(5):
        sign_in(client, user.email, "not the password")
    held = sign_in(client, user.email, PASSWORD)
    unknown = sign_in(client, "nobody-here@atf.test", PASSWORD)
    assert held.status_code == unknown.status_code == 200
    assert "Wrong email or password" in held.text and "Wrong email or password" in unknown.text
    assert "locked" not in held.text.lower()
    assert entries(action="login")[-2].details == {"reason": "locked"}  # the trail still says why


def test_others_failures_do_not_keep_the_owner_out_from_where_the_owner_signs_in(client, second, make, clock):
    user = make.user()
    login(client, user)  # the owner's usual address (127.0.0.1)
    sign_out(client)
    _from(second, ELSEWHERE)
    for _ in range(20):
        sign_in(second, user.email, "a guess")
    assert "Wrong email or password" in sign_in(second, user.email, PASSWORD).text  # the guesser waits
    assert sign_in(client, user.email, PASSWORD).status_code == 302  # the owner does not


def test_the_slow_down_is_short_and_grows_with_each_further_failure(client, make, clock):
    user = make.user()
    _from(client, ELSEWHERE)
    for _ in range(5):
        sign_in(client, user.email, "not the password")
    first = _user(user.id).locked_until - clock.now
    assert first.total_seconds() == 60
    clock.advance(seconds=61)
    sign_in(client, user.email, "still not it")
    assert (_user(user.id).locked_until - clock.now).total_seconds() == 120
    clock.advance(seconds=121)
    assert sign_in(client, user.email, PASSWORD).status_code == 302
    assert _user(user.id).failed_logins == 0 and _user(user.id).locked_until is None


def test_guesses_while_held_are_not_checked_and_not_counted(client, make, clock):
    user = make.user()
    _from(client, ELSEWHERE)
    for _ in range(5):
        sign_in(client, user.email, "not the password")
    for _ in range(10):
        sign_in(client, user.email, "another guess")
    assert _user(user.id).failed_logins == 5


# --- second-factor guesses from a session ---------------------------------------------------------

@pytest.fixture()
def second(client):
    return client.application.test_client()


@pytest.mark.parametrize("path", ["/account/two-factor/recovery-codes", "/account/two-factor/replace"])
def test_wrong_codes_from_a_session_count_like_failed_sign_ins(client, make, clock, monkeypatch, path):
    monkeypatch.setattr("pyotp.TOTP.now", lambda self: self.at(clock.now))
    user = make.user()
    login(client, user)
    secret, _codes = enrol(client)
    page = client.get("/account/two-factor")
    token = csrf_token(page.text)
    answers = [client.post(path, data={"code": f"{n:06d}", "csrf_token": token}).status_code for n in range(7)]
    assert answers[:5] == [422] * 5 and answers[5:] == [429, 429]
    assert _user(user.id).failed_logins == 5 and _user(user.id).locked_until is not None
    clock.advance(seconds=30)
    right = client.post(path, data={"code": pyotp.TOTP(secret).at(clock.now), "csrf_token": token})
    assert right.status_code == 429  # not even the right code is tried while held
    assert len(entries(action="2fa.check", outcome="failure")) == 5


def test_second_factor_guesses_share_the_addresss_sign_in_budget(client, make, app, monkeypatch):
    monkeypatch.setitem(app.config, "RATE_LIMITS", {**app.config["RATE_LIMITS"], "login": (3, 300)})
    user = make.user()
    login(client, user)
    enrol(client)
    token = csrf_token(client.get("/account/two-factor").text)
    answers = [client.post("/account/two-factor/recovery-codes", data={"code": "000000", "csrf_token": token})
               .status_code for _ in range(3)]
    assert answers[-1] == 429  # the sign-in counted one already


# --- API tokens ------------------------------------------------------------------------------------

def test_a_hold_after_failed_sign_ins_leaves_the_accounts_api_token_working(client, make, clock):
    # Anyone who knows a service account's email could otherwise keep its API integration shut.
    user = make.user()
    token = make.token(user)
    _from(client, ELSEWHERE)
    for _ in range(6):
        sign_in(client, user.email, "not the password")
    assert _user(user.id).locked_until > clock.now  # held for the browser
    assert "Wrong email or password" in sign_in(client, user.email, PASSWORD).text
    assert Api(client, token).get("/api/v1/cases").status_code == 200


def test_an_administrators_suspension_stops_the_token_while_it_lasts(client, make):
    user = make.user("FGR")
    token = make.token(user)
    user.active = False  # suspended, its tokens not (yet) revoked
    db.session.commit()
    assert Api(client, token).get("/api/v1/cases").status_code == 401
    user.active = True
    db.session.commit()
    assert Api(client, token).get("/api/v1/cases").status_code == 200
    user.agency.active = False  # the whole agency suspended
    db.session.commit()
    assert Api(client, token).get("/api/v1/cases").status_code == 401
    assert entries(action="api.authenticate")[-1].details["reason"] == "inactive"


def test_a_token_of_an_account_without_a_second_factor_is_refused_where_one_is_required(client, make, app,
                                                                                        monkeypatch, runner):
    user = make.user()
    token = make.token(user)
    monkeypatch.setitem(app.config, "REQUIRE_SECOND_FACTOR", True)
    assert Api(client, token).get("/api/v1/cases").status_code == 401
    refused = runner.invoke(args=["tokens", "create", user.email])
    assert refused.exit_code != 0 and "second factor" in refused.output


def test_a_token_is_refused_until_a_password_set_by_an_administrator_is_replaced(client, make):
    user = make.user()
    token = make.token(user)
    user.must_change_password = True
    db.session.commit()
    assert Api(client, token).get("/api/v1/cases").status_code == 401


# --- look-alike passwords ------------------------------------------------------------------------------

@pytest.mark.parametrize("password, problem", [
    ("ｍａｒｉａ．ｌｏｐｅｚ ２０２６ ｘ", "email address or user name"),  # full-width
    ("mаrіа.lоpеz river 7", "email address or user name"),  # Cyrillic а, і, о, е
    ("МАRIА.LОРЕZ river 7", "email address or user name"),  # Cyrillic capitals
    ("Ｐａｓｓｗｏｒｄ１２３４", "too common"),
    ("Pаsswоrd1234", "too common"),
    ("crúz control at dawn", "your name"),
])
def test_look_alike_passwords_are_checked_as_what_they_look_like(password, problem):
    problems = " ".join(password_problems(password, email="maria.lopez@atf.gov", name="María Lopez Cruz"))
    assert problem in problems


def test_a_passphrase_in_another_script_is_still_allowed():
    assert password_problems("дом у реки и тихий сад", email="maria.lopez@atf.gov", name="María Lopez") == []
