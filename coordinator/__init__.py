"""Coordinator: interagency case coordination and deconfliction."""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def files_root() -> Path:
    """Where the templates, static files, migrations and instance folder lie.

    The checkout by default; ``COORDINATOR_ROOT`` where the package is
    installed from a wheel and those folders are laid elsewhere (the image).
    """
    return Path(os.environ.get("COORDINATOR_ROOT") or ROOT)


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: settings, extensions, blueprints, errors, commands."""
    root = files_root()
    app = Flask(
        __name__,
        template_folder=str(root / "templates"),
        static_folder=str(root / "static"),
        instance_path=str(root / "instance"),
    )
    configure(app, test_config)
    register_extensions(app)
    register_notifiers(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_request_boundary(app)
    register_security(app)
    return app


def configure(app: Flask, test_config: dict | None) -> None:
    """Load the settings class named by COORDINATOR_CONFIG, then any overrides."""
    from config import CONFIGS

    name = os.environ.get("COORDINATOR_CONFIG", "development")
    if name not in CONFIGS:
        raise RuntimeError(f"COORDINATOR_CONFIG must be one of {', '.join(CONFIGS)}, not {name!r}")
    app.config.from_object(CONFIGS[name])
    app.config["CONFIG_NAME"] = name
    if test_config:
        app.config.update(test_config)
    if not app.config.get("SECRET_KEY"):
        if name == "production":
            raise RuntimeError("SECRET_KEY must be set in the environment in production")
        from .security.secret_key import instance_secret_key

        app.config["SECRET_KEY"] = instance_secret_key(Path(app.config["SECRET_KEY_FILE"]))
    os.makedirs(app.instance_path, exist_ok=True)


def register_extensions(app: Flask) -> None:
    """Bind the extension objects to this app."""
    from .extensions import babel, csrf, db, login_manager, migrate
    from .i18n import select_locale, select_timezone

    db.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine)
    migrate.init_app(app, db, directory=str(files_root() / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=select_timezone,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
    login_manager.init_app(app)
    from .accounts import session  # noqa: F401  (registers the user loader)
    from . import models  # noqa: F401  (every model known to the metadata)
    from .audit.recorder import install

    install(db.session.session_factory.class_)  # the audit trail rides on every commit
    from .conflicts.ordering import install as install_ordering

    install_ordering(db.session.session_factory.class_)  # alert sides carry what the alert list is ordered by
    # Relationships are resolved now, not by the first request each process serves (a third of a second).
    from sqlalchemy.orm import configure_mappers

    configure_mappers()


def configure_sqlite(engine) -> None:
    """SQLite as a shared database: write-ahead log, waiting for locks, enforced foreign keys."""
    if engine.dialect.name != "sqlite":
        return
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA cache_size=-65536")
        cursor.execute("PRAGMA wal_autocheckpoint=16384")
        cursor.close()


def register_notifiers(app: Flask) -> None:
    """Connect the notifiers to what the alert services announce (conflicts/signals.py).

    The announcements are process-wide signals; connecting is idempotent, so
    several apps in one process (the test suite) share one set of receivers.
    """
    from .review.notify import subscribe as subscribe_people
    from .watch.notify import subscribe as subscribe_watch
    from .federation.sync import subscribe as subscribe_federation

    subscribe_people()
    subscribe_watch()
    subscribe_federation()


def register_blueprints(app: Flask) -> None:
    """One blueprint per area (ids in their URLs bounded, JSON bodies read safely)."""
    from .jsonbody import install

    install(app)
    from .accounts.views import bp as accounts_bp
    from .api import bp as api_bp
    from .cases.views import bp as cases_bp
    from .main.views import bp as main_bp
    from .monitoring.views import bp as monitoring_bp
    from .network.views import bp as network_bp
    from .notifications.views import bp as notifications_bp
    from .operations.views import bp as operations_bp
    from .outcomes.views import bp as outcomes_bp
    from .review.views import bp as review_bp
    from .subjects.views import bp as subjects_bp
    from .watch.views import bp as watch_bp

    for bp in (main_bp, accounts_bp, cases_bp, subjects_bp, operations_bp, network_bp, review_bp,
               notifications_bp, api_bp):
        app.register_blueprint(bp)
    from .search.views import bp as search_bp

    for bp in (outcomes_bp, monitoring_bp, watch_bp, search_bp):
        app.register_blueprint(bp)
    register_governance_blueprints(app)


def register_governance_blueprints(app: Flask) -> None:
    """The audit trail, account security, dissemination, retention and federation pages."""
    from .audit.views import bp as audit_bp
    from .federation.api import bp as federation_api_bp
    from .federation.views import bp as federation_bp
    from .retention.views import bp as retention_bp
    from .security.views import bp as security_bp
    from .sharing.views import bp as sharing_bp

    for bp in (audit_bp, security_bp, sharing_bp, retention_bp, federation_bp, federation_api_bp):
        app.register_blueprint(bp)


def register_errorhandlers(app: Flask) -> None:
    """Error pages in the user's language, or JSON errors under /api."""
    from .errors import register

    register(app)


def register_commands(app: Flask) -> None:
    """The `flask --app coordinator ...` commands."""
    from .cli import register

    register(app)


def register_request_boundary(app: Flask) -> None:
    """Commit once per request, only when it succeeded."""
    from .boundary import register

    register(app)


def register_security(app: Flask) -> None:
    """Server-side sessions, security headers, the guards before each request, and who acts in it (for the audit trail)."""
    from .audit.requests import register as register_audit
    from .security.headers import register as register_headers
    from .security.sessions import register as register_guards
    from .security.store import register as register_session_store

    if app.config.get("TRUSTED_PROXIES"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    register_session_store(app)
    register_audit(app)
    register_headers(app)
    register_guards(app)
