"""Browser sessions kept in the database every app process shares.

Flask-Session's server-side interface does the session's life: a random
256-bit id in the cookie (nothing else), the contents serialised with
msgspec, a new id at sign-in (``regenerate``), the row and the cookie
deleted when the session is cleared at sign-out. The rows live in
``browser_sessions`` (made by the migrations), found by the SHA-256 of the
id, so a copy of the table opens no session, and each row names the
account it is signed in to, so that every session of one account can be
ended at once (``end_sessions``).

Why not Flask-Session's own SQLAlchemy backend: it creates its table when
the app starts, outside the migrations, stores naive times, keeps no
account to end sessions by, and writes through the request's database
session, where the audit trail would record every page view's session
write as a change. Here every write runs on its own connection and commits
at once, after the request's own commit.
"""
from __future__ import annotations

import hashlib
from datetime import timedelta

import msgspec
from flask import Flask
from flask_session.base import ServerSideSession, ServerSideSessionInterface
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..extensions import db
from ..types import utcnow
from .models import BrowserSession

_table = BrowserSession.__table__


def _plain(value: object) -> object:
    """Lazily translated text (a flashed message) is stored as the text it is now."""
    if hasattr(value, "__html__"):
        return str(value)
    raise TypeError(f"a session cannot hold {type(value).__name__}")


def _upsert(dialect: str):
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


class DatabaseSessionInterface(ServerSideSessionInterface):
    """Flask-Session's server-side sessions, stored in ``browser_sessions``."""

    ttl = False  # expired rows are swept every SESSION_CLEANUP_N_REQUESTS requests on average

    def __init__(self, app: Flask):
        super().__init__(app, key_prefix="", permanent=True, sid_length=32, serialization_format="msgpack",
                         cleanup_n_requests=app.config.get("SESSION_CLEANUP_N_REQUESTS"))
        self.serializer.encoder = msgspec.msgpack.Encoder(enc_hook=_plain)

    def should_set_storage(self, app: Flask, session: ServerSideSession) -> bool:
        """Write the row only when the request changed the session."""
        return session.modified

    def should_set_cookie(self, app: Flask, session: ServerSideSession) -> bool:
        """Send the cookie (its expiry moved on) only with a write of the row, so both expire together."""
        return session.modified

    def regenerate(self, session: ServerSideSession) -> None:
        """A new id for the session; the old id's row is deleted when the response is saved.

        Not at once: the request may hold the database's write lock (SQLite)
        until its own commit, and a second connection would wait on it.
        """
        if session:
            session.replaced = [*getattr(session, "replaced", ()), self._get_store_id(session.sid)]
            session.sid = self._generate_sid(self.sid_length)
            session.modified = True

    def save_session(self, app: Flask, session: ServerSideSession, response) -> None:
        for store_id in getattr(session, "replaced", ()):
            self._delete_session(store_id)
        super().save_session(app, session, response)

    def _get_store_id(self, sid: str) -> str:
        return hashlib.sha256(sid.encode()).hexdigest()

    def _retrieve_session_data(self, store_id: str) -> dict | None:
        with db.engine.connect() as conn:
            row = conn.execute(select(_table.c.data, _table.c.expires_at)
                               .where(_table.c.sid_digest == store_id)).first()
        if row is None or row.expires_at <= utcnow():
            return None
        return self.serializer.decode(row.data)

    def _delete_session(self, store_id: str) -> None:
        with db.engine.begin() as conn:
            conn.execute(delete(_table).where(_table.c.sid_digest == store_id))

    def _upsert_session(self, session_lifetime: timedelta, session: ServerSideSession, store_id: str) -> None:
        user_id = session.get("_user_id")
        values = {"data": self.serializer.encode(session), "expires_at": utcnow() + session_lifetime,
                  "user_id": int(user_id) if isinstance(user_id, str) and user_id.isdigit() else None}
        statement = _upsert(db.engine.dialect.name)(_table).values(sid_digest=store_id, created_at=utcnow(), **values)
        statement = statement.on_conflict_do_update(index_elements=["sid_digest"], set_=values)
        with db.engine.begin() as conn:
            conn.execute(statement)

    def _delete_expired_sessions(self) -> None:
        with db.engine.begin() as conn:
            conn.execute(delete(_table).where(_table.c.expires_at <= utcnow()))


def open_sessions(session: Session, user_id: int) -> int:
    """How many unexpired browser sessions the account has."""
    return session.scalar(select(db.func.count(BrowserSession.id)).where(
        BrowserSession.user_id == user_id, BrowserSession.expires_at > utcnow())) or 0


def register(app: Flask) -> None:
    """Keep the app's sessions in the database."""
    app.session_interface = DatabaseSessionInterface(app)
