"""The request boundary: handlers only flush, the request commits once.

A response below 400 commits the session; anything else (a validation error,
a refused transition, an exception) rolls it back, so no request leaves a
half-written record.

The audit trail rides on the same commit: the request's own entry is queued
just before it, and the session's ``before_commit`` listener inserts every
queued entry (see ``coordinator.audit``). A refused or failed request still
leaves its trace: after the rollback, its entry (and any durable one, such
as a failed log-in) is committed alone. A commit that fails turns the
answer into the failure's (a 503 when the database went away), and when not
even the trace can be written, the entry goes to the application's log.

Work that must wait until the change is kept (a message to a peer
instance about a record that a rollback would take back) is handed to
``after_commit``: it runs once the commit succeeded, and is dropped with a
rollback.
"""
from __future__ import annotations

from typing import Callable

from flask import Flask, Response, current_app, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.orm import Session

from .audit.requests import note_request
from .errors import failure_response, roll_back_quietly
from .extensions import db
from .security.headers import add_headers


def _log_lost_entry(response: Response) -> None:
    actor = g.get("audit_actor")
    current_app.logger.error(
        "audit entry not written: user=%s agency=%s %s %s -> %d from %s",
        actor.email if actor else None, actor.agency if actor else None, request.method, request.path[:300],
        response.status_code, request.remote_addr)


def _record_refusal(response: Response) -> None:
    """Undo the request's work, then commit its entry (and the durable ones) on their own."""
    roll_back_quietly()
    try:
        note_request(response)
        db.session.commit()
    except Exception:  # the refusal stands even if its trace could not be written
        current_app.logger.exception("could not write the audit entry of a refused request")
        roll_back_quietly()
        _log_lost_entry(response)


HELD = "request_loaded"
_holding = False


def _hold_loaded(session: Session, instance: object) -> None:
    """Keep a row loaded during a request in the session's identity map until the request's transaction ends.

    The identity map holds rows weakly: a case, a user or an agency read
    for one step (the notice of a new alert) and no longer referenced was
    read again by the next (the answer's point of contact), a query each
    time. A request reads a few dozen rows; a command-line process, which
    may read millions in one transaction, keeps the weak map.
    """
    if has_request_context():
        session.info.setdefault(HELD, []).append(instance)


def _let_go(session: Session, *_args) -> None:
    session.info.pop(HELD, None)


PENDING, READY, RUNNING = "after_commit_pending", "after_commit_ready", "after_commit_running"


def after_commit(session: Session, work: Callable[[Session], None]) -> None:
    """Run ``work(session)`` once the session's transaction is committed; forget it if it rolls back."""
    session.info.setdefault(PENDING, []).append(work)


def _committed(session: Session) -> None:
    pending = session.info.pop(PENDING, [])
    if session.info.get(RUNNING):  # work done after a commit asked for more: it runs in the same round
        session.info.setdefault(READY, []).extend(pending)
    else:  # a process that never runs the work (its outbox keeps it) holds only the last commit's
        session.info[READY] = pending


def _rolled_back(session: Session, *_args) -> None:
    session.info.pop(PENDING, None)


def run_after_commit(session: Session) -> None:
    """Do the work the last commit let go, each piece committed on its own; a failure is logged, not raised."""
    session.info[RUNNING] = True
    try:
        while session.info.get(READY):
            work = session.info[READY].pop(0)
            try:
                work(session)
                session.commit()
            except Exception:  # the change it followed is kept; what failed waits in its outbox
                current_app.logger.exception("work after a commit failed")
                roll_back_quietly()
    finally:
        session.info.pop(RUNNING, None)
        session.info.pop(READY, None)


def hold_rows_for_the_request(session_class: type[Session]) -> None:
    """Listen on the app's session class (once per process)."""
    global _holding
    if _holding:
        return
    event.listen(session_class, "loaded_as_persistent", _hold_loaded)
    event.listen(session_class, "after_commit", _let_go)
    event.listen(session_class, "after_rollback", _let_go)
    event.listen(session_class, "after_commit", _committed)
    event.listen(session_class, "after_rollback", _rolled_back)
    _holding = True


def register(app: Flask) -> None:
    hold_rows_for_the_request(db.session.session_factory.class_)

    @app.after_request
    def commit_or_roll_back(response: Response) -> Response:
        if response.status_code < 400:
            try:
                note_request(response)
                db.session.commit()
                run_after_commit(db.session)
                return response
            except Exception as err:  # the work is not saved: answer as the failure it is
                response = add_headers(failure_response(err), bool(app.config.get("SECURITY_HSTS")))
        _record_refusal(response)
        return response

    @app.teardown_request
    def roll_back_on_error(exc: BaseException | None) -> None:
        if exc is not None:
            roll_back_quietly()
