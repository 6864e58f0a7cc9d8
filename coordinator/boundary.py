"""The request boundary: handlers only flush, the request commits once.

A response below 400 commits the session; anything else (a validation error,
a refused transition, an exception) rolls it back, so no request leaves a
half-written record.

The audit trail rides on the same commit: the request's own entry is queued
just before it, and the session's ``before_commit`` listener chains every
queued entry in (see ``coordinator.audit``). A refused request still leaves
its trace: after the rollback, its entry (and any durable one, such as a
failed log-in) is committed alone.
"""
from __future__ import annotations

from flask import Flask, Response, current_app

from .audit.requests import note_request
from .extensions import db


def register(app: Flask) -> None:
    @app.after_request
    def commit_or_roll_back(response: Response) -> Response:
        if response.status_code < 400:
            note_request(response)
            db.session.commit()
            return response
        db.session.rollback()
        try:
            note_request(response)
            db.session.commit()
        except Exception:  # the refusal stands even if its trace could not be written
            current_app.logger.exception("could not write the audit entry of a refused request")
            db.session.rollback()
        return response

    @app.teardown_request
    def roll_back_on_error(exc: BaseException | None) -> None:
        if exc is not None:
            db.session.rollback()
