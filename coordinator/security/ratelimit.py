"""Rate limits shared by every app process: in Redis when configured, else in the database.

Fixed windows: a key (``login:ip:203.0.113.9``, ``api:token:<digest>``)
has one counter per window.

- ``RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379`` (production): counted
  through ``limits``, the storage layer of Flask-Limiter, one atomic
  increment in Redis per hit — no database write, no second commit. Should
  Redis be away, the database counts until it is back.
- Without it (development, the test suite, ``make run`` with nothing else
  installed): one upsert of a counter row in the database, on its own
  connection, committed at once so it counts even when the request it
  guards is refused and rolled back. Old windows are swept as new ones
  start, and the whole table now and then.

Why not Flask-Limiter's decorators: their default storage is the process's
memory, which each of many app processes would keep apart, and the limits
here depend on who is asking (a token, an address), decided before any view.
"""
from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import delete
from sqlalchemy.engine import Engine

from .models import RateLimitHit

_table = RateLimitHit.__table__
logger = logging.getLogger(__name__)
SWEEP_EVERY_SECONDS = 600
_sweep_lock = threading.Lock()
_last_sweep = 0.0
_counter_lock = threading.Lock()


@dataclass(frozen=True)
class Limit:
    """At most ``count`` hits per ``seconds``."""

    count: int
    seconds: int


@dataclass(frozen=True)
class Verdict:
    """Whether a hit is allowed, and if not, in how many seconds to try again."""

    allowed: bool
    hits: int
    retry_after: int


def digest_key(prefix: str, secret: str) -> str:
    """A key for a secret (a token) that does not store the secret."""
    return f"{prefix}:{hashlib.sha256(secret.encode()).hexdigest()[:32]}"


def _upsert(dialect: str):
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def hit(engine: Engine, key: str, limit: Limit, now: float | None = None) -> Verdict:
    """Count one hit of ``key`` in the current window, in the database; refuse it past the limit."""
    now = time.time() if now is None else now
    window = int(now // limit.seconds) * limit.seconds
    insert = _upsert(engine.dialect.name)
    statement = insert(_table).values(key=key[:120], window=window, count=1)
    statement = statement.on_conflict_do_update(
        index_elements=["key", "window"], set_={"count": _table.c.count + 1},
    ).returning(_table.c.count)
    with engine.begin() as conn:
        hits = conn.execute(statement).scalar_one()
        if hits == 1:  # a new window: sweep this key's old ones
            conn.execute(delete(_table).where(_table.c.key == key[:120], _table.c.window < window))
    if hits == 1:
        _sweep_now_and_then(engine, now)
    retry_after = max(1, int(window + limit.seconds - now))
    return Verdict(hits <= limit.count, hits, retry_after)


def sweep(engine: Engine, older_than_seconds: int = 86_400, now: float | None = None) -> int:
    """Remove every window that ended long ago."""
    now = time.time() if now is None else now
    with engine.begin() as conn:
        return conn.execute(delete(_table).where(_table.c.window < now - older_than_seconds)).rowcount


def _sweep_now_and_then(engine: Engine, now: float) -> None:
    """Sweep the whole table at most every ten minutes per process (keys seen once are never swept otherwise)."""
    global _last_sweep
    if now - _last_sweep < SWEEP_EVERY_SECONDS or not _sweep_lock.acquire(blocking=False):
        return
    try:
        _last_sweep = now
        sweep(engine, now=now)
    finally:
        _sweep_lock.release()


class SharedCounter:
    """Counting in a ``limits`` storage (Redis): Flask-Limiter's storage, one increment per hit."""

    def __init__(self, uri: str):
        from limits import storage

        self.storage = storage.storage_from_string(uri)

    def hit(self, key: str, limit: Limit) -> Verdict:
        """One atomic increment (the fixed window of Flask-Limiter's strategy, with the count kept)."""
        from limits import RateLimitItemPerSecond

        item = RateLimitItemPerSecond(limit.count, limit.seconds)
        name = item.key_for(key)
        hits = self.storage.incr(name, item.get_expiry())
        if hits <= limit.count:  # the usual case: one round trip
            return Verdict(True, hits, limit.seconds)
        reset = self.storage.get_expiry(name)
        return Verdict(False, hits, max(1, int(reset - time.time())))


def _shared_counter(app, uri: str) -> SharedCounter:
    """The app's counter in the shared store, made once (by one thread: the storage's set-up is not thread-safe)."""
    counter = app.extensions.get("rate_counter")
    if counter is None:
        with _counter_lock:
            counter = app.extensions.get("rate_counter")
            if counter is None:
                counter = app.extensions["rate_counter"] = SharedCounter(uri)
    return counter


def count_hit(key: str, limit: Limit) -> Verdict:
    """Count a hit where the app is configured to (RATELIMIT_STORAGE_URI, else the database)."""
    from ..extensions import db

    app = current_app
    uri = app.config.get("RATELIMIT_STORAGE_URI")
    if not uri or uri == "database":
        return hit(db.engine, key, limit)
    try:
        return _shared_counter(app, uri).hit(key, limit)
    except Exception:  # the shared store is away: the database counts meanwhile
        logger.warning("rate-limit storage %s unavailable; counting in the database", uri, exc_info=True)
        return hit(db.engine, key, limit)
