"""Settings for each way Coordinator runs; values come from the environment.

``COORDINATOR_CONFIG`` picks the class: ``development`` (the default),
``testing`` or ``production``.
"""
from __future__ import annotations

import os
import secrets
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
    # Where an instance without SECRET_KEY keeps the random key it made on its first run (never in production).
    SECRET_KEY_FILE = os.environ.get("SECRET_KEY_FILE", str(INSTANCE_DIR / "secret_key"))
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
    # CJIS: a session ends after 30 minutes without activity (security/sessions.py checks it on the server).
    PERMANENT_SESSION_LIFETIME = int(os.environ.get("SESSION_IDLE_MINUTES", 30)) * 60
    # A session is ended when its cookie comes from another address or browser than the one that signed in.
    SESSION_BIND = os.environ.get("SESSION_BIND", "1") == "1"
    # Expired sessions are deleted on average once every this many requests.
    SESSION_CLEANUP_N_REQUESTS = 500
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 16 * 1024 * 1024))
    API_PER_PAGE_MAX = 500
    PER_PAGE = 25
    API_TOKEN_DAYS = int(os.environ.get("API_TOKEN_DAYS", 90))
    API_TOKEN_MAX_DAYS = int(os.environ.get("API_TOKEN_MAX_DAYS", 365))
    # Security and governance (README: "Security and governance").
    # A second factor (TOTP) for every account; only development (and the test suite) may leave it optional.
    REQUIRE_SECOND_FACTOR = True
    SECURITY_HSTS = False
    # name -> (requests, seconds), counted per address or per token.
    RATE_LIMITS = {"login": (20, 300), "api": (600, 60), "api_auth_failure": (30, 60)}
    # Where they are counted: redis://127.0.0.1:6379 (no database write per request), else the database.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI") or "database"
    # Reverse proxies in front of the app whose X-Forwarded-For is trusted (for per-address limits).
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", 0))
    # 28 CFR 23.20(h): criminal intelligence is reviewed (validated or purged) at most five years on.
    RETENTION_YEARS = 5
    DEFAULT_NOTICE_HOURS = 24
    # Two operations conflict when their areas come within this many metres of each other and their windows
    # within this many minutes (README: "Event deconfliction"): teams arrive early, overrun and move.
    EVENT_DISTANCE_MARGIN_M = int(os.environ.get("EVENT_DISTANCE_MARGIN_M", 500))
    EVENT_TIME_MARGIN_MINUTES = int(os.environ.get("EVENT_TIME_MARGIN_MINUTES", 120))
    # Operations registered and cancelled within PROBE_WINDOW_HOURS, each of which met another team's
    # operation: this many in that window is a burst told to the agency's supervisors and the watch centre.
    PROBE_BURST_COUNT = int(os.environ.get("PROBE_BURST_COUNT", 3))
    PROBE_WINDOW_HOURS = int(os.environ.get("PROBE_WINDOW_HOURS", 24))
    # Agencies whose clearance a cross-border operation needs (the owner never clears its own).
    CROSS_BORDER_CLEARANCE_AGENCIES = ("ICE", "CBP", "FGR")
    # Email: the outbox is sent through this SMTP server; without SMTP_HOST it is only kept.
    SMTP_HOST = os.environ.get("SMTP_HOST") or None
    SMTP_PORT = int(os.environ.get("SMTP_PORT", 25))
    SMTP_USER = os.environ.get("SMTP_USER") or None
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD") or None
    SMTP_FROM = os.environ.get("SMTP_FROM", "coordinator@localhost")
    SMTP_TLS = os.environ.get("SMTP_TLS", "none")  # none | starttls | ssl
    SMTP_TIMEOUT = int(os.environ.get("SMTP_TIMEOUT", 20))
    # Links in emails point here.
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")
    # Show the outbox in a page (development) instead of only sending it.
    OUTBOX_PAGE = False
    # The audit log's key (64 hex characters); without it one is generated into instance/audit.key.
    AUDIT_KEY = os.environ.get("AUDIT_KEY") or None
    # Where each seal's signed checkpoint is exported (default instance/audit-checkpoint.txt).
    AUDIT_CHECKPOINT_FILE = os.environ.get("AUDIT_CHECKPOINT_FILE") or None
    # Administrators are alarmed when an entry waits longer than this for a seal.
    AUDIT_SEAL_ALARM_MINUTES = int(os.environ.get("AUDIT_SEAL_ALARM_MINUTES", 10))
    # Administrators and the watch centre are alarmed when a network look waits longer than this for a worker.
    NETWORK_LOOK_ALARM_MINUTES = int(os.environ.get("NETWORK_LOOK_ALARM_MINUTES", 5))
    # Imports (README: "Imports that stall nobody"). An API import of more lines than this is a job, done by
    # `flask --app coordinator jobs work`; a smaller one is answered in its request.
    IMPORT_SYNC_MAX_ROWS = int(os.environ.get("IMPORT_SYNC_MAX_ROWS", 500))
    # A job's slice holds the write lock about this long (rows adapt to it); on SQLite the worker then
    # pauses, longer than SQLite's longest wait between two tries of a waiting writer (100 ms).
    IMPORT_SLICE_ROWS = 200
    IMPORT_SLICE_SECONDS = float(os.environ.get("IMPORT_SLICE_SECONDS", 0.25))
    IMPORT_SLICE_PAUSE_SECONDS = 0.12
    # A worker's claim on a job; renewed by each slice, so a killed worker's job is taken up this long after.
    JOB_LEASE_SECONDS = int(os.environ.get("JOB_LEASE_SECONDS", 60))
    # The watch centre (README: "Watch centre and escalation"). A critical alert a side has not
    # acknowledged within this many minutes escalates once: its supervisors, the watch centre, and
    # a text message (or a call) to its point of contact.
    WATCH_ACK_MINUTES = int(os.environ.get("WATCH_ACK_MINUTES", 15))
    # Deconfliction inquiries ("check before you act") an agent may make in 24 hours.
    INQUIRY_DAILY_LIMIT = int(os.environ.get("INQUIRY_DAILY_LIMIT", 20))
    # How often the watch board asks for changes (seconds).
    WATCH_POLL_SECONDS = int(os.environ.get("WATCH_POLL_SECONDS", 10))
    # The SMS/voice gateway's webhook; without PHONE_GATEWAY_URL the phone outbox is only kept.
    PHONE_GATEWAY_URL = os.environ.get("PHONE_GATEWAY_URL") or None
    PHONE_GATEWAY_TOKEN = os.environ.get("PHONE_GATEWAY_TOKEN") or None
    PHONE_GATEWAY_TIMEOUT = int(os.environ.get("PHONE_GATEWAY_TIMEOUT", 10))
    PHONE_CHANNEL = os.environ.get("PHONE_CHANNEL", "sms")  # sms | voice
    # Federation (README: "Federation"). This instance's name among its peers (lower case, digits and
    # hyphens), the federation's shared secret for the hashed keys and name encodings (the same on every
    # peer), and this instance's Ed25519 signing key (base64url seed); without FEDERATION_KEY one is
    # generated on first run into FEDERATION_KEY_FILE (default instance/federation.key).
    FEDERATION_NAME = os.environ.get("FEDERATION_NAME") or None
    FEDERATION_SECRET = os.environ.get("FEDERATION_SECRET") or None
    FEDERATION_KEY = os.environ.get("FEDERATION_KEY") or None
    FEDERATION_KEY_FILE = os.environ.get("FEDERATION_KEY_FILE") or None
    # A peer message created further than this from our clock is refused as late (seconds).
    FEDERATION_MAX_SKEW = int(os.environ.get("FEDERATION_MAX_SKEW", 120))
    # How long a registration waits for a peer's answer before saying it was not checked (seconds).
    FEDERATION_TIMEOUT = float(os.environ.get("FEDERATION_TIMEOUT", 3))
    # Map tiles (README: "The map"). Empty: the offline basemap shipped in static/ only.
    MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    MAP_TILE_ATTRIBUTION = os.environ.get(
        "MAP_TILE_ATTRIBUTION",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors')
    MAP_TILE_MAX_ZOOM = int(os.environ.get("MAP_TILE_MAX_ZOOM", 19))


class DevelopmentConfig(Config):
    """The embedded default: SQLite under instance/, a random key made on the first run and kept there."""

    DEBUG = False
    REQUIRE_SECOND_FACTOR = os.environ.get("REQUIRE_SECOND_FACTOR", "0") == "1"
    OUTBOX_PAGE = True


class TestingConfig(Config):
    """For the test suite: the database URL is given by the fixture."""

    TESTING = True
    SECRET_KEY = secrets.token_hex(32)  # a new one per run: no constant ever signs a session
    AUDIT_KEY = "7e57" * 16
    # No sweep of expired sessions at random moments: a test counting queries must count the same each run.
    SESSION_CLEANUP_N_REQUESTS = None
    # The suite turns these on where it tests them.
    REQUIRE_SECOND_FACTOR = False
    RATE_LIMITS = {"login": (10_000, 300), "api": (100_000, 60), "api_auth_failure": (10_000, 60)}
    WTF_CSRF_ENABLED = True


class ProductionConfig(Config):
    """PostgreSQL behind a WSGI server; refuses to start without a secret key."""

    SESSION_COOKIE_SECURE = True
    SECURITY_HSTS = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
