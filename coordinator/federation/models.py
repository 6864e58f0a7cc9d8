"""Peer instances and the nonces of the messages they sent (refused if seen again)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
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
