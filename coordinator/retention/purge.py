"""Purging a subject record so that nothing of it is left but the fact of its purge.

Gone with the record: its blocking keys (matching), its links to other
agencies' records and their reviews (the graph), its associations inside
the case, its place among operations' targets. Optional references from
other tables (a trace request's firearm, ...) are cleared. Where the
record's label was quoted — the reasons of its agency's alert sides, its
agency's notifications and unsent emails — it is replaced by a neutral
mark. Every alert of the record is withdrawn for both sides (its reasons
cleared, both agencies told), and a network alert whose chain ran through
one of its links closes unless another chain still joins its cases: no
agency is left with an open alert about a record that no longer exists.
What stays: the review log line and the audit entry, with ids, the
case, the kind and the reason, never the content.

References are found from the schema itself, so a table added later that
points at subject records is handled (cleared, or deleted with the record
when its foreign key cascades) or, when it must keep the record (an
indictment names its defendant), the purge is refused with a reason.
"""
from __future__ import annotations

import json
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Table, delete, func, or_, select, update
from sqlalchemy.orm import Session

from ..accounts.models import User
from ..audit.recorder import record
from ..conflicts.alerts import tell_sides, withdraw
from ..conflicts.frequencies import count_person
from ..conflicts.models import AlertSide, ConflictAlert, SubjectKey, SubjectLink
from ..conflicts.network import withdraw_broken_networks
from ..extensions import db
from ..notifications.models import Notification, OutboxMessage
from ..subjects.models import SubjectRecord
from ..types import utcnow
from .models import RetentionReview
from .services import RetentionError, _check_review, log_review

PURGED = "[purged]"
# Tables whose rows exist only for the record: deleted with it.
OWNED_BY_RECORD = frozenset({"subject_keys", "subject_links", "associations", "operation_targets"})


def _references(subjects: Table) -> list[tuple[Table, object]]:
    """Every (table, column) with a foreign key to subject_records.id."""
    found = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table is subjects for fk in column.foreign_keys):
                found.append((table, column))
    return found


def _blocking(session: Session, subject_id: int) -> list[str]:
    """Tables that must keep their reference to the record and do have one."""
    subjects = SubjectRecord.__table__
    blocking = []
    for table, column in _references(subjects):
        if table.name in OWNED_BY_RECORD or column.nullable:
            continue
        if any(fk.ondelete and fk.ondelete.upper() == "CASCADE" for fk in column.foreign_keys):
            continue
        if session.execute(select(func.count()).select_from(table).where(column == subject_id)).scalar():
            blocking.append(table.name)
    return blocking


def _detach(session: Session, subject_id: int) -> None:
    """Delete the rows that exist for the record, clear the optional references, cascade the rest."""
    subjects = SubjectRecord.__table__
    session.execute(delete(SubjectKey).where(SubjectKey.subject_id == subject_id))
    session.execute(delete(SubjectLink).where(or_(SubjectLink.low_id == subject_id,
                                                  SubjectLink.high_id == subject_id)))
    for table, column in _references(subjects):
        if table.name in ("subject_keys", "subject_links"):
            continue
        cascades = any(fk.ondelete and fk.ondelete.upper() == "CASCADE" for fk in column.foreign_keys)
        if table.name in OWNED_BY_RECORD or cascades:
            session.execute(delete(table).where(column == subject_id))
        elif column.nullable:
            session.execute(update(table).where(column == subject_id).values({column.name: None}))


def _scrub_json(value, label: str):
    """The JSON value with every quote of the label replaced (the same value when there is none)."""
    text, quoted = json.dumps(value, ensure_ascii=False), json.dumps(label, ensure_ascii=False)[1:-1]
    return json.loads(text.replace(quoted, PURGED)) if quoted in text else value


def _scrub_quotes(session: Session, subject: SubjectRecord) -> None:
    """Replace the record's label wherever its own agency's alerts and messages quote it."""
    label = subject.label
    if not label or len(label) < 3:
        return
    for side in session.scalars(select(AlertSide).where(AlertSide.agency_id == subject.agency_id,
                                                        AlertSide.case_id == subject.case_id)):
        side.reasons = _scrub_json(side.reasons or [], label)
    users = select(User.id).where(User.agency_id == subject.agency_id)
    for note in session.scalars(select(Notification).where(Notification.user_id.in_(users))):
        note.params = _scrub_json(note.params or {}, label)
    for message in session.scalars(select(OutboxMessage).where(OutboxMessage.user_id.in_(users),
                                                              OutboxMessage.sent_at.is_(None))):
        message.subject = message.subject.replace(label, PURGED)
        message.body = message.body.replace(label, PURGED)


def _withdraw_alerts(session: Session, subject: SubjectRecord, now: datetime) -> list[ConflictAlert]:
    """Close every open alert on the record, for both sides (the record's ids are never given again)."""
    alerts = session.scalars(select(ConflictAlert).where(
        ConflictAlert.status != "closed",
        ConflictAlert.id.in_(select(AlertSide.alert_id).where(AlertSide.record_type == "subject",
                                                              AlertSide.record_id == subject.id)))
        .order_by(ConflictAlert.id)).all()
    for alert in alerts:
        withdraw(session, alert, now, "record_purged")
    return list(alerts)


def _linked_cases(session: Session, subject_id: int) -> set[int]:
    """The cases at both ends of the record's links: the network alerts near them may have run through it."""
    rows = session.execute(select(SubjectLink.low_case_id, SubjectLink.high_case_id).where(
        or_(SubjectLink.low_id == subject_id, SubjectLink.high_id == subject_id))).all()
    return {case_id for row in rows for case_id in row}


def purge_subject(session: Session, user: User, subject: SubjectRecord, *, reviewer_name: str,
                  decided_on: date, reason: str, now: datetime | None = None) -> RetentionReview:
    """Remove the record and every trace of it outside the review log and the audit trail."""
    now = now or utcnow()
    _check_review(reviewer_name, decided_on, reason, now)
    blocking = _blocking(session, subject.id)
    if blocking:
        raise RetentionError("decision", str(_l(
            "This record is part of a prosecution record (%(tables)s) and cannot be purged.",
            tables=", ".join(blocking))))
    session.flush()
    review = log_review(session, user, subject, "purged", reviewer_name, decided_on, reason)
    if subject.kind == "person":  # the record no longer counts towards how common its names are
        count_person(session, subject.id, subject.data, None)
    _scrub_quotes(session, subject)
    withdrawn = _withdraw_alerts(session, subject, now)
    linked = _linked_cases(session, subject.id)
    _detach(session, subject.id)
    subject_id, case_id, kind = subject.id, subject.case_id, subject.kind
    session.delete(subject)
    session.flush()
    for alert in withdrawn:  # told once the record is gone: no message quotes it
        tell_sides(session, alert, "record_purged")
    if linked:
        withdraw_broken_networks(session, linked, now)
    record(session, "subject.purge", object_type="subject", object_id=subject_id,
           details={"case_id": case_id, "kind": kind, "review_id": review.id,
                    "decided_on": decided_on.isoformat(), "reason": reason.strip()[:500]})
    return review
