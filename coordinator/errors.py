"""Error pages and JSON errors, in the user's language.

A failure is answered without trusting the database: the session is
rolled back before anything is drawn (a failed flush leaves it unusable),
the language is settled before that (reading the user's setting may need
the database), and a page that cannot be drawn in full falls back to one
that needs no data. A database that went away mid-request (a lost
connection, a restart, a lock that could not be had) is a 503 with
``Retry-After``, JSON under /api: the client retries, nothing was saved.
"""
from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException, InternalServerError

RETRY_AFTER_SECONDS = 2
# SQLite names a programming error (a missing table, bad SQL) an OperationalError too: those are bugs, not outages.
SQLITE_BUGS = ("no such table", "no such column", "syntax error")


class ApiError(Exception):
    """An error the API answers with a JSON body and a 4xx status."""

    def __init__(self, status: int, code: str, message: str, fields: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.fields = status, code, message, fields or {}


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    """The contract's error shape: {"error": {"code", "message", "fields"}}."""
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def _messages() -> dict[int, str]:
    return {
        400: _("The request could not be understood."),
        401: _("Please sign in."),
        403: _("You are not allowed to do that."),
        404: _("Not found."),
        405: _("That method is not allowed here."),
        409: _("That conflicts with the current state."),
        413: _("The upload is too large."),
        415: _("Send JSON with Content-Type: application/json."),
        429: _("Too many requests; try again later."),
        500: _("Something went wrong on our side. Nothing was saved; please try again."),
        503: _("The service is briefly unavailable. Nothing was saved; please try again in a moment."),
    }


def _codes() -> dict[int, str]:
    return {
        400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
        405: "method_not_allowed", 409: "conflict", 413: "too_large",
        415: "unsupported_media_type", 429: "rate_limited", 500: "server_error", 503: "unavailable",
    }


def wants_json() -> bool:
    return request.path.startswith("/api/")


def register(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def api_error(err: ApiError):
        return jsonify(error_body(err.code, err.message, err.fields)), err.status

    @app.errorhandler(CSRFError)
    def csrf_error(err: CSRFError):
        message = _("The form has expired or was not sent from this site. Please try again.")
        if wants_json():
            return jsonify(error_body("csrf", message)), 400
        return render_template("errors/error.html", status=400, message=message), 400

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        if isinstance(err, InternalServerError) and err.original_exception is not None:
            return failure_response(err.original_exception)  # a failure outside the view (its commit)
        status = err.code or 500
        message = _messages().get(status, err.description or "")
        if wants_json():
            return jsonify(error_body(_codes().get(status, "error"), message)), status
        return render_template("errors/error.html", status=status, message=message), status

    @app.errorhandler(Exception)
    def server_error(err: Exception):
        return failure_response(err)


def database_unavailable(err: BaseException) -> bool:
    """Whether a failure is the database being away or busy (retry later), not a bug."""
    if isinstance(err, sa_exc.DBAPIError) and err.connection_invalidated:
        return True
    if isinstance(err, sa_exc.TimeoutError):  # no connection free in the pool
        return True
    if isinstance(err, (sa_exc.OperationalError, sa_exc.InterfaceError)):
        return not any(marker in str(err.orig) for marker in SQLITE_BUGS)
    return False


def _settled_locale() -> str:
    """The language of the answer, settled before the session is rolled back (or from the browser)."""
    try:
        return str(get_locale())
    except Exception:  # the user's setting could not be read: the browser's language will do
        languages = current_app.config["LANGUAGES"]
        return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def roll_back_quietly() -> None:
    """Roll the session back; if even that fails (the connection is gone), drop it for a fresh one."""
    from .extensions import db

    try:
        db.session.rollback()
    except Exception:
        current_app.logger.exception("rolling back after a failure failed")
        db.session.remove()


def failure_response(err: BaseException):
    """The answer to an unexpected failure: 503 (retry) when the database is away, else 500."""
    locale = _settled_locale()
    roll_back_quietly()
    status = 503 if database_unavailable(err) else 500
    if status == 503:
        current_app.logger.warning("database unavailable: %s", err)
    else:
        current_app.logger.error("unhandled error", exc_info=err)
    with force_locale(locale):
        message = _messages()[status]
        if wants_json():
            response = current_app.make_response((jsonify(error_body(_codes()[status], message)), status))
        else:
            response = current_app.make_response((_error_page(status, message, locale), status))
    if status == 503:
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _error_page(status: int, message: str, locale: str) -> str:
    """The error page; without the user's data when the full page cannot be drawn."""
    if status != 503:
        try:
            return render_template("errors/error.html", status=status, message=message)
        except Exception:
            current_app.logger.exception("the error page could not be drawn")
            roll_back_quietly()
    return render_template("errors/plain.html", status=status, message=message, lang=locale)
