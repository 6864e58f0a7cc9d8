"""Deconfliction across instances: a peer's question answered here, a peer's answer turned into alerts.

Each instance raises the alert on its own side, between its own record
and the peer's (a side with ``instance`` set, which holds only what the
peer told: its agency's code, its point of contact, an opaque reference).
Both instances name the alert's pair the same way (``federated_pair``), so
later messages about it (the asker's contact, a side acknowledged or
resolved) find it on either side.

The peer answers a question without writing anything but its audit
entries: the asker's registration may still roll back. Its own alert is
raised when the asker's contact arrives, which the asker sends only after
its registration committed, so a peer's alert always points at a record
the asker keeps. Each hit carries a voucher (an HMAC under this
instance's own ``SECRET_KEY``) that the contact hands back: the peer
raises what it found itself, never a level or severity the asker claims.
"""
from __future__ import annotations

import hashlib
import hmac
import re

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..accounts.models import Agency
from ..deconfliction.conflicts import LIVE_STATUSES, subject_severity
from ..deconfliction.federated import HASH_HEX, judge_person
from ..deconfliction.reasons import N_, Reason
from ..conflicts.alerts import Side, raise_alert, tell_sides
from ..conflicts.models import AlertEvent, AlertSide, ConflictAlert, DeconflictionCheck
from ..conflicts.present import point_of_contact
from ..operations.models import Operation
from ..subjects.models import SubjectRecord
from .identity import own_name
from .index import fingerprint
from .models import FederatedKey, FederatedRecord, FederationPeer

REF = re.compile(r"^[A-Za-z0-9_-]{8,32}$")
HEX = re.compile(r"^[0-9a-f]{%d}$" % HASH_HEX)
MAX_HASHES = 5_000
MAX_HITS = 50
SAME_IDENTIFIER = Reason("federated_identifier", N_("a record at the peer instance %(instance)s shares a hashed "
                                                    "identifier with this one"))
ALIKE_PERSON = Reason("federated_person", N_("a person at the peer instance %(instance)s has alike names (compared "
                                             "encoded) and the same date of birth"))
ALIKE_NAMES = Reason("federated_names", N_("a person at the peer instance %(instance)s has very alike names (compared "
                                           "encoded) and a date of birth one slip away"))
SAME_PLACE_TIME = Reason("federated_event", N_("an operation registered at the peer instance %(instance)s covers the "
                                               "same place at the same time"))
NEAR_PLACE_TIME = Reason("federated_event_near", N_("an operation registered at the peer instance %(instance)s comes "
                                                    "within the margins of this one's place and time"))
REASONS = {r.code: r for r in (SAME_IDENTIFIER, ALIKE_PERSON, ALIKE_NAMES, SAME_PLACE_TIME, NEAR_PLACE_TIME)}
LEVELS, SEVERITIES = ("match", "possible"), ("critical", "high", "medium", "low")


class SecretMismatch(ValueError):
    """A question hashed under another FEDERATION_SECRET (a rotation half done): nothing in it can be compared."""


class BadMessage(ValueError):
    """A peer's message that does not follow the exchange format; ``field`` names what is wrong."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def federated_pair(first: tuple[str, str], second: tuple[str, str]) -> str:
    """The alert's pair from the two (instance, reference)s: the same string on both instances."""
    low, high = sorted((first, second))
    return "fed:" + hashlib.sha256(f"{low[0]}:{low[1]}|{high[0]}:{high[1]}".encode()).hexdigest()[:40]


def _hashes(question: dict, name: str) -> list[str]:
    values = question.get(name) or []
    if not isinstance(values, list) or len(values) > MAX_HASHES or not all(
            isinstance(v, str) and HEX.match(v) for v in values):
        raise BadMessage(name, str(_l("A list of hashes.")))
    return values


