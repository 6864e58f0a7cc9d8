"""Browser sessions: a key of the instance's own, sessions kept on the server and ended for good,
and the language switch as a form.
"""
from __future__ import annotations

import re
import stat

import pytest
from sqlalchemy import select

from coordinator import create_app
from coordinator.accounts.models import User
from coordinator.extensions import db
from coordinator.security.models import BrowserSession

from .factories import PASSWORD, Api, csrf_token, login, post_form
from .test_audit import entries

COOKIE = "session"


@pytest.fixture()
def second(client):
    """Another browser."""
    return client.application.test_client()


def _cookie(client) -> str:
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None, "no session cookie"
    return cookie.value


def _signed_in(client) -> bool:
    return client.get("/account").status_code == 200


# --- the secret key -------------------------------------------------------------------------

def _development_app(key_file, monkeypatch):
    monkeypatch.setenv("COORDINATOR_CONFIG", "development")
    return create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": None, "SECRET_KEY_FILE": str(key_file)})


def test_without_a_key_an_instance_makes_a_random_one_on_its_first_run_and_keeps_it(tmp_path, monkeypatch):
    first = _development_app(tmp_path / "one" / "secret_key", monkeypatch)
    key = first.config["SECRET_KEY"]
    assert key != "development-only-not-secret" and len(key) >= 64
    kept = tmp_path / "one" / "secret_key"
    assert kept.read_text().strip() == key
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600  # readable by the app's own user only
    assert _development_app(kept, monkeypatch).config["SECRET_KEY"] == key  # the next run signs alike
    assert _development_app(tmp_path / "two" / "secret_key", monkeypatch).config["SECRET_KEY"] != key


def test_no_settings_class_carries_a_constant_key():
    import config

    assert config.DevelopmentConfig.SECRET_KEY in (None, config.Config.SECRET_KEY)
    assert config.TestingConfig.SECRET_KEY != "testing-only-not-secret"


def test_production_never_makes_a_key_of_its_own(tmp_path, monkeypatch):
    monkeypatch.setenv("COORDINATOR_CONFIG", "production")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": None,
                    "SECRET_KEY_FILE": str(tmp_path / "secret_key")})
    assert not (tmp_path / "secret_key").exists()


# --- sessions on the server -------------------------------------------------------------------

def test_a_session_lives_in_the_database_and_its_cookie_is_only_an_id(client, make):
    user = make.user()
    login(client, user)
    cookie = _cookie(client)
    rows = db.session.scalars(select(BrowserSession).where(BrowserSession.user_id == user.id)).all()
    assert len(rows) == 1
    assert cookie not in rows[0].sid_digest  # a copy of the table opens no session
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", cookie)  # 256 random bits: nothing readable or signed client-side


def test_signing_in_gives_a_new_session_id(client, make):
    user = make.user()
    client.get("/login")
    before = _cookie(client)
    login(client, user)
    assert _cookie(client) != before


def test_a_cookie_kept_after_logout_opens_nothing(client, second, make):
    login(client, make.user())
    stolen = _cookie(client)
    post_form(client, "/logout", {}, form_url="/account")
    second.set_cookie(COOKIE, stolen, domain="localhost")
    assert not _signed_in(second)


def test_a_password_change_ends_every_other_session_of_the_user(client, second, make):
    user = make.user()
    login(client, user)
    login(second, user)
    new = "quiet harbour lights"
    assert post_form(client, "/account/password", {"current": PASSWORD, "new": new, "confirm": new}).status_code == 302
    assert _signed_in(client)  # the session that changed it goes on
    assert not _signed_in(second)


def test_deactivating_an_account_ends_its_sessions(client, second, make):
    user, admin = make.user(), make.user(role="admin")
    login(second, user)
    login(client, admin)
    post_form(client, f"/admin/users/{user.id}", {"name": user.name, "agency": "ATF", "role": "agent"})
    assert not _signed_in(second)


def test_an_inactive_user_is_signed_out_whatever_the_session_holds(client, make):
    user = make.user()
    login(client, user)
    user.active = False
    db.session.commit()
    assert not _signed_in(client)


def test_an_administrator_ends_a_users_sessions(client, second, make):
    user, admin = make.user(), make.user(role="admin")
    login(second, user)
    login(client, admin)
    page = client.get(f"/admin/users/{user.id}")
    assert "1 open session" in page.text
    ended = client.post(f"/admin/users/{user.id}/end-sessions", data={"csrf_token": csrf_token(page.text)})
    assert ended.status_code == 302
    assert not _signed_in(second)
    assert _signed_in(client)
    assert entries(action="session.revoke")[-1].object_id == str(user.id)


def test_an_administrators_password_reset_ends_the_users_sessions_and_tokens(client, second, make):
    user, admin = make.user(), make.user(role="admin")
    token = make.token(user)
    login(second, user)
    login(client, admin)
    assert post_form(client, f"/admin/users/{user.id}/password", {"password": "temporary blue kite"},
                     form_url=f"/admin/users/{user.id}").status_code == 302
    assert not _signed_in(second)
    assert Api(client, token).get("/api/v1/cases").status_code == 401


@pytest.mark.parametrize("environ", [{"REMOTE_ADDR": "198.51.100.7"}, {"HTTP_USER_AGENT": "curl/8.5.0"}])
def test_a_cookie_copied_to_another_address_or_browser_is_refused(client, second, make, environ):
    user = make.user()
    login(client, user)
    second.set_cookie(COOKIE, _cookie(client), domain="localhost")
    second.environ_base.update(environ)
    assert not _signed_in(second)
    assert not _signed_in(client)  # the session is ended, not just refused once
    assert entries(action="session.end")[-1].details == {"reason": "moved"}


