"""Sensitive subject records: a hit on one tells only its owner, until the owner tells the other side.

Agencies fearing leaks (the public record: officials are selective about
with whom they share) would otherwise keep their most sensitive targets out
of the system. An agent asks with a reason; a supervisor of the agency
approves (a supervisor's own request is approved as it is made). From then
on a new hit on the record raises the alert for its owner alone — who, what
matched, the other side's point of contact — and the other agency is told
nothing until the owner decides ("tell them", ``conflicts.services.reveal``).
Every request, approval, withheld hit and telling is in the audit trail.

Operations are never sensitive: an event conflict always reaches both sides
(officer safety). Alerts raised before the record became sensitive were
told already and stay as they are.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session
from werkzeug.exceptions import Forbidden

from ..accounts.models import User
from ..audit.recorder import record as audit
from ..types import utcnow
from .models import SubjectRecord

MAX_REASON = 1000


class SensitivityError(ValueError):
    """A request the record's state or the input does not allow; ``field`` names the value at fault."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def mark_sensitive(session: Session, user: User, record: SubjectRecord, reason: str | None) -> SubjectRecord:
    """Ask for the record to be sensitive, with a reason; a supervisor's request is approved at once."""
    if user.agency_id != record.agency_id or user.role not in ("agent", "supervisor"):
        raise Forbidden()
    reason = (reason or "").strip()
    if not reason:
        raise SensitivityError("reason", str(_l("Say why the record is sensitive.")))
    if len(reason) > MAX_REASON:
        raise SensitivityError("reason", str(_l("At most %(n)d characters.", n=MAX_REASON)))
    if record.sensitive:
        raise SensitivityError("reason", str(_l("This record is sensitive already.")))
    record.sensitive_reason, record.sensitive_requested_by_id = reason, user.id
    audit(session, "subject.sensitive_requested", object_type="subject", object_id=record.id,
          details={"reason": reason})
    if user.role == "supervisor":
        _approve(session, user, record)
    session.flush()
    return record


def approve_sensitive(session: Session, user: User, record: SubjectRecord) -> SubjectRecord:
    """A supervisor of the record's agency approves the request: from now on its hits are told to the agency alone."""
    if user.agency_id != record.agency_id or user.role != "supervisor":
        raise Forbidden()
    if not record.sensitive_pending:
        raise SensitivityError("reason", str(_l("No request to mark this record sensitive is waiting.")))
    _approve(session, user, record)
    session.flush()
    return record


def _approve(session: Session, user: User, record: SubjectRecord) -> None:
    record.sensitive_approved_by_id, record.sensitive_since = user.id, utcnow()
    audit(session, "subject.sensitive_approved", object_type="subject", object_id=record.id,
          details={"requested_by": record.sensitive_requested_by_id})
