"""Asking peers at registration, the outbox of messages that wait for a peer, and alerts kept in step.

A registration asks each active peer at once (``FEDERATION_TIMEOUT``); a
peer that does not answer is named on the receipt as not checked, and the
question waits in ``federation_outbox`` for ``flask --app coordinator
federation work``, which sends it when the peer answers again: a hit found
then reaches both sides as an alert, with the original receipt named. The
messages that keep an alert in step (the asker's contact after a hit, a
side acknowledged, resolved or reopened) travel the same way.
"""
from __future__ import annotations

from datetime import timedelta
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..boundary import after_commit
from ..conflicts.models import AlertEvent, ConflictAlert, DeconflictionCheck
from ..conflicts.signals import announce_action
from ..deconfliction.federated import VERSION
from ..operations.models import Operation
from ..subjects.models import SubjectRecord
from ..types import utcnow
from .client import PeerUnreachable
from .exchange import REF, BadMessage, contact_message, federated_pair, take_answer, text_field
from .identity import own_name
from .index import federation_on, index_operation, index_subject, operation_question, subject_question
from .models import FederatedRecord, FederationOutbox, FederationPeer
from .outbound import deliver
from .peers import active_peers

RESOLVED = ("deconflicted", "false_positive")
MAX_BACKOFF = timedelta(minutes=5)


# --- at registration ---------------------------------------------------------------

def on_record_checked(session: Session, record_type: str, record, check: DeconflictionCheck,
                      keys: list[str] | None = None, **_ignored) -> None:
    """Index the record for peers' questions and ask every active peer about it now."""
    if not federation_on():
        return
    if record_type == "subject":
        entry = index_subject(session, record, keys or [])
        question = subject_question(record, keys or [], entry)
    else:
        entry = index_operation(session, record)
        question = operation_question(record) if record.status in ("planned", "cleared", "active") else None
    peers = active_peers(session)
    if question is None or not peers:
        return
    question.update(version=VERSION, ref=entry.ref, receipt=check.number)
    checked, not_checked = [], []
    for peer in peers:
        row = FederationOutbox(peer_id=peer.id, endpoint="/checks", payload=question, check_id=check.id)
        session.add(row)
        session.flush()
        alerts = send_row(session, row, peer)
        if alerts is None:
            not_checked.append(peer.name)
        else:
            checked.append(peer.name)
            check.alert_ids = list(check.alert_ids or []) + [a.id for a in alerts if a.id not in (check.alert_ids or [])]
    check.peers = {"checked": checked, "not_checked": not_checked}


# --- the outbox -----------------------------------------------------------------------

def send_row(session: Session, row: FederationOutbox, peer: FederationPeer | None = None) -> list | None:
    """Send one waiting message; what its answer raised (a list), or None when the peer did not answer."""
    peer = peer or session.get(FederationPeer, row.peer_id)
    try:
        sent = deliver(session, peer, row.endpoint, row.payload)
    except PeerUnreachable as err:
        return _later(row, str(err))
    if sent.status == 409 and (sent.answer.get("error") or {}).get("code") == "secret_mismatch":
        return _later(row, f"{peer.name}: another federation secret")  # unchecked, not "no hit": ask again
    row.sent_at = utcnow()
    row.attempts += 1
    if sent.status >= 400:
        row.last_error = f"refused: {sent.status}"  # the peer read it and said no: sending again changes nothing
        return []
    if row.endpoint != "/checks":
        return []
    return _answered(session, peer, row, sent.answer)


def _later(row: FederationOutbox, error: str) -> None:
    """The message waits for the worker, which tries again, backing off."""
    row.attempts += 1
    row.last_error = error[:300]
    row.next_attempt_at = utcnow() + min(timedelta(seconds=2 ** min(row.attempts, 10)), MAX_BACKOFF)
    return None


def _answered(session: Session, peer: FederationPeer, row: FederationOutbox, answer: dict) -> list:
    entry = session.scalar(select(FederatedRecord).where(FederatedRecord.ref == row.payload.get("ref")))
    if entry is None:
        return []
    model = SubjectRecord if entry.record_type == "subject" else Operation
    record = session.get(model, entry.record_id)
    if record is None:
        return []
    check = session.get(DeconflictionCheck, row.check_id) if row.check_id else None
    late = row.attempts > 1
    receipt = check.number if check else None
    raised = take_answer(session, peer, entry, record, answer, receipt, late=late)
    for _alert, hit in raised:
        queue(session, peer, "/contacts", contact_message(session, entry, record, hit, receipt))
    if late and check is not None:
        peers = dict(check.peers or {})
        peers["not_checked"] = [n for n in peers.get("not_checked", []) if n != peer.name]
        peers["checked_later"] = sorted(set(peers.get("checked_later", [])) | {peer.name})
        check.peers = peers
    return [alert for alert, _hit in raised]


