"""The request boundary: handlers only flush, the request commits once.

A response below 400 commits the session; anything else (a validation error,
a refused transition, an exception) rolls it back, so no request leaves a
half-written record.
"""
from __future__ import annotations

from flask import Flask, Response

from .extensions import db


def register(app: Flask) -> None:
    @app.after_request
    def commit_or_roll_back(response: Response) -> Response:
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response

    @app.teardown_request
    def roll_back_on_error(exc: BaseException | None) -> None:
        if exc is not None:
            db.session.rollback()
