"""Each request by a signed-in user (or an API token) is one audit entry.

The table below names the acts users recognise (a case viewed, a search,
an export, an alert acknowledged); any other endpoint is still recorded, as
``page.<endpoint>`` (GET) or ``request.<endpoint>`` (other methods) with the
object its URL names, so a new route is audited the day it is added. The
request boundary calls :func:`note_request` just before it commits (or,
for a refused request, after it rolled back).
"""
from __future__ import annotations

import hashlib
import hmac
import unicodedata

from flask import Flask, Response, current_app, g, has_app_context, has_request_context, request

from .recorder import Actor, record

# endpoint -> (action, object type, URL parameter naming the object)
ACTIONS: dict[str, tuple[str, str | None, str | None]] = {
    "cases.show": ("case.view", "case", "case_id"),
    "api.get_case": ("case.view", "case", "case_id"),
    "cases.index": ("case.search", None, None),
    "api.list_cases": ("case.search", None, None),
    "subjects.show": ("subject.view", "subject", "subject_id"),
    "api.get_subject": ("subject.view", "subject", "subject_id"),
    "api.list_subjects": ("case.subjects", "case", "case_id"),
    "operations.show": ("operation.view", "operation", "operation_id"),
    "api.get_operation": ("operation.view", "operation", "operation_id"),
    "operations.index": ("operation.search", None, None),
    "api.list_operations": ("operation.search", None, None),
    "network.case_network": ("case.network", "case", "case_id"),
    "network.report": ("network.report", None, None),
    "api.list_conflicts": ("alert.list", None, None),
    "api.get_conflict": ("alert.view", "alert", "alert_id"),
    "api.acknowledge_conflict": ("alert.acknowledge", "alert", "alert_id"),
    "api.resolve_conflict": ("alert.resolve", "alert", "alert_id"),
    "api.reopen_conflict": ("alert.reopen", "alert", "alert_id"),
    "review.alerts": ("alert.list", None, None),
    "review.alert": ("alert.view", "alert", "alert_id"),
    "review.acknowledge_alert": ("alert.acknowledge", "alert", "alert_id"),
    "review.resolve_alert": ("alert.resolve", "alert", "alert_id"),
    "review.reopen_alert": ("alert.reopen", "alert", "alert_id"),
    "review.matches": ("match.list", None, None),
    "review.judge_match": ("match.judge", "link", "link_id"),
    "api.list_matches": ("match.list", None, None),
    "api.get_match": ("match.view", "link", "link_id"),
    "api.judge_match": ("match.judge", "link", "link_id"),
    "monitoring.download": ("monitoring.export", None, None),
    "monitoring.measures_csv": ("monitoring.export", None, None),
    "api.report_outcomes": ("report.outcomes", None, None),
    "api.report_compliance": ("report.compliance", None, None),
    "api.import_case_subjects": ("subject.import", "case", "case_id"),
    "audit.search": ("audit.search", None, None),
    "audit.export": ("audit.export", None, None),
    "api.audit_events": ("audit.search", None, None),
    "retention.due": ("retention.due_list", None, None),
    "api.retention_due": ("retention.due_list", None, None),
    "sharing.case": ("case.disseminations", "case", "case_id"),
    "api.case_shares": ("case.disseminations", "case", "case_id"),
    "api.search_records": ("search", None, None),
    "search.index": ("search", None, None),
    "search.log": ("search.log", None, None),
}
# Endpoints that write their own entries (log-in, log-out) or are not worth one.
SILENT = frozenset({"static", "api.health", "api.openapi", "accounts.login", "accounts.logout",
                    "audit.verify_chain"})
# Query parameters never written to the trail.
SECRET_ARGS = frozenset({"password", "token", "otp", "csrf_token"})
# Free-text searches (a subject's name, a plate): the trail's readers — monitors and administrators —
# must not read them, yet a term searched again and again must still show. They are written as a
# keyed digest: the same term, the same digest; only the server's key turns a term into its digest
# (`flask audit term-digest TERM`), never a digest back into a term.
SEARCH_TERM_ARGS = frozenset({"q"})


def term_digest(term: str, key: str | bytes | None = None) -> str:
    """The keyed digest a search term is written to the trail as (case, accents' form and spacing ignored)."""
    key = key if key is not None else current_app.config["SECRET_KEY"]
    key = key.encode() if isinstance(key, str) else key
    normal = " ".join(unicodedata.normalize("NFKC", term).casefold().split())
    mac = hmac.new(key, b"audit-search-term\0" + normal.encode("utf-8", "replace"), hashlib.sha256)
    return "digest:" + mac.hexdigest()[:24]


def outcome_of(status: int) -> str:
    """How a request ended, in the trail's words."""
    if status < 400:
        return "success"
    if status in (401, 403, 404):
        return "denied"
    if status < 500:
        return "invalid"
    return "error"


def set_actor(user) -> None:
    """Name the request's actor (web session or API token) once the user is known."""
    g.audit_actor = Actor.of(user)


def request_context() -> tuple[Actor | None, str | None]:
    """Who acts in this request, and from which address (for the recorder).

    Outside a request, a job worker names the user whose job it does the same way (no address).
    """
    if not has_request_context():
        return (g.get("audit_actor") if has_app_context() else None), None
    return g.get("audit_actor"), request.remote_addr


def _query(args) -> dict:
    return {k: term_digest(v) if k in SEARCH_TERM_ARGS and v.strip() else v[:200]
            for k, v in args.items() if k not in SECRET_ARGS}


def note_request(response: Response) -> None:
    """Queue the request's own entry, if a known user made it and the endpoint is audited."""
    from ..extensions import db

    actor = g.get("audit_actor")
    endpoint = request.endpoint
    if actor is None or endpoint in SILENT:
        return
    view_args = request.view_args or {}
    if endpoint is None:  # no route: a mistyped link, or a probe
        action, object_type, object_id = "request.no_route", None, None
    elif endpoint in ACTIONS:
        action, object_type, arg = ACTIONS[endpoint]
        object_id = view_args.get(arg) if arg else None
    else:
        action = ("page." if request.method == "GET" else "request.") + endpoint
        arg = next((name for name in view_args if name.endswith("_id")), None)
        object_type, object_id = (arg[:-3], view_args[arg]) if arg else (None, None)
    details = {"method": request.method, "path": request.path[:300], "status": response.status_code}
    query = _query(request.args)
    if query:
        details["query"] = query
    outcome = outcome_of(response.status_code)
    record(db.session, action, object_type=object_type, object_id=object_id, outcome=outcome,
           details=details, actor=actor, durable=outcome != "success")


def register(app: Flask) -> None:
    """Let the recorder know each request's actor and address."""
    from . import recorder

    recorder.context_provider = request_context