def test_the_idle_limit_still_holds_on_the_server(client, make, monkeypatch):
    from datetime import datetime, timedelta, timezone

    login(client, make.user())
    later = datetime.now(timezone.utc) + timedelta(minutes=31)
    monkeypatch.setattr("coordinator.security.sessions.utcnow", lambda: later)
    monkeypatch.setattr("coordinator.security.store.utcnow", lambda: later)
    assert not _signed_in(client)


# --- the language switch ------------------------------------------------------------------------

def test_the_language_is_changed_by_a_form_not_a_link(client, make):
    user = make.user()
    login(client, user)
    assert client.get("/language/es").status_code == 405
    assert client.post("/language/es").status_code == 400  # no CSRF token: refused
    db.session.expire_all()
    assert db.session.get(User, user.id).locale in (None, "en")
    done = post_form(client, "/language/es", {"next": "/cases/"}, form_url="/account")
    assert done.status_code == 302 and done.headers["Location"].endswith("/cases/")
    db.session.expire_all()
    assert db.session.get(User, user.id).locale == "es"


def test_the_page_offers_the_language_switch_as_forms(client):
    page = client.get("/login").text
    assert 'href="/language/' not in page
    assert 'action="/language/es"' in page and 'method="post"' in page
    first_form = re.search(r"<form\b[^>]*>", page).group(0)
    assert "/language/" not in first_form  # the page's own form comes first (its button is the first submit)


def test_a_user_signs_out_every_other_browser(client, second, make):
    user = make.user()
    login(second, user)
    login(client, user)
    page = client.get("/account")
    assert "signed in on 2 browsers" in page.text
    ended = client.post("/account/sessions/end-others", data={"csrf_token": csrf_token(page.text)})
    assert ended.status_code == 302
    assert not _signed_in(second)
    assert _signed_in(client)
    assert "signed in on 1 browser." in client.get("/account").text
    assert entries(action="session.revoke")[-1].details == {"reason": "user", "sessions": 2}


# --- writes ---------------------------------------------------------------------------------

@pytest.fixture()
def session_writes():
    """The statements that write to browser_sessions, as the database receives them."""
    from sqlalchemy import event

    writes: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        if "browser_sessions" in statement and not statement.lstrip().upper().startswith("SELECT"):
            writes.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    yield writes
    event.remove(db.engine, "before_cursor_execute", seen)


def test_a_page_that_changes_nothing_writes_no_session(client, make, session_writes, monkeypatch):
    from datetime import datetime, timedelta, timezone

    login(client, make.user())
    client.get("/home")  # the first page after sign-in may still read the flashed message
    session_writes.clear()
    for path in ("/home", "/cases/", "/account"):
        assert client.get(path).status_code == 200
    assert session_writes == []
    # "last seen" is written again once a minute of activity has passed, and so is the row's expiry.
    later = datetime.now(timezone.utc) + timedelta(minutes=2)
    monkeypatch.setattr("coordinator.security.sessions.utcnow", lambda: later)
    monkeypatch.setattr("coordinator.security.store.utcnow", lambda: later)
    assert client.get("/home").status_code == 200
    assert len(session_writes) == 1
    assert client.get("/cases/").status_code == 200
    assert len(session_writes) == 1
    row = db.session.scalars(select(BrowserSession)).one()
    assert row.expires_at > later + timedelta(minutes=29)


def test_a_request_that_changes_the_session_writes_it(client, make, session_writes):
    login(client, make.user())
    page = client.get("/account")
    session_writes.clear()
    client.post("/language/es", data={"csrf_token": csrf_token(page.text), "next": "/home"})
    assert len(session_writes) == 1  # the language is kept in the session
    assert 'lang="es"' in client.get("/home").text  # read back from the row; reading it wrote nothing
    assert len(session_writes) == 1


# --- two requests of one session at once -------------------------------------------------------

def _open(app, sid: str):
    """A request of the browser holding ``sid`` opens its session (as Flask does before the view)."""
    from flask import request

    with app.test_request_context(headers={"Cookie": f"{COOKIE}={sid}"}):
        return app.session_interface.open_session(app, request)


def _save(app, session):
    """The request ends: its session is saved, and the response says what the browser is sent."""
    response = app.response_class()
    with app.test_request_context():
        app.session_interface.save_session(app, session, response)
    return response


def _row(app, sid: str) -> dict | None:
    import hashlib

    db.session.expire_all()
    digest = hashlib.sha256(sid.encode()).hexdigest()
    row = db.session.scalar(select(BrowserSession).where(BrowserSession.sid_digest == digest))
    return None if row is None else app.session_interface.serializer.decode(row.data)


def test_two_requests_of_one_browser_at_once_keep_both_changes(client, make):
    # The language switched in one tab while the watch board's poll writes "last seen" in another:
    # the poll, saved last, must not put back the language it read before the switch.
    login(client, make.user())
    app, sid = client.application, _cookie(client)
    switching, polling = _open(app, sid), _open(app, sid)
    switching["lang"] = "es"
    polling["seen"] = 1
    _save(app, switching)
    _save(app, polling)
    data = _row(app, sid)
    assert data["lang"] == "es" and data["seen"] == 1 and data["_user_id"]


def test_a_session_ended_while_a_request_of_it_ran_is_not_written_back(client, make):
    # Sign-out (or an administrator ending the account's sessions) deletes the row while a poll of the
    # same session is under way: the poll's write of "last seen" must not bring the signed-in session back.
    login(client, make.user())
    app, sid = client.application, _cookie(client)
    polling = _open(app, sid)
    post_form(client, "/logout", {}, form_url="/account")
    assert _row(app, sid) is None
    polling["seen"] = 1
    response = _save(app, polling)
    assert _row(app, sid) is None
    assert "Set-Cookie" not in response.headers  # nor the old id given back to the browser