def queue(session: Session, peer: FederationPeer, endpoint: str, payload: dict) -> FederationOutbox:
    """Put a message in the outbox, to be sent as soon as the work that wrote it is committed.

    Never before: a contact or a side's change sent from a transaction that
    then rolls back would leave the peer an alert, or a status, about
    something this instance does not keep. If the peer does not answer
    then, the worker sends it later.
    """
    row = FederationOutbox(peer_id=peer.id, endpoint=endpoint, payload={**payload, "version": VERSION})
    session.add(row)
    session.flush()
    after_commit(session, partial(_send_queued, row_id=row.id))
    return row


def _send_queued(session: Session, row_id: int) -> None:
    row = session.get(FederationOutbox, row_id)
    if row is not None and row.sent_at is None:
        peer = session.get(FederationPeer, row.peer_id)
        if peer is not None and peer.status == "active":
            send_row(session, row, peer)


def due(session: Session, limit: int = 100) -> list[FederationOutbox]:
    """Messages waiting whose next attempt is due, oldest first, for active peers only."""
    return list(session.scalars(
        select(FederationOutbox).join(FederationPeer, FederationPeer.id == FederationOutbox.peer_id)
        .where(FederationOutbox.sent_at.is_(None), FederationOutbox.next_attempt_at <= utcnow(),
               FederationPeer.status == "active")
        .order_by(FederationOutbox.id).limit(limit)))


def waiting(session: Session) -> int:
    """How many messages still wait for a peer."""
    from sqlalchemy import func

    return session.scalar(select(func.count(FederationOutbox.id)).where(FederationOutbox.sent_at.is_(None)))


# --- alerts kept in step ------------------------------------------------------------------

def on_side_changed(session: Session, alert: ConflictAlert, sides: list, **_ignored) -> None:
    """A local side of a federated alert changed: the peer holding the other side hears."""
    _tell_peer(session, alert, sides)


def on_withdrawn(session: Session, alert: ConflictAlert, kind: str, **_ignored) -> None:
    """The engine closed an alert (an operation ended, a record purged): the peer hears."""
    _tell_peer(session, alert, [s for s in alert.sides if s.instance is None])


def _tell_peer(session: Session, alert: ConflictAlert, sides: list) -> None:
    remote = next((s for s in alert.sides if s.instance is not None), None)
    if remote is None or not sides or not federation_on():
        return
    peer = session.scalar(select(FederationPeer).where(FederationPeer.name == remote.instance))
    if peer is None:
        return
    mine = sides[0]
    entry = session.scalar(select(FederatedRecord).where(FederatedRecord.record_type == mine.record_type,
                                                         FederatedRecord.record_id == mine.record_id))
    if entry is None:
        return
    queue(session, peer, "/sides", {"ref": entry.ref, "their_ref": remote.remote["ref"], "status": mine.status,
                                    "resolution": mine.resolution})


def take_side(session: Session, peer: FederationPeer, payload: dict) -> ConflictAlert:
    """The peer's side of an alert changed: mirror it here, close or reopen the alert, tell this side."""
    ref, their_ref = text_field(payload, "ref", REF), text_field(payload, "their_ref", REF)
    status = payload.get("status")
    if status not in ("open", "acknowledged", "deconflicted", "false_positive"):
        raise BadMessage("status", "not a side status")
    resolution = payload.get("resolution") if isinstance(payload.get("resolution"), str) else None
    alert = session.scalar(select(ConflictAlert).where(
        ConflictAlert.pair == federated_pair((own_name(), their_ref), (peer.name, ref))))
    if alert is None:
        raise BadMessage("pair", "no such alert")
    side = next(s for s in alert.sides if s.instance == peer.name)
    now = utcnow()
    was = side.status
    side.status, side.resolution = status, (resolution[:32] if resolution else None)
    if status != "open" and side.acknowledged_at is None:
        side.acknowledged_at = now
    side.resolved_at = now if status in RESOLVED else None
    if all(s.status in RESOLVED for s in alert.sides):
        alert.status, alert.closed_at = "closed", now
    elif alert.status == "closed" and status not in RESOLVED:
        alert.status, alert.closed_at = "open", None
    session.add(AlertEvent(alert_id=alert.id, action=f"peer:{status}" + (f":{resolution}" if resolution else ""),
                           note=peer.name, at=now))
    session.flush()
    if status in RESOLVED and was not in RESOLVED:
        announce_action(session, alert, None, "alert_resolved", resolution=resolution or status, note=None)
    elif was in RESOLVED and status not in RESOLVED:
        announce_action(session, alert, None, "alert_reopened", note=None)
    return alert


def subscribe() -> None:
    """Connect to the alert announcements (idempotent: one process may build several apps)."""
    from ..conflicts.signals import alert_withdrawn, record_checked, side_changed

    record_checked.connect(on_record_checked)
    side_changed.connect(on_side_changed)
    alert_withdrawn.connect(on_withdrawn)
