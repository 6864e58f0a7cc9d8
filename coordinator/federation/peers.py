"""Managing peers: adding one, suspending and resuming it, and listing them."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit.recorder import record
from ..types import utcnow
from .models import FederationPeer
from .signing import NAME, public_key


class PeerError(ValueError):
    """A peer that cannot be added or changed; ``field`` names what is wrong."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def peers(session: Session) -> list[FederationPeer]:
    """Every peer, by name."""
    return list(session.scalars(select(FederationPeer).order_by(FederationPeer.name)))


def active_peers(session: Session) -> list[FederationPeer]:
    """The peers asked at each registration (suspended ones are left out)."""
    return [peer for peer in peers(session) if peer.status == "active"]


def peer_named(session: Session, name: str) -> FederationPeer | None:
    return session.scalar(select(FederationPeer).where(FederationPeer.name == name))


def add_peer(session: Session, name: str, url: str, key: str, own_name: str | None = None) -> FederationPeer:
    """Add a peer (or give a known one a new URL and key, as when it changed its key)."""
    name, url, key = (name or "").strip(), (url or "").strip().rstrip("/"), (key or "").strip()
    if not NAME.match(name):
        raise PeerError("name", str(_l("Lower-case letters, digits and hyphens, up to 63 characters.")))
    if own_name is not None and name == own_name:
        raise PeerError("name", str(_l("That is this instance's own name.")))
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 500:
        raise PeerError("url", str(_l("An http:// or https:// address.")))
    try:
        public_key(key)
    except ValueError:
        raise PeerError("key", str(_l("Not an Ed25519 public key (43 characters of base64url)."))) from None
    peer = peer_named(session, name)
    if peer is None:
        peer = FederationPeer(name=name, url=url, public_key=key, status="active")
        session.add(peer)
        action = "federation.peer_added"
    else:
        peer.url, peer.public_key = url, key
        action = "federation.peer_changed"
    session.flush()
    record(session, action, object_type="peer", object_id=peer.id, details={"name": name, "url": url, "key": key})
    return peer


def set_status(session: Session, peer: FederationPeer, status: str) -> FederationPeer:
    """Suspend a peer (no message sent to it or accepted from it) or resume it."""
    if status not in ("active", "suspended"):
        raise PeerError("status", str(_l("Not a valid choice.")))
    if peer.status != status:
        peer.status = status
        peer.suspended_at = utcnow() if status == "suspended" else None
        record(session, "federation.peer_" + ("suspended" if status == "suspended" else "resumed"),
               object_type="peer", object_id=peer.id, details={"name": peer.name})
    session.flush()
    return peer
