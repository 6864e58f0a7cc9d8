"""Changes become audit entries centrally, from the ORM, not by editing every service.

Every table is audited unless it is listed below as the machinery's own
(indexes, receipts, notifications, rate limits, the trail itself), so a
table added tomorrow is audited by default. What is kept is the act and its
object — which fields changed, never their values — except for the fields
that are permissions (a user's role, agency, active flag), whose old and
new values are the point.

Bulk statements (``insert(SubjectRecord)`` with many rows, as the import
does) are caught too, as one entry each with the number of rows.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import ORMExecuteState, Session

from .recorder import record

# Written by the engine or the trail's own machinery, never a person's act worth a line each.
NOT_AUDITED = frozenset({
    "audit_events", "audit_chain_head", "audit_batches", "rate_limit_hits", "alembic_version",
    "subject_keys", "operation_cells", "deconfliction_checks", "conflict_alerts", "alert_events",
    "notifications", "outbox_messages", "phone_messages", "operation_events", "browser_sessions",
    "jobs",  # a job's progress; its request and its end are entries of their own
    # The search index, and the log of searches and inquiries (each is audited as the act itself).
    "search_entries", "lookups",
})
# Rows the engine inserts (links it found, alert sides it raised): their later changes are people's.
AUDIT_CHANGES_ONLY = frozenset({"subject_links", "alert_sides"})
# Columns whose change is bookkeeping (or audited explicitly by the act that makes it).
IGNORED_COLUMNS: dict[str, frozenset[str]] = {
    "*": frozenset({"updated_at"}),
    "users": frozenset({"failed_logins", "locked_until", "last_login_at", "password_hash", "otp_last_step",
                        "last_login_address", "session_generation"}),
    "api_tokens": frozenset({"last_used_at"}),
    "alert_sides": frozenset({"reasons", "severity_rank", "raised_at"}),  # the last two: the alert's, copied
    "subject_links": frozenset({"score", "level"}),
}
# Columns whose values are kept: changing them changes what someone may do.
PERMISSION_COLUMNS: dict[str, frozenset[str]] = {
    "users": frozenset({"role", "agency_id", "active"}),
    "agencies": frozenset({"active"}),  # a deactivated agency's users no longer sign in
}
OBJECT_TYPES = {
    "subject_records": "subject", "case_shares": "case_share", "api_tokens": "api_token",
    "alert_sides": "alert_side", "subject_links": "link", "link_judgements": "link_judgement",
    "operation_clearances": "clearance", "operation_targets": "operation_target",
    "case_participants": "case_participant", "retention_reviews": "retention_review",
    "recovery_codes": "recovery_code", "password_history": "password_history", "agencies": "agency",
}
# Context worth keeping with an inserted row (ids only).
CONTEXT_COLUMNS = ("case_id", "agency_id", "user_id", "subject_id", "operation_id", "alert_id", "link_id")
AGGREGATE_OVER = 20  # more rows of one kind in one flush become one entry


def object_type(table: str) -> str:
    """The name the trail gives a table's rows: ``cases`` → ``case``."""
    if table in OBJECT_TYPES:
        return OBJECT_TYPES[table]
    return table[:-1] if table.endswith("s") else table


def _identity(state) -> str:
    key = state.identity or state.mapper.primary_key_from_instance(state.obj())
    return ",".join(str(part) for part in key) if key and None not in key else "?"


def _changes(state, table: str) -> tuple[list[str], dict[str, list[Any]]]:
    ignored = IGNORED_COLUMNS["*"] | IGNORED_COLUMNS.get(table, frozenset())
    watched = PERMISSION_COLUMNS.get(table, frozenset())
    changed, permissions = [], {}
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if not history.has_changes() or attr.key in ignored:
            continue
        changed.append(attr.key)
        if attr.key in watched:
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            permissions[attr.key] = [old, new]
    return changed, permissions


def _context(obj) -> dict[str, Any]:
    out = {}
    for name in CONTEXT_COLUMNS:
        value = getattr(obj, name, None)
        if isinstance(value, int):
            out[name] = value
    return out


def _after_flush(session: Session, _flush_context) -> None:
    if session.info.get("audit_disabled"):
        return
    grouped: dict[tuple[str, str], list[tuple[str, dict]]] = defaultdict(list)
    for op, objects in (("create", session.new), ("delete", session.deleted)):
        for obj in objects:
            table = getattr(obj, "__tablename__", None)
            if table is None or table in NOT_AUDITED or (op == "create" and table in AUDIT_CHANGES_ONLY):
                continue
            grouped[(table, op)].append((_identity(inspect(obj)), _context(obj)))
    for obj in session.dirty:
        table = getattr(obj, "__tablename__", None)
        if table is None or table in NOT_AUDITED:
            continue
        state = inspect(obj)
        if state.deleted or state.was_deleted:
            continue
        changed, permissions = _changes(state, table)
        if not changed:
            continue
        action = "update"
        details: dict[str, Any] = {"fields": sorted(changed)}
        if permissions:
            action, details = "permission_change", {**details, "values": permissions}
        grouped[(table, action)].append((_identity(state), details))
    for (table, op), items in grouped.items():
        kind = object_type(table)
        if len(items) > AGGREGATE_OVER:
            ids = [identity for identity, _ in items]
            record(session, f"{kind}.{op}", object_type=kind, object_id=f"{len(ids)} rows",
                   details={"count": len(ids), "ids": ids[:1000]})
            continue
        for identity, details in items:
            record(session, f"{kind}.{op}", object_type=kind, object_id=identity, details=details)


def _bulk_statement(state: ORMExecuteState):
    """Entries for ORM-enabled INSERT/UPDATE/DELETE statements (bulk writes bypass the flush)."""
    if state.is_select or session_disabled(state.session):
        return None
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if name is None or name in NOT_AUDITED:
        return None
    kind = object_type(name)
    if state.is_insert:
        params = state.parameters
        rows = params if isinstance(params, list) else [params] if params else []
        bulk_created(state.session, name, len(rows),
                     {r["case_id"] for r in rows if isinstance(r, dict) and isinstance(r.get("case_id"), int)})
        return None
    result = state.invoke_statement()
    op = "bulk_update" if state.is_update else "bulk_delete"
    record(state.session, f"{kind}.{op}", object_type=kind, details={"count": result.rowcount})
    return result


def bulk_created(session: Session, table: str, count: int, case_ids: set[int]) -> None:
    """One entry for the rows one statement inserted into an audited table.

    Called for the ORM's statements by the hook above, and by a write that
    goes to the driver directly (an import into SQLite).
    """
    if table in NOT_AUDITED or session_disabled(session):
        return
    kind, cases = object_type(table), sorted(case_ids)
    record(session, f"{kind}.bulk_create", object_type=kind, object_id=f"case {cases[0]}" if len(cases) == 1 else None,
           details={"count": count, **({"case_ids": cases[:50]} if cases else {})})


def session_disabled(session: Session) -> bool:
    return bool(session.info.get("audit_disabled"))


def install(session_class: type[Session]) -> None:
    """Listen for flushes and bulk statements on the app's session class."""
    event.listen(session_class, "after_flush", _after_flush)
    event.listen(session_class, "do_orm_execute", _bulk_statement)
