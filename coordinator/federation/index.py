"""The hashed index peers are answered from, kept in step with each record and operation checked here."""
from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from ..conflicts.detect import country_of
from ..deconfliction.federated import (
    birth_hashes, event_index, event_query, hashed_keys, name_filter, secret_fingerprint,
)
from ..deconfliction.keys import subject_keys
from ..operations.models import Operation
from ..subjects.models import SubjectRecord
from .models import FederatedKey, FederatedRecord, FederationOutbox


def federation_on() -> bool:
    """Whether this instance takes part in a federation (a name and the shared secret are set)."""
    config = current_app.config
    return bool(config.get("FEDERATION_NAME") and config.get("FEDERATION_SECRET"))


def secret() -> bytes:
    return current_app.config["FEDERATION_SECRET"].encode()


def fingerprint() -> str:
    """The fingerprint of this instance's FEDERATION_SECRET, sent with each question."""
    return secret_fingerprint(secret())


def federated_record(session: Session, record_type: str, record_id: int, kind: str) -> FederatedRecord:
    """The record's entry in the federated index, made with a fresh random reference the first time."""
    found = session.scalar(select(FederatedRecord).where(FederatedRecord.record_type == record_type,
                                                         FederatedRecord.record_id == record_id))
    if found is None:
        found = FederatedRecord(ref=secrets.token_urlsafe(16), record_type=record_type, record_id=record_id,
                                kind=kind)
        session.add(found)
    found.kind = kind
    session.flush()
    return found


def _replace_keys(session: Session, entry: FederatedRecord, keys: list[tuple[str, bool]]) -> None:
    session.execute(delete(FederatedKey).where(FederatedKey.record_id == entry.id))
    if keys:
        session.execute(insert(FederatedKey), [{"key": k, "record_id": entry.id, "strong": strong}
                                               for k, strong in dict(keys).items()])


def index_subject(session: Session, record: SubjectRecord, keys: list[str]) -> FederatedRecord:
    """Index a subject record under its hashed blocking keys (and a person's name filter and birth date)."""
    entry = federated_record(session, "subject", record.id, record.kind)
    person = record.kind == "person"
    entry.name_filter = name_filter(secret(), record.data) if person else None
    exact, near = birth_hashes(secret(), record.data) if person else (None, [])
    entry.birth, entry.birth_near = exact, " ".join(near) or None
    _replace_keys(session, entry, hashed_keys(secret(), keys))
    return entry


def index_operation(session: Session, operation: Operation) -> FederatedRecord:
    """Index an operation under its hashed space-time cells."""
    entry = federated_record(session, "operation", operation.id, operation.kind)
    cells = event_index(secret(), operation.latitude, operation.longitude, operation.radius_m,
                        operation.starts_at, operation.ends_at)
    _replace_keys(session, entry, [(cell, True) for cell in cells])
    return entry


def subject_question(record: SubjectRecord, keys: list[str], entry: FederatedRecord) -> dict:
    """What a peer is asked about a subject record: hashes and a name filter only."""
    question = {"record_type": "subject", "kind": record.kind, "secret": fingerprint(),
                "keys": [k for k, _strong in hashed_keys(secret(), keys)]}
    if record.kind == "person":
        question.update(names=entry.name_filter, birth=entry.birth, birth_near=(entry.birth_near or "").split())
    return question


def operation_question(operation: Operation) -> dict:
    """What a peer is asked about an operation: its hashed cells, in its window and within the margins."""
    config = current_app.config
    inside, near = event_query(secret(), operation.latitude, operation.longitude, operation.radius_m,
                               operation.starts_at, operation.ends_at, config["EVENT_DISTANCE_MARGIN_M"],
                               timedelta(minutes=config["EVENT_TIME_MARGIN_MINUTES"]))
    return {"record_type": "operation", "kind": operation.kind, "secret": fingerprint(), "cells": inside,
            "near": near}


def _keys(session: Session, record: SubjectRecord) -> list[str]:
    """The record's blocking keys, as the local engine derives them at its check."""
    return subject_keys(record.kind, record.data, country_of(session, record.agency_id))


def _question(session: Session, entry: FederatedRecord) -> dict | None:
    """The question a record's entry asks, derived afresh (None when its record is gone)."""
    if entry.record_type == "subject":
        record = session.get(SubjectRecord, entry.record_id)
        return subject_question(record, _keys(session, record), entry) if record is not None else None
    operation = session.get(Operation, entry.record_id)
    return operation_question(operation) if operation is not None else None


def _reindex_subject(session: Session, record: SubjectRecord) -> None:
    index_subject(session, record, _keys(session, record))


def reindex(session: Session, size: int = 500):
    """Re-derive the whole index, and the questions still waiting for a peer, under the current secret.

    Run after FEDERATION_SECRET changed (a rotation): entries and waiting
    questions hashed under the old secret meet nothing any more. Every
    subject record and operation is indexed, also those registered before
    the instance joined a federation. A generator: it yields (what, how
    many) after each batch, and the caller commits between batches, so a
    large database is re-derived without one long transaction; references
    stay as they were, so the peers' alerts still find their records.
    """
    for model, what, index in ((SubjectRecord, "subjects", _reindex_subject),
                               (Operation, "operations", index_operation)):
        last = 0
        while rows := list(session.scalars(select(model).where(model.id > last).order_by(model.id).limit(size))):
            for row in rows:
                index(session, row)
            last = rows[-1].id
            yield what, len(rows)
    waiting = list(session.scalars(select(FederationOutbox).where(
        FederationOutbox.endpoint == "/checks", FederationOutbox.sent_at.is_(None))))
    for row in waiting:
        entry = session.scalar(select(FederatedRecord).where(FederatedRecord.ref == row.payload.get("ref")))
        question = _question(session, entry) if entry is not None else None
        if question is not None:
            kept = {k: row.payload[k] for k in ("version", "ref", "receipt") if k in row.payload}
            row.payload = {**question, **kept}
    session.flush()
    yield "waiting questions", len(waiting)
