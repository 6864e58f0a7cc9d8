"""Accepting a peer's message: a known, active peer's valid signature, fresh, never seen before."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Mapping

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..audit.recorder import Actor, record
from ..savepoints import savepoint
from .models import FederationNonce, FederationPeer
from .peers import peer_named
from .signing import REQUEST_COMPONENTS, SignatureRefused, Signed, check_fresh, public_key, read_signature, verify


@dataclass
class Accepted:
    """A message accepted from a peer."""

    peer: FederationPeer
    signed: Signed


def peer_actor(name: str) -> Actor:
    """How the audit trail names a peer instance acting."""
    return Actor(None, f"peer:{name}"[:254], None)


def accept(session: Session, method: str, path: str, headers: Mapping[str, str], body: bytes,
           now: datetime, max_skew: int) -> Accepted:
    """Verify a request from a peer and spend its nonce; SignatureRefused says why it is not accepted.

    The order matters: the signature is checked before the nonce is
    stored, so a stranger cannot use up a peer's nonces.
    """
    signed, params, signature = read_signature(headers, REQUEST_COMPONENTS)
    peer = peer_named(session, signed.keyid)
    if peer is None:
        raise SignatureRefused("unknown_peer")
    values = {"@method": method.upper(), "@path": path, "content-digest": headers.get("Content-Digest", "")}
    verify(public_key(peer.public_key), values, params, signature, body, headers.get("Content-Digest"))
    check_fresh(signed, int(now.timestamp()), max_skew)
    if peer.status != "active":
        raise SignatureRefused("peer_suspended")
    session.execute(delete(FederationNonce).where(FederationNonce.seen_at < now - timedelta(seconds=2 * max_skew)))
    try:
        with savepoint(session):
            session.add(FederationNonce(peer_id=peer.id, nonce=signed.nonce, seen_at=now))
            session.flush()
    except IntegrityError:
        raise SignatureRefused("replayed") from None
    peer.last_heard_at = now
    return Accepted(peer, signed)


def record_refusal(session: Session, reason: str, path: str, claimed: str | None) -> None:
    """A refused message is on the record even though nothing it asked was done."""
    record(session, "federation.message_refused", outcome="denied", durable=True,
           actor=peer_actor(claimed or "unknown"), details={"reason": reason, "path": path[:200]})