def text_field(payload: dict, name: str, pattern: re.Pattern | None = None, size: int = 64) -> str:
    """A required string field of a peer's message, checked against ``pattern`` and ``size``."""
    value = payload.get(name)
    if not isinstance(value, str) or not value or len(value) > size or (pattern and not pattern.match(value)):
        raise BadMessage(name, str(_l("Missing or not valid.")))
    return value


def _local(session: Session, entry: FederatedRecord):
    model = SubjectRecord if entry.record_type == "subject" else Operation
    return session.get(model, entry.record_id)


def _side(session: Session, entry: FederatedRecord, record, reasons: tuple[Reason, ...]) -> Side:
    return Side(record.agency_id, record.case_id, entry.record_type, record.id, record.kind, reasons)


def _agency_code(session: Session, record) -> str:
    return session.get(Agency, record.agency_id).code


def _contact(session: Session, entry: FederatedRecord, record) -> dict:
    probe = AlertSide(record_type=entry.record_type, record_id=record.id, case_id=record.case_id)
    return point_of_contact(session, probe)


def _remote(peer: str, ref: str, kind: str, agency: str | None = None, poc: dict | None = None) -> Side:
    return Side(None, None, "remote", 0, kind, (), instance=peer,
                remote={"ref": ref, "agency": agency, "poc": poc})


def _candidates(session: Session, record_type: str, kind: str | None,
                hashes: list[str]) -> dict[int, tuple[FederatedRecord, list[tuple[str, bool]]]]:
    """The index entries sharing a hash with the question, each with the hashes it shares: one query."""
    if not hashes:
        return {}
    query = (select(FederatedRecord, FederatedKey.key, FederatedKey.strong)
             .join(FederatedKey, FederatedKey.record_id == FederatedRecord.id)
             .where(FederatedKey.key.in_(hashes), FederatedRecord.record_type == record_type))
    if kind is not None:
        query = query.where(FederatedRecord.kind == kind)
    found: dict[int, tuple[FederatedRecord, list[tuple[str, bool]]]] = {}
    for entry, key, strong in session.execute(query.limit(MAX_HITS * 20)):
        found.setdefault(entry.id, (entry, []))[1].append((key, strong))
    return found


def _judge_subject(question: dict, entry: FederatedRecord, keys: list[tuple[str, bool]]):
    """(level, score, reason) for a subject candidate, or None."""
    if entry.kind == "person":
        birth = question.get("birth") if isinstance(question.get("birth"), str) else None
        verdict = judge_person((question.get("names"), birth, _hashes(question, "birth_near")[:2]),
                               (entry.name_filter, entry.birth, (entry.birth_near or "").split()))
        if verdict is None:
            return None
        level, score = verdict
        return level, score, ALIKE_PERSON if question.get("birth") == entry.birth else ALIKE_NAMES
    strong = any(is_strong for _key, is_strong in keys)
    return ("match", 1.0, SAME_IDENTIFIER) if strong else ("possible", 0.7, SAME_IDENTIFIER)


def voucher(peer_name: str, mine: str, theirs: str, level: str, severity: str, score: float, reason: str) -> str:
    """What this instance signs into a hit, for the asker to hand back with its contact (``take_contact``)."""
    text = f"{peer_name}|{mine}|{theirs}|{level}|{severity}|{float(score):.3f}|{reason}"
    return hmac.new(current_app.config["SECRET_KEY"].encode(), b"fed-hit:" + text.encode(),
                    hashlib.sha256).hexdigest()[:32]


