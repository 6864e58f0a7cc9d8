"""Sending a signed message to a peer and checking that the signed answer is the peer's, to this question."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ..types import json_text
from .signing import (
    RESPONSE_COMPONENTS, SignatureRefused, check_fresh, new_nonce, public_key, read_signature, sign_request, verify,
)

API_PREFIX = "/api/federation/v1"


class PeerUnreachable(RuntimeError):
    """No valid answer from the peer: down, too slow, refusing us, or an answer that is not signed by it."""


@dataclass
class Sent:
    """What crossed: the request body and the peer's answer (the capture test reads these)."""

    path: str
    body: bytes
    status: int
    answer: dict


@dataclass(frozen=True)
class Sender:
    """This instance as a sender: its name and signing key, how long it waits, the clock skew it accepts."""

    name: str
    key: Ed25519PrivateKey
    timeout: float
    max_skew: int


def send(sender: Sender, peer_name: str, peer_url: str, peer_key: str, endpoint: str, payload: dict) -> Sent:
    """POST a signed JSON message to ``endpoint`` of the peer; the verified answer, or PeerUnreachable.

    An answer with a 4xx status is the peer refusing the message: it is
    returned (verified) for the caller to judge; a 5xx, a timeout or an
    unsigned answer is unreachable.
    """
    path = urlsplit(peer_url).path.rstrip("/") + API_PREFIX + endpoint
    body = json_text(payload).encode()
    nonce = new_nonce()
    headers = {"Content-Type": "application/json",
               **sign_request(sender.key, sender.name, "POST", path, body, int(time.time()), nonce)}
    try:
        response = requests.post(peer_url.rstrip("/") + API_PREFIX + endpoint, data=body, headers=headers,
                                 timeout=sender.timeout)
    except requests.RequestException as err:
        raise PeerUnreachable(f"{peer_name}: {type(err).__name__}") from None
    if response.status_code >= 500:
        raise PeerUnreachable(f"{peer_name}: status {response.status_code}")
    try:
        signed, params, signature = read_signature(response.headers, RESPONSE_COMPONENTS)
        if signed.keyid != peer_name or response.headers.get("Federation-Request") != nonce:
            raise SignatureRefused("not_this_answer")
        values = {"@status": str(response.status_code), "content-digest": response.headers.get("Content-Digest", ""),
                  "federation-request": nonce}
        verify(public_key(peer_key), values, params, signature, response.content,
               response.headers.get("Content-Digest"))
        check_fresh(signed, int(time.time()), sender.max_skew)
        answer = json.loads(response.content or b"{}")
    except (SignatureRefused, ValueError) as err:
        raise PeerUnreachable(f"{peer_name}: answer refused ({err})") from None
    return Sent(path, body, response.status_code, answer if isinstance(answer, dict) else {})
