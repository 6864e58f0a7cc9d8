"""Rate limits without a write per request, and floods of random tokens that leave no trail of rows."""
from __future__ import annotations

import secrets
import time
import socket
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from coordinator.accounts.models import ApiToken
from coordinator.accounts.services import token_status
from coordinator.audit.models import AuditEvent
from coordinator.extensions import db
from coordinator.security import ratelimit
from coordinator.security.models import RateLimitHit
from coordinator.types import utcnow

from .factories import Api


def _count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def test_random_bearer_tokens_make_no_row_each(client, app, monkeypatch):
    """Each random token once: one counter for the address, and the trail summarises the flood."""
    monkeypatch.setitem(app.config, "RATE_LIMITS", {**app.config["RATE_LIMITS"], "api_auth_failure": (5, 60)})
    statuses = [Api(client, "cdt_" + secrets.token_urlsafe(24)).get("/api/v1/cases").status_code
                for _ in range(12)]
    assert statuses == [401] * 5 + [429] * 7
    assert _count(RateLimitHit) == 1
    refused = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "api.authenticate")
                                 .order_by(AuditEvent.id)).all()
    assert [e.details["failures_in_window"] for e in refused] == [1, 6]  # the first, and the first over the limit
    assert _count(AuditEvent) == 2


def test_a_known_tokens_flood_is_refused_and_each_refusal_is_on_its_users_record(client, make, app, monkeypatch):
    monkeypatch.setitem(app.config, "RATE_LIMITS", {**app.config["RATE_LIMITS"], "api": (2, 60)})
    user = make.user()
    api = Api(client, make.token(user))
    assert [api.get("/api/v1/cases").status_code for _ in range(4)] == [200, 200, 429, 429]
    db.session.expire_all()
    mine = db.session.scalars(select(AuditEvent).where(AuditEvent.user_email == user.email)
                              .order_by(AuditEvent.id)).all()
    assert [e.outcome for e in mine if e.action == "case.search"] == ["success", "success", "invalid", "invalid"]
    assert [e.action for e in mine].count("api.rate_limited") == 1


def test_a_tokens_last_use_is_written_at_most_once_a_minute(client, make):
    user = make.user()
    token = make.token(user)
    api = Api(client, token)
    api.get("/api/v1/cases")
    db.session.expire_all()
    row = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    first = row.last_used_at
    assert first is not None
    api.get("/api/v1/cases")
    db.session.expire_all()
    assert db.session.get(ApiToken, row.id).last_used_at == first
    row = db.session.get(ApiToken, row.id)
    row.last_used_at = utcnow() - timedelta(minutes=2)
    db.session.commit()
    api.get("/api/v1/cases")
    db.session.expire_all()
    assert db.session.get(ApiToken, row.id).last_used_at > first


def test_requests_sharing_a_token_do_not_wait_on_its_last_use(app_ctx, make):
    """A request that would record the token's use while another request's record of it is not yet committed
    goes on without it (one record a minute is all that is kept), instead of queueing behind that request."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers by itself")
    from sqlalchemy.orm import Session

    user = make.user()
    token = make.token(user)
    first, second = Session(bind=db.engine), Session(bind=db.engine)
    try:
        assert token_status(first, token)[0].id == user.id
        first.flush()  # the first request recorded the use; its transaction goes on
        second.execute(text("SET LOCAL lock_timeout = '2s'"))  # waiting would be an error, not a hang
        found, reason = token_status(second, token)
        second.flush()
        second.commit()
        assert reason is None and found.id == user.id
        first.commit()
    finally:
        second.close()
        first.close()
    db.session.expire_all()
    assert db.session.scalar(select(ApiToken.last_used_at).where(ApiToken.user_id == user.id)) is not None


def test_old_windows_are_swept(app_ctx, monkeypatch):
    monkeypatch.setattr(ratelimit, "_last_sweep", 0.0)
    limit = ratelimit.Limit(5, 60)
    for n in range(3):
        ratelimit.hit(db.engine, f"api:failure:198.51.100.{n}", limit, now=1_000.0)
    assert _count(RateLimitHit) == 3
    ratelimit.hit(db.engine, "api:failure:198.51.100.9", limit, now=1_000.0 + 2 * 86_400)
    assert _count(RateLimitHit) == 1


def test_a_shared_store_counts_without_any_database_row(client, make, app, monkeypatch):
    """Flask-Limiter's storage (here its in-memory one; Redis in production) counts; the database does not."""
    monkeypatch.setitem(app.config, "RATELIMIT_STORAGE_URI", "memory://")
    monkeypatch.setitem(app.config, "RATE_LIMITS", {**app.config["RATE_LIMITS"], "api": (3, 60)})
    app.extensions.pop("rate_counter", None)
    try:
        api = Api(client, make.token(make.user()))
        assert [api.get("/api/v1/cases").status_code for _ in range(4)] == [200, 200, 200, 429]
        assert _count(RateLimitHit) == 0
    finally:
        app.extensions.pop("rate_counter", None)


def test_an_unreachable_shared_store_falls_back_to_the_database(client, make, app, monkeypatch):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setitem(app.config, "RATELIMIT_STORAGE_URI", f"redis://127.0.0.1:{port}")
    app.extensions.pop("rate_counter", None)
    try:
        assert Api(client, make.token(make.user())).get("/api/v1/cases").status_code == 200
        assert _count(RateLimitHit) == 1
    finally:
        app.extensions.pop("rate_counter", None)


def test_the_shared_store_is_set_up_once_however_many_threads_ask_at_once(app_ctx, monkeypatch):
    """Its set-up checks the client library's version, which fails when threads race through it."""
    import threading

    made = []

    class Slow(ratelimit.SharedCounter):
        def __init__(self, uri):
            made.append(uri)
            time.sleep(0.05)
            super().__init__(uri)

    monkeypatch.setattr(ratelimit, "SharedCounter", Slow)
    monkeypatch.setitem(app_ctx.config, "RATELIMIT_STORAGE_URI", "memory://")
    app_ctx.extensions.pop("rate_counter", None)
    try:
        def ask():
            with app_ctx.app_context():
                ratelimit.count_hit("api:token:same", ratelimit.Limit(100, 60))

        threads = [threading.Thread(target=ask) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert made == ["memory://"]
    finally:
        app_ctx.extensions.pop("rate_counter", None)
