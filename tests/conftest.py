"""Fixtures: one migrated database per backend per run, emptied after each test.

The suite runs on SQLite always and on PostgreSQL as well when
COORDINATOR_TEST_POSTGRES_URL is set (each run creates and drops its own
database there; an unreachable server is an error, not a skip).
"""
from __future__ import annotations

import os
import re
import tempfile
import uuid
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from flask.testing import FlaskClient
from sqlalchemy import text

os.environ["COORDINATOR_CONFIG"] = "testing"

from coordinator import create_app  # noqa: E402
from coordinator.accounts import passwords  # noqa: E402
from coordinator.extensions import db  # noqa: E402

from .factories import Factories  # noqa: E402

# Cheap hashing parameters keep the suite fast; production uses argon2's defaults.
passwords._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)

POSTGRES_URL = os.environ.get("COORDINATOR_TEST_POSTGRES_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])
KEEP_TABLES = {"agencies", "alembic_version"}
# The agencies as the migrations seed them: a test's added agencies are removed after it, changed ones restored.
_SEEDED_AGENCIES: dict[str, list[dict]] = {}


def _postgres_database():
    import psycopg

    base = POSTGRES_URL.rstrip("/")
    server = re.sub(r"/[^/]*$", "", base) if base.count("/") > 2 else base
    name = f"coordinator_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server + "/postgres", autocommit=True, connect_timeout=10) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return server, name


def _drop_postgres_database(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(server + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request):
    if request.param == "sqlite":
        folder = tempfile.mkdtemp(prefix="coordinator-test-")
        yield f"sqlite:///{Path(folder) / 'test.sqlite'}"
        return
    server, name = _postgres_database()
    yield "postgresql+psycopg://" + server.split("://", 1)[1] + "/" + name
    _drop_postgres_database(server, name)


@pytest.fixture(scope="session")
def app(database_url):
    """The application on a database made by the migrations, as production's is."""
    from flask_migrate import upgrade

    checkpoints = Path(tempfile.mkdtemp(prefix="coordinator-audit-")) / "audit-checkpoint.txt"
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SERVER_NAME": "localhost",
                      "AUDIT_CHECKPOINT_FILE": str(checkpoints)})
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            agencies = db.metadata.tables["agencies"]
            _SEEDED_AGENCIES[database_url] = [dict(row._mapping) for row in conn.execute(agencies.select())]
        db.engine.dispose()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _empty_tables() -> None:
    db.session.remove()
    from flask import current_app

    from coordinator.audit.checkpoint import checkpoint_path

    checkpoint_path(current_app).unlink(missing_ok=True)  # the log it vouched for is emptied below
    tables = [t for t in reversed(db.metadata.sorted_tables) if t.name not in KEEP_TABLES]
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t.name}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())
        _restore_agencies(conn, _SEEDED_AGENCIES.get(str(current_app.config["SQLALCHEMY_DATABASE_URI"]), []))


def _restore_agencies(conn, seeded: list[dict]) -> None:
    """The seeded agencies as they were; those a test added, gone."""
    if not seeded:
        return
    agencies = db.metadata.tables["agencies"]
    keep = [row["id"] for row in seeded]
    conn.execute(agencies.update().values(parent_id=None))
    conn.execute(agencies.delete().where(agencies.c.id.not_in(keep)))
    for row in seeded:
        conn.execute(agencies.update().where(agencies.c.id == row["id"]).values(**row))


@pytest.fixture()
def app_ctx(app):
    """An application context for the test; every table but the reference data is emptied after."""
    with app.app_context():
        yield app
        _empty_tables()


class IsolatedClient(FlaskClient):
    """A test client whose every request gets its own application context.

    Tests hold an application context for factories and assertions; without
    this, requests would share it (and its ``g`` and database session) with
    the test and with each other, which production never does.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture()
def client(app_ctx):
    app_ctx.test_client_class = IsolatedClient
    return app_ctx.test_client()


@pytest.fixture()
def runner(app_ctx):
    return app_ctx.test_cli_runner()


@pytest.fixture()
def make(app_ctx):
    """Factories for users, tokens, cases, subjects and operations."""
    return Factories(db.session)
