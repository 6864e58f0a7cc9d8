"""Error pages and JSON errors, in the user's language."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


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
    }


def _codes() -> dict[int, str]:
    return {
        400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
        405: "method_not_allowed", 409: "conflict", 413: "too_large",
        415: "unsupported_media_type", 429: "rate_limited", 500: "server_error",
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
        status = err.code or 500
        message = _messages().get(status, err.description or "")
        if wants_json():
            return jsonify(error_body(_codes().get(status, "error"), message)), status
        return render_template("errors/error.html", status=status, message=message), status

    @app.errorhandler(Exception)
    def server_error(err: Exception):
        app.logger.exception("unhandled error")
        status = 500
        message = _messages()[status]
        if wants_json():
            return jsonify(error_body("server_error", message)), status
        return render_template("errors/error.html", status=status, message=message), status

