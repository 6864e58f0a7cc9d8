"""Browser sessions kept in the database every app process shares.

Flask-Session's server-side interface does the session's life: a random
256-bit id in the cookie (nothing else), the contents serialised with
msgspec, a new id at sign-in (``regenerate``), the row and the cookie
deleted when the session is cleared at sign-out. The rows live in
``browser_sessions`` (made by the migrations), found by the SHA-256 of the
id, so a copy of the table opens no session, and each row names the
account it is signed in to, so that every session of one account can be
ended at once (``end_sessions``).

Two requests of one browser at once (a page and the watch board's poll)
each read the session, and the one saved last must not undo the other: a
session read from its row is written back only over the row as it was
read; if another request wrote it meanwhile, this request's own changes
are laid over what is there now. A row deleted meanwhile (sign-out, an
administrator ending the account's sessions) is never written back, nor
its id given back to the browser.

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
from flask import Flask, Request, g
from flask_session.base import ServerSideSession, ServerSideSessionInterface
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from ..extensions import db
from ..types import utcnow
from .models import BrowserSession

_table = BrowserSession.__table__
_ABSENT = object()
# How often a save lays its changes over a row another request wrote meanwhile before it gives up.
MERGE_ATTEMPTS = 5


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
        """Send the cookie (its expiry moved on) only with a write of the row, so both expire together; never
        for a session ended while the request ran."""
        return session.modified and not getattr(session, "ended", False)

    def open_session(self, app: Flask, request: Request) -> ServerSideSession:
        """The session, and for one read from its row the row's contents as read (``read_as``)."""
        g.pop("session_row", None)
        session = super().open_session(app, request)
        session.read_as = g.pop("session_row", None)  # set by _retrieve_session_data only for a row found
        return session

    def regenerate(self, session: ServerSideSession) -> None:
        """A new id for the session; the old id's row is deleted when the response is saved.

        Not at once: the request may hold the database's write lock (SQLite)
        until its own commit, and a second connection would wait on it.
        """
        if session:
            session.replaced = [*getattr(session, "replaced", ()), self._get_store_id(session.sid)]
            session.sid = self._generate_sid(self.sid_length)
            session.read_as = None  # the new id's row is written afresh
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
        g.session_row = row.data
        return self.serializer.decode(row.data)

    def _delete_session(self, store_id: str) -> None:
        with db.engine.begin() as conn:
            conn.execute(delete(_table).where(_table.c.sid_digest == store_id))

    def _values(self, session_lifetime: timedelta, data: dict) -> dict:
        user_id = data.get("_user_id")
        return {"data": self.serializer.encode(data), "expires_at": utcnow() + session_lifetime,
                "user_id": int(user_id) if isinstance(user_id, str) and user_id.isdigit() else None}

    def _upsert_session(self, session_lifetime: timedelta, session: ServerSideSession, store_id: str) -> None:
        read_as = getattr(session, "read_as", None)
        if read_as is not None:
            self._write_over(session_lifetime, session, store_id, read_as)
            return
        values = self._values(session_lifetime, session)
        statement = _upsert(db.engine.dialect.name)(_table).values(sid_digest=store_id, created_at=utcnow(), **values)
        statement = statement.on_conflict_do_update(index_elements=["sid_digest"], set_=values)
        with db.engine.begin() as conn:
            conn.execute(statement)

    def _write_over(self, session_lifetime: timedelta, session: ServerSideSession, store_id: str,
                    read_as: bytes) -> None:
        """Write a session read from its row over the row as it was read; else lay this request's changes over
        the row as another request left it; a row gone meanwhile stays gone (``session.ended``)."""
        before = self.serializer.decode(read_as)
        changed = {key: value for key, value in session.items() if before.get(key, _ABSENT) != value}
        removed = [key for key in before if key not in session]
        data, seen = dict(session), read_as
        for _attempt in range(MERGE_ATTEMPTS):
            with db.engine.begin() as conn:
                written = conn.execute(update(_table).where(_table.c.sid_digest == store_id, _table.c.data == seen)
                                       .values(**self._values(session_lifetime, data))).rowcount
                if written:
                    return
                row = conn.execute(select(_table.c.data, _table.c.expires_at)
                                   .where(_table.c.sid_digest == store_id)).first()
            if row is None or row.expires_at <= utcnow():
                session.ended = True
                return
            data = {key: value for key, value in self.serializer.decode(row.data).items() if key not in removed}
            data.update(changed)
            seen = row.data
        raise RuntimeError("the session kept changing under this request")

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
