"""Sending a signed message to a peer and checking that the signed answer is the peer's, to this question."""
from __future__ import annotations

import json
import threading
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


_connections = threading.local()


def _connection(peer_url: str) -> requests.Session:
    """This thread's kept-alive HTTP session to a peer: one TCP (and TLS) handshake, not one per message.

    One per thread and peer, as a ``requests.Session`` is not shared
    between threads.
    """
    sessions = _connections.__dict__.setdefault("by_url", {})
    if peer_url not in sessions:
        sessions[peer_url] = requests.Session()
    return sessions[peer_url]


def _post(peer_url: str, url: str, body: bytes, headers: dict, timeout: float) -> requests.Response:
    """POST on the kept-alive connection; once more on a fresh one if the kept one was closed under us."""
    try:
        return _connection(peer_url).post(url, data=body, headers=headers, timeout=timeout)
    except requests.ConnectionError as err:
        if isinstance(err, requests.Timeout):
            raise
        _connections.__dict__.get("by_url", {}).pop(peer_url, None)
        raise _Retry() from err


class _Retry(Exception):
    """The kept-alive connection failed before an answer: try once on a new one, with a new signature."""


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
    url = peer_url.rstrip("/") + API_PREFIX + endpoint
    body = json_text(payload).encode()
    for attempt in (1, 2):
        nonce = new_nonce()  # a retry is a new message: the peer may have taken the first one's nonce
        headers = {"Content-Type": "application/json",
                   **sign_request(sender.key, sender.name, "POST", path, body, int(time.time()), nonce)}
        try:
            response = _post(peer_url, url, body, headers, sender.timeout)
            break
        except _Retry as retry:
            if attempt == 2:
                raise PeerUnreachable(f"{peer_name}: {type(retry.__cause__).__name__}") from None
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
