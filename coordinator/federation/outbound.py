"""Messages this instance sends to its peers, each one on the audit trail."""
from __future__ import annotations

from flask import Flask, current_app
from sqlalchemy.orm import Session

from ..audit.recorder import record
from ..types import utcnow
from .client import PeerUnreachable, Sender, Sent, send
from .identity import own_name, signing_key
from .models import FederationPeer
from .signing import content_digest


def sender(app: Flask | None = None) -> Sender:
    """This instance as a sender, from its settings."""
    app = app or current_app._get_current_object()
    return Sender(own_name(app), signing_key(app), float(app.config["FEDERATION_TIMEOUT"]),
                  int(app.config["FEDERATION_MAX_SKEW"]))


def deliver(session: Session, peer: FederationPeer, endpoint: str, payload: dict,
            who: Sender | None = None) -> Sent:
    """Send a message to a peer and return its verified answer; PeerUnreachable when there is none.

    The attempt is recorded whatever its fate (durable: a rollback of the
    work around it does not erase that the message left).
    """
    who = who or sender()
    if peer.status != "active":
        raise PeerUnreachable(f"{peer.name}: suspended")
    try:
        sent = send(who, peer.name, peer.url, peer.public_key, endpoint, payload)
    except PeerUnreachable as err:
        record(session, "federation.message_sent", outcome="failure", object_type="peer", object_id=peer.id,
               durable=True, details={"peer": peer.name, "endpoint": endpoint, "error": str(err)})
        raise
    record(session, "federation.message_sent", outcome="success" if sent.status < 400 else "denied",
           object_type="peer", object_id=peer.id, durable=True,
           details={"peer": peer.name, "endpoint": endpoint, "status": sent.status,
                    "digest": content_digest(sent.body)})
    peer.last_heard_at = utcnow()
    return sent


def hello(session: Session, peer: FederationPeer) -> dict:
    """Ask a peer who it is: the answer proves both signatures are accepted."""
    sent = deliver(session, peer, "/hello", {})
    if sent.status >= 400:
        raise PeerUnreachable(f"{peer.name}: refused ({sent.answer.get('error', {}).get('message')})")
    return sent.answer
