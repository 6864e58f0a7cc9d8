"""Settings for each way Coordinator runs; values come from the environment.

``COORDINATOR_CONFIG`` picks the class: ``development`` (the default),
``testing`` or ``production``.
"""
from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def database_url(url: str) -> str:
    """Use the psycopg 3 driver for PostgreSQL URLs given without a driver."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Config:
    """What every environment shares."""

    SECRET_KEY: str | None = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = database_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'coordinator.sqlite'}")
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    LANGUAGES = ("en", "es")
    WTF_CSRF_TIME_LIMIT = None  # the session's own lifetime bounds the token
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    PERMANENT_SESSION_LIFETIME = 30 * 60
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 16 * 1024 * 1024))
    API_PER_PAGE_MAX = 500
    PER_PAGE = 25
    API_TOKEN_DAYS = int(os.environ.get("API_TOKEN_DAYS", 90))
    DEFAULT_NOTICE_HOURS = 24


class DevelopmentConfig(Config):
    """The embedded default: SQLite under instance/, a fixed local key."""

    DEBUG = False
    SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-not-secret")


class TestingConfig(Config):
    """For the test suite: the database URL is given by the fixture."""

    TESTING = True
    SECRET_KEY = "testing-only-not-secret"
    WTF_CSRF_ENABLED = True


class ProductionConfig(Config):
    """PostgreSQL behind a WSGI server; refuses to start without a secret key."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
