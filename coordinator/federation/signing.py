"""Signed messages between peer instances: HTTP Message Signatures (RFC 9421) with Ed25519.

A request covers ``@method``, ``@path`` and ``content-digest`` (RFC 9530,
SHA-256 of the body); its signature parameters carry ``created`` (the
sender's clock, Unix seconds), a random ``nonce``, ``keyid`` (the sending
instance's name) and ``alg="ed25519"``. A response covers ``@status``,
``content-digest`` and ``federation-request`` (the nonce of the request it
answers), so an answer cannot be replayed for another question. The
signature base is built exactly as RFC 9421 section 2.5 lays it out, for
these components only; the label is always ``fed``.

Plain Python: no Flask, so the worker, the CLI and the tests use it as is.
"""
from __future__ import annotations

import base64
import hashlib
import re
import secrets
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

LABEL = "fed"
REQUEST_COMPONENTS = ("@method", "@path", "content-digest")
RESPONSE_COMPONENTS = ("@status", "content-digest", "federation-request")
NONCE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
_INPUT = re.compile(
    r'^' + LABEL + r'=\((?P<components>(?:"[a-z@-]+" ?)+)\);created=(?P<created>\d{1,12});'
    r'keyid="(?P<keyid>[a-z0-9-]{1,63})";nonce="(?P<nonce>[A-Za-z0-9_-]{16,64})";alg="ed25519"$')
_SIGNATURE = re.compile(r"^" + LABEL + r"=:(?P<value>[A-Za-z0-9+/=]{40,200}):$")


class SignatureRefused(ValueError):
    """A message whose signature is missing, malformed, stale or wrong; ``reason`` says which."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_private_key() -> str:
    """A fresh Ed25519 private key, as the 32-byte seed in base64url."""
    return _b64url(Ed25519PrivateKey.generate().private_bytes_raw())


def private_key(text: str) -> Ed25519PrivateKey:
    """The private key from its base64url seed."""
    return Ed25519PrivateKey.from_private_bytes(_unb64url(text.strip()))


def public_key_text(key: Ed25519PrivateKey) -> str:
    """What a peer is given: the raw 32-byte public key in base64url (43 characters)."""
    return _b64url(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


@lru_cache(maxsize=256)
def public_key(text: str) -> Ed25519PublicKey:
    """A peer's public key from its base64url text; ValueError when it is not one.

    Kept once read: every message from or to a peer verifies with its key.
    """
    try:
        raw = _unb64url(text.strip())
    except (ValueError, TypeError) as err:
        raise ValueError("not base64url") from err
    if len(raw) != 32:
        raise ValueError("an Ed25519 public key is 32 bytes")
    return Ed25519PublicKey.from_public_bytes(raw)


def content_digest(body: bytes) -> str:
    """The Content-Digest field value of a body (RFC 9530, sha-256)."""
    return "sha-256=:" + base64.b64encode(hashlib.sha256(body).digest()).decode() + ":"


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


def _params(components: tuple[str, ...], created: int, keyid: str, nonce: str) -> str:
    listed = " ".join(f'"{c}"' for c in components)
    return f'({listed});created={created};keyid="{keyid}";nonce="{nonce}";alg="ed25519"'


def _base(values: Mapping[str, str], params: str) -> bytes:
    lines = [f'"{name}": {value}' for name, value in values.items()]
    lines.append(f'"@signature-params": {params}')
    return "\n".join(lines).encode()


@dataclass(frozen=True)
class Signed:
    """What a verified signature says: who signed, when, with which nonce."""

    keyid: str
    created: int
    nonce: str


def sign(key: Ed25519PrivateKey, keyid: str, values: Mapping[str, str], created: int,
         nonce: str | None = None) -> dict[str, str]:
    """The Signature-Input and Signature fields over ``values`` (component name -> value, in order)."""
    nonce = nonce or new_nonce()
    params = _params(tuple(values), created, keyid, nonce)
    signature = key.sign(_base(values, params))
    return {"Signature-Input": f"{LABEL}={params}",
            "Signature": f"{LABEL}=:{base64.b64encode(signature).decode()}:"}


def sign_request(key: Ed25519PrivateKey, keyid: str, method: str, path: str, body: bytes,
                 created: int, nonce: str | None = None) -> dict[str, str]:
    """The headers of a signed request: Content-Digest, Signature-Input, Signature."""
    digest = content_digest(body)
    values = {"@method": method.upper(), "@path": path, "content-digest": digest}
    return {"Content-Digest": digest, **sign(key, keyid, values, created, nonce)}


def sign_response(key: Ed25519PrivateKey, keyid: str, status: int, body: bytes, request_nonce: str,
                  created: int) -> dict[str, str]:
    """The headers of a signed answer, bound to the nonce of the request it answers."""
    digest = content_digest(body)
    values = {"@status": str(status), "content-digest": digest, "federation-request": request_nonce}
    return {"Content-Digest": digest, "Federation-Request": request_nonce, **sign(key, keyid, values, created)}


def read_signature(headers: Mapping[str, str], expected: tuple[str, ...]) -> tuple[Signed, str, bytes]:
    """Parse the fields: who claims to sign, the parameters as sent, the signature bytes.

    Only the components ``expected`` are accepted, in that order: a
    signature covering less (no body digest, say) is refused.
    """
    raw_input, raw_signature = headers.get("Signature-Input"), headers.get("Signature")
    if not raw_input or not raw_signature:
        raise SignatureRefused("unsigned")
    found, sig = _INPUT.match(raw_input.strip()), _SIGNATURE.match(raw_signature.strip())
    if found is None or sig is None:
        raise SignatureRefused("malformed_signature")
    components = tuple(c.strip('"') for c in found["components"].split())
    if components != expected:
        raise SignatureRefused("components_not_covered")
    try:
        signature = base64.b64decode(sig["value"], validate=True)
    except ValueError:
        raise SignatureRefused("malformed_signature") from None
    return (Signed(found["keyid"], int(found["created"]), found["nonce"]),
            raw_input.strip()[len(LABEL) + 1:], signature)


def verify(key: Ed25519PublicKey, values: Mapping[str, str], params: str, signature: bytes,
           body: bytes, digest_header: str | None) -> None:
    """Check the body against its Content-Digest and the signature over the base; raise when either fails."""
    if digest_header is None or digest_header.strip() != content_digest(body):
        raise SignatureRefused("digest_mismatch")
    try:
        key.verify(signature, _base(values, params))
    except InvalidSignature:
        raise SignatureRefused("bad_signature") from None


def check_fresh(signed: Signed, now: int, max_skew: int) -> None:
    """A message created more than ``max_skew`` seconds before (or after) ``now`` is refused as late."""
    if abs(now - signed.created) > max_skew:
        raise SignatureRefused("late")
