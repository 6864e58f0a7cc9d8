"""Peer instances, the nonces of their messages, and the hashed index peers are answered from."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..types import UTCDateTime, utcnow

PEER_STATUSES = ("active", "suspended")


class FederationPeer(db.Model):
    """Another instance this one deconflicts with: its name, base URL and public signing key.

    A suspended peer is neither asked nor answered until an administrator resumes it.
    """

    __tablename__ = "federation_peers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    url: Mapped[str] = mapped_column(String(500))
    public_key: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="active")
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    suspended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_heard_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class FederationNonce(db.Model):
    """A nonce a peer signed with: the same one again is a replay.

    Kept for twice the accepted clock skew; an older message is refused as
    late anyway, so forgetting its nonce then lets nothing through.
    """

    __tablename__ = "federation_nonces"
    __table_args__ = (UniqueConstraint("peer_id", "nonce", name="uq_federation_nonces_peer_nonce"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    peer_id: Mapped[int] = mapped_column(ForeignKey("federation_peers.id", ondelete="CASCADE"))
    nonce: Mapped[str] = mapped_column(String(64))
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class FederatedRecord(db.Model):
    """A local record or operation as peers may meet it: an opaque reference, its name filter, its hashed birth date.

    ``ref`` is random, so nothing a peer holds points back at an id here.
    """

    __tablename__ = "federated_records"
    __table_args__ = (UniqueConstraint("record_type", "record_id", name="uq_federated_records_record"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(32), unique=True)
    record_type: Mapped[str] = mapped_column(String(16))
    record_id: Mapped[int]
    kind: Mapped[str] = mapped_column(String(32))
    name_filter: Mapped[str | None] = mapped_column(Text)
    birth: Mapped[str | None] = mapped_column(String(32))
    birth_near: Mapped[str | None] = mapped_column(String(80))  # the near forms' hashes, space-separated


class FederatedKey(db.Model):
    """A hashed key (or hashed space-time cell) a federated record is found under."""

    __tablename__ = "federated_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(32), index=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("federated_records.id", ondelete="CASCADE"), index=True)
    strong: Mapped[bool] = mapped_column(default=True)


class FederationOutbox(db.Model):
    """A message waiting for a peer that did not answer: sent by ``flask federation work`` when it does.

    ``endpoint`` says what it is: "/checks" (a registration's question, whose
    answer raises alerts late), "/contacts" or "/sides" (an alert kept in step).
    """

    __tablename__ = "federation_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    peer_id: Mapped[int] = mapped_column(ForeignKey("federation_peers.id", ondelete="CASCADE"), index=True)
    endpoint: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict] = mapped_column(JSON)
    check_id: Mapped[int | None] = mapped_column(ForeignKey("deconfliction_checks.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    last_error: Mapped[str | None] = mapped_column(String(300))
