"""Collecting audit entries during a unit of work and appending them at its commit.

Entries wait in the session (``session.info``) and are inserted by a
``before_commit`` listener, so they land in the same transaction as the
change they describe: both or neither. The insert takes no lock; the
sealer (``chain.seal``) links committed entries into the log later. A rollback drops the entries of the
work it undid, except *durable* ones (a failed log-in, a refused request),
which the request boundary commits on their own afterwards: an attempt that
changed nothing must still be on the record.
"""
from __future__ import annotations

import getpass
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction, scoped_session

from ..types import utcnow
from . import chain

PENDING = "audit_pending"
OUTCOMES = ("success", "failure", "denied", "invalid", "error")


@dataclass(frozen=True)
class Actor:
    """Who acted, as the trail keeps it: plain values, read once, never a live object."""

    user_id: int | None
    email: str | None
    agency: str | None

    @classmethod
    def of(cls, user) -> "Actor":
        """The actor for a user (an ORM ``User``), read while no flush is running."""
        return cls(user.id, user.email, user.agency.code if user.agency is not None else None)


def system_actor() -> Actor:
    """Work done outside a request: a CLI command or a script, by the operating-system user."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no user name in a container
        name = "unknown"
    return Actor(None, f"system:{name}"[:254], None)


@dataclass
class Entry:
    """An entry waiting for its commit."""

    action: str
    object_type: str | None
    object_id: str | None
    outcome: str
    details: dict
    actor: Actor
    ip: str | None
    at: datetime
    durable: bool
    transaction: SessionTransaction | None = field(default=None, repr=False)

    def row(self) -> dict[str, Any]:
        return {"at": self.at, "user_id": self.actor.user_id, "user_email": self.actor.email,
                "agency_code": self.actor.agency, "action": self.action, "object_type": self.object_type,
                "object_id": self.object_id, "outcome": self.outcome, "ip": self.ip, "details": self.details}


# Set by the web layer: who acts and from where in the current request (None outside one).
context_provider: Callable[[], tuple[Actor | None, str | None]] = lambda: (None, None)


def _clean(details: dict | None) -> dict:
    """Details as they will read back from the database: JSON types only, so the hash still fits."""
    if not details:
        return {}
    return json.loads(json.dumps(details, default=str, ensure_ascii=False))


def _cut(value: object, size: int) -> str | None:
    return None if value is None else str(value)[:size]


def record(session: Session, action: str, *, object_type: str | None = None, object_id: object = None,
           outcome: str = "success", details: dict | None = None, actor: Actor | None = None,
           durable: bool = False) -> Entry:
    """Queue an entry in the session; it is written at the session's next commit.

    ``durable`` entries survive a rollback of the work around them (failed
    log-ins, refusals); the others disappear with the work they describe.
    """
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {OUTCOMES}")
    if isinstance(session, scoped_session):
        session = session()
    if session.get_transaction() is None:
        session.connection()  # begin now, so that a rollback before any query still drops the entry
    request_actor, ip = context_provider()
    entry = Entry(
        action=action[:64], object_type=_cut(object_type, 32), object_id=_cut(object_id, 64), outcome=outcome,
        details=_clean(details), actor=actor or request_actor or system_actor(), ip=_cut(ip, 45), at=utcnow(),
        durable=durable, transaction=session.get_nested_transaction() or session.get_transaction(),
    )
    session.info.setdefault(PENDING, []).append(entry)
    return entry


def pending(session: Session) -> list[Entry]:
    """The entries waiting for this session's commit."""
    if isinstance(session, scoped_session):
        session = session()
    return session.info.get(PENDING, [])


def _before_commit(session: Session) -> None:
    if session.info.get("audit_disabled"):
        return
    session.flush()  # changes still unflushed become entries now, not after the append
    entries = session.info.pop(PENDING, [])
    chain.append(session, (entry.row() for entry in entries))


def _within(transaction: SessionTransaction | None, ended: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is ended:
            return True
        transaction = transaction.parent
    return False


def _after_soft_rollback(session: Session, previous_transaction: SessionTransaction) -> None:
    """Forget the entries of the work just undone (a savepoint's, or everything), but durable ones."""
    entries = session.info.get(PENDING)
    if not entries:
        return
    root = previous_transaction.parent is None
    session.info[PENDING] = [
        e for e in entries
        if e.durable or not (root or _within(e.transaction, previous_transaction))
    ]
    if root:
        for entry in session.info[PENDING]:
            entry.transaction = None


_installed = False


def install(session_class: type[Session]) -> None:
    """Listen on the app's session class (once per process)."""
    global _installed
    if _installed:
        return
    from . import capture

    event.listen(session_class, "before_commit", _before_commit)
    event.listen(session_class, "after_soft_rollback", _after_soft_rollback)
    capture.install(session_class)
    _installed = True
