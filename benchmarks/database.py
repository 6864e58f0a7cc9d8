"""A fresh database for a benchmark: a temporary SQLite file, or a PostgreSQL database made and dropped.

The schema comes from the migrations, as in production.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
import uuid
from pathlib import Path

os.environ.setdefault("COORDINATOR_CONFIG", "testing")


def _postgres(url: str):
    import psycopg

    server = url.rstrip("/")
    if server.count("/") > 2:
        server = server.rsplit("/", 1)[0]
    name = f"coordinator_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server + "/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return server, name


def _is_postgres(url: str | None) -> bool:
    return bool(url) and url.startswith(("postgres://", "postgresql"))


@contextlib.contextmanager
def benchmark_app(database_url: str | None = None, keep: str | None = None, keep_postgres: bool = False):
    """Yield an app (inside its context) on a migrated, empty database; drop it afterwards.

    With ``keep_postgres`` a PostgreSQL database outlives the run (its name is
    printed) so a later run can measure it again with ``reuse_app``.
    """
    from flask_migrate import upgrade

    from coordinator import create_app
    from coordinator.extensions import db

    dropped = None
    if _is_postgres(database_url):
        server, name = _postgres(database_url)
        url = "postgresql+psycopg://" + server.split("://", 1)[1] + "/" + name
        if keep_postgres:
            print(f"  PostgreSQL database kept: {server}/{name}")
        else:
            dropped = (server, name)
    else:
        folder = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="coordinator-bench-"))
        url = f"sqlite:///{folder / 'bench.sqlite'}"
        if keep:
            print(f"  SQLite database kept in {folder}")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    try:
        with app.app_context():
            upgrade()
            yield app
            db.session.remove()
            db.engine.dispose()
    finally:
        if dropped:
            import psycopg

            with psycopg.connect(dropped[0] + "/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{dropped[1]}" WITH (FORCE)')


@contextlib.contextmanager
def reuse_app(kept: str):
    """Yield an app on a database a previous run kept: a SQLite folder or a PostgreSQL URL with its name."""
    from coordinator import create_app
    from coordinator.extensions import db

    if _is_postgres(kept):
        url = "postgresql+psycopg://" + kept.split("://", 1)[1]
    else:
        url = f"sqlite:///{Path(kept) / 'bench.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def engine_name(app) -> str:
    """"SQLite" or "PostgreSQL", for the printed figures."""
    return "PostgreSQL" if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql") else "SQLite"