def answer_question(session: Session, peer: FederationPeer, question: dict) -> list[dict]:
    """Compare a peer's question with this instance's index and answer its hits; nothing is raised here yet.

    The asker's registration is not committed while it waits for this
    answer; the alert on this side is raised when its contact arrives
    (``take_contact``), sent once the registration is kept.
    """
    ref = text_field(question, "ref", REF)
    record_type = question.get("record_type")
    if record_type not in ("subject", "operation"):
        raise BadMessage("record_type", str(_l("Not a valid choice.")))
    kind = text_field(question, "kind", size=32)
    if record_type == "subject":
        names = question.get("names")
        if names is not None and (not isinstance(names, str) or len(names) > 400):
            raise BadMessage("names", str(_l("Missing or not valid.")))
        keys = _hashes(question, "keys")
    else:
        inside, near = _hashes(question, "cells"), _hashes(question, "near")
    if question.get("secret") != fingerprint():
        raise SecretMismatch()
    hits = []
    if record_type == "subject":
        for entry, shared in _candidates(session, "subject", kind, keys).values():
            judged = _judge_subject(question, entry, shared)
            record = _local(session, entry) if judged else None
            if record is not None:
                level, score, reason = judged
                hits.append((entry, record, level, subject_severity(level, 0), score, reason))
    else:
        window = set(inside)
        for entry, shared in _candidates(session, "operation", None, inside + near).values():
            record = _local(session, entry)
            if record is None or record.status not in LIVE_STATUSES:
                continue
            overlap = any(key in window for key, _strong in shared)
            hits.append((entry, record, "match", "critical" if overlap else "high", 1.0 if overlap else 0.8,
                         SAME_PLACE_TIME if overlap else NEAR_PLACE_TIME))
    answers = []
    for entry, record, level, severity, score, reason in hits[:MAX_HITS]:
        score = round(score, 3)
        answers.append({"ref": entry.ref, "level": level, "severity": severity, "score": score,
                        "reason": reason.code, "record_kind": record.kind,
                        "agency": _agency_code(session, record), "poc": _contact(session, entry, record),
                        "voucher": voucher(peer.name, entry.ref, ref, level, severity, score, reason.code)})
    return answers


def take_answer(session: Session, peer: FederationPeer, entry: FederatedRecord, record, answer: dict,
                receipt: str | None, late: bool = False) -> list[tuple[ConflictAlert, dict]]:
    """Raise here the alerts a peer's answer names, each with the peer's agency and contact.

    Returns each alert with the hit that raised it; the caller sends this
    side's contact back once the registration is committed (``contact_message``).
    """
    alerts = []
    for hit in (answer.get("hits") or [])[:MAX_HITS]:
        if not isinstance(hit, dict) or not isinstance(hit.get("ref"), str) or not REF.match(hit["ref"]):
            continue
        level = hit.get("level") if hit.get("level") in ("match", "possible") else "possible"
        severity = hit.get("severity") if hit.get("severity") in ("critical", "high", "medium", "low") else "medium"
        poc = hit.get("poc") if isinstance(hit.get("poc"), dict) else {}
        poc = {k: (str(poc.get(k))[:200] if poc.get(k) else None) for k in ("name", "phone", "email")}
        agency = str(hit.get("agency") or "")[:16]
        kind = str(hit.get("record_kind") or entry.kind)[:32]
        score = float(hit.get("score") or 0) if isinstance(hit.get("score"), (int, float)) else 0.0
        reason = {"subject": SAME_IDENTIFIER, "operation": SAME_PLACE_TIME}[entry.record_type]
        if entry.kind == "person":
            reason = ALIKE_PERSON if level == "match" else ALIKE_NAMES
        if entry.record_type == "operation" and severity != "critical":
            reason = NEAR_PLACE_TIME
        reason = Reason(reason.code, reason.message, {"instance": peer.name})
        alert, new = raise_alert(
            session, pair=federated_pair((own_name(), entry.ref), (peer.name, hit["ref"])),
            kind="subject" if entry.record_type == "subject" else "event", level=level, severity=severity,
            score=min(max(score, 0.0), 1.0), first=_side(session, entry, record, (reason,)),
            second=_remote(peer.name, hit["ref"], kind, agency, poc), tell=False)
        for side in alert.sides:
            if side.instance == peer.name:
                side.remote = {"ref": hit["ref"], "agency": agency, "poc": poc}
        if new:
            session.add(AlertEvent(alert_id=alert.id, action="raised_late" if late else "raised",
                                   note=f"{own_name()}: {receipt or '-'}; {peer.name}"))
            session.flush()
            tell_sides(session, alert, "alert_raised")
        alerts.append((alert, hit))
    return alerts


