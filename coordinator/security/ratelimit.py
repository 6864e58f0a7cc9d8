"""Rate limits counted in the database, shared by every app process.

Fixed windows: a key (``login:ip:203.0.113.9``, ``api:token:<digest>``)
has one counter row per window, incremented with one upsert. The increment
runs on its own connection and commits at once, so it counts even when the
request it guards is refused and rolled back (a wrong password, a bad
token): those are the requests a limit is for. Old windows are swept as
new ones start.

Why not Flask-Limiter: its default storage is the process's memory, which
each of many app processes would keep apart; the database is already
shared, so a counter row there needs no new service.
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.engine import Engine

from .models import RateLimitHit

_table = RateLimitHit.__table__


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
    """Count one hit of ``key`` in the current window; refuse it past the limit."""
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
    retry_after = max(1, int(window + limit.seconds - now))
    return Verdict(hits <= limit.count, hits, retry_after)


def sweep(engine: Engine, older_than_seconds: int = 86_400, now: float | None = None) -> int:
    """Remove every window that ended long ago (for a periodic job)."""
    now = time.time() if now is None else now
    with engine.begin() as conn:
        return conn.execute(delete(_table).where(_table.c.window < now - older_than_seconds)).rowcount
