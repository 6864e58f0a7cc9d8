"""Telling the people concerned: an in-app notification at once, an email through the outbox.

Both are written in the same transaction as the change they report, so a
notification exists exactly when its cause was committed. Who is concerned
by one side of an alert: the case's lead agent and its creator, the
operation's creator and point of contact (for an operation), and the
agency's supervisors.
"""
from __future__ import annotations

from typing import Iterable

from flask import current_app, has_app_context
from flask_babel import force_locale
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from ..accounts.models import User
from ..cases.models import Case
from ..operations.models import Operation
from ..subjects.models import SubjectRecord
from ..types import utcnow
from .messages import render
from .models import Notification, OutboxMessage


def supervisors_of(session: Session, agency_ids: Iterable[int]) -> list[User]:
    """The active supervisors of these agencies."""
    ids = list(agency_ids)
    if not ids:
        return []
    return list(session.scalars(select(User).where(User.agency_id.in_(ids), User.role == "supervisor",
                                                   User.active.is_(True)).order_by(User.id)))


def concerned_with(session: Session, agency_id: int, case_id: int | None,
                   operation: Operation | None = None) -> list[User]:
    """The people of one agency concerned by something about a case (and an operation of it)."""
    ids: set[int] = set()
    case = session.get(Case, case_id) if case_id else None
    if case is not None:
        ids |= {case.lead_agent_id, case.created_by_id}
    if operation is not None:
        ids |= {operation.created_by_id, operation.poc_user_id}
    ids.discard(None)
    concerned = User.role == "supervisor"
    if ids:
        concerned = or_(concerned, User.id.in_(ids))
    return list(session.scalars(select(User).where(User.agency_id == agency_id, User.active.is_(True), concerned)
                                .order_by(User.id)))


def concerned_with_cases(session: Session, places: set[tuple[int, int]]) -> dict[tuple[int, int], list[User]]:
    """``concerned_with`` for many (agency, case) pairs at once, in a fixed number of queries.

    The cases are loaded with their lead agents and creators and the people
    with their agencies, and kept for the rest of the request (the session
    holds its objects weakly): what is told of each case (its number, whom
    to call) is then at hand.
    """
    if not places:
        return {}
    cases = {case.id: case for case in session.scalars(
        select(Case).where(Case.id.in_({case_id for _agency, case_id in places}))
        .options(selectinload(Case.lead_agent).joinedload(User.agency),
                 selectinload(Case.created_by).joinedload(User.agency)))}
    named = {case.id: {case.lead_agent_id, case.created_by_id} - {None} for case in cases.values()}
    agencies = {agency_id for agency_id, _case in places}
    wanted = set().union(*named.values())
    concerned = User.role == "supervisor"
    if wanted:
        concerned = or_(concerned, User.id.in_(wanted))
    people = list(session.scalars(select(User).where(User.agency_id.in_(agencies), User.active.is_(True), concerned)
                                  .options(selectinload(User.agency)).order_by(User.id)))
    session.info.setdefault("preloaded", []).extend([*cases.values(), *people])
    return {(agency_id, case_id): [user for user in people if user.agency_id == agency_id and (
        user.role == "supervisor" or user.id in named.get(case_id, ()))] for agency_id, case_id in places}


def notify(session: Session, users: Iterable[User], kind: str, params: dict, link: str | None = None,
           skip_user_id: int | None = None) -> list[Notification]:
    """Give each user an in-app notification and queue its email in the user's language."""
    made = []
    for user in users:
        if user.id == skip_user_id:
            continue
        note = Notification(user_id=user.id, kind=kind, params=params, link=link)
        session.add(note)
        made.append(note)
        if user.email:
            session.add(_email(user, note))
    return made


def _email(user: User, note: Notification) -> OutboxMessage:
    locale = user.locale or _config("BABEL_DEFAULT_LOCALE", "en")
    with force_locale(locale):
        title, body = render(note.kind, note.params, user.timezone or "UTC")
        footer = _footer(note.link)
    return OutboxMessage(notification=note, user_id=user.id, to_address=user.email, locale=locale,
                         subject=title[:300], body=f"{body}\n\n{footer}")


def _footer(link: str | None) -> str:
    from flask_babel import gettext

    base = _config("PUBLIC_URL", "").rstrip("/")
    lines = []
    if link:
        lines.append(gettext("Open it in Coordinator: %(url)s", url=base + link))
    lines.append(gettext("This message was sent by Coordinator because you are concerned by this record. "
                         "Do not forward it: it is for official use only."))
    return "\n".join(lines)


def _config(name: str, default):
    return current_app.config.get(name, default) if has_app_context() else default


# --- reading ---------------------------------------------------------------------

def unread_count(session: Session, user: User) -> int:
    """How many notifications the user has not opened."""
    return session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def notifications_query(user: User, unread_only: bool = False):
    """The user's notifications, newest first."""
    query = select(Notification).where(Notification.user_id == user.id)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return query.order_by(Notification.created_at.desc(), Notification.id.desc())


def notification_for(session: Session, user: User, notification_id: int) -> Notification | None:
    """One of the user's own notifications (None for anyone else's)."""
    note = session.get(Notification, notification_id)
    return note if note is not None and note.user_id == user.id else None


def mark_read(session: Session, user: User, notification_id: int | None = None) -> int:
    """Mark one notification (or all of them) read; how many changed."""
    query = select(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    if notification_id is not None:
        query = query.where(Notification.id == notification_id)
    now, changed = utcnow(), 0
    for note in session.scalars(query):
        note.read_at, changed = now, changed + 1
    session.flush()
    return changed


def record_label(session: Session, record_type: str, record_id: int) -> str:
    """What a record is called in its own agency's notifications."""
    if record_type == "operation":
        operation = session.get(Operation, record_id)
        return operation.title if operation else "?"
    if record_type == "subject":
        record = session.get(SubjectRecord, record_id)
        return record.label if record else "?"
    case = session.get(Case, record_id)
    return case.number if case else "?"


def outbox_query(pending_only: bool = False):
    """The outbox, newest first (for the development page)."""
    query = select(OutboxMessage)
    if pending_only:
        query = query.where(OutboxMessage.status == "pending")
    return query.order_by(OutboxMessage.id.desc())


def outbox_counts(session: Session) -> dict[str, int]:
    """How many messages are pending, sent, and set aside (``failed``: they could not be built)."""
    rows = session.execute(select(OutboxMessage.status, func.count(OutboxMessage.id))
                           .group_by(OutboxMessage.status)).all()
    return {"pending": 0, "sent": 0, "failed": 0, **{status: count for status, count in rows}}