def contact_message(session: Session, entry: FederatedRecord, record, hit: dict, receipt: str | None) -> dict:
    """What the asker tells the peer after a hit: this side's agency and whom to call, and the hit handed back."""
    return {"ref": entry.ref, "their_ref": hit["ref"], "receipt": receipt,
            "agency": _agency_code(session, record), "record_kind": record.kind, "poc": _contact(session, entry, record),
            **{k: hit.get(k) for k in ("level", "severity", "score", "reason", "voucher")}}


def _handed_back(peer: FederationPeer, payload: dict, mine: str, theirs: str) -> tuple[str, str, float, Reason]:
    """The hit this instance answered, as the contact hands it back; BadMessage unless the voucher is ours."""
    level, severity, score, code = (payload.get(k) for k in ("level", "severity", "score", "reason"))
    if level not in LEVELS or severity not in SEVERITIES or code not in REASONS or isinstance(score, bool) \
            or not isinstance(score, (int, float)) or not 0 <= score <= 1:
        raise BadMessage("voucher", str(_l("Missing or not valid.")))
    given = text_field(payload, "voucher", size=64)
    if not hmac.compare_digest(given, voucher(peer.name, mine, theirs, level, severity, score, code)):
        raise BadMessage("voucher", str(_l("Missing or not valid.")))
    return level, severity, float(score), REASONS[code]


def take_contact(session: Session, peer: FederationPeer, payload: dict) -> ConflictAlert:
    """The asker kept its record: raise the alert this instance's answer found, with the asker's agency and contact.

    Only a hit this instance answered (its voucher) raises anything, and
    only while its record is still here.
    """
    ref, their_ref = text_field(payload, "ref", REF), text_field(payload, "their_ref", REF)
    level, severity, score, reason = _handed_back(peer, payload, their_ref, ref)
    entry = session.scalar(select(FederatedRecord).where(FederatedRecord.ref == their_ref))
    record = _local(session, entry) if entry is not None else None
    if record is None:
        raise BadMessage("their_ref", str(_l("No such record.")))
    poc = payload.get("poc") if isinstance(payload.get("poc"), dict) else {}
    poc = {k: (str(poc.get(k))[:200] if poc.get(k) else None) for k in ("name", "phone", "email")}
    agency, kind = text_field(payload, "agency", size=16), text_field(payload, "record_kind", size=32)
    reason = Reason(reason.code, reason.message, {"instance": peer.name})
    alert, new = raise_alert(
        session, pair=federated_pair((own_name(), their_ref), (peer.name, ref)),
        kind="subject" if entry.record_type == "subject" else "event", level=level, severity=severity, score=score,
        first=_side(session, entry, record, (reason,)), second=_remote(peer.name, ref, kind, agency, poc), tell=False)
    for side in alert.sides:
        if side.instance == peer.name:
            side.remote, side.record_kind = {"ref": ref, "agency": agency, "poc": poc}, kind
    if new:
        receipt = payload.get("receipt") if isinstance(payload.get("receipt"), str) else None
        mine = session.scalar(select(DeconflictionCheck.number).where(
            DeconflictionCheck.record_type == entry.record_type, DeconflictionCheck.record_id == record.id)
            .order_by(DeconflictionCheck.id.desc()).limit(1))
        session.add(AlertEvent(alert_id=alert.id, action="raised_by_peer",
                               note=f"{peer.name}: {(receipt or '-')[:40]}; {own_name()}: {mine or '-'}"))
        session.flush()
        tell_sides(session, alert, "alert_raised")
    else:
        session.flush()
    return alert
