"""The exchange format as a versioned OpenAPI document, with the encoding parameters another system needs."""
from __future__ import annotations

from ..deconfliction.federated import ENCODING, HASH_HEX, VERSION
from .signing import REQUEST_COMPONENTS, RESPONSE_COMPONENTS

HASH = {"type": "string", "pattern": f"^[0-9a-f]{{{HASH_HEX}}}$"}
REF = {"type": "string", "pattern": "^[A-Za-z0-9_-]{8,32}$", "description": "an opaque random reference, never an id"}
POC = {"type": "object", "properties": {k: {"type": ["string", "null"]} for k in ("name", "phone", "email")}}
ERROR = {"type": "object", "properties": {"error": {"type": "object", "properties": {
    "code": {"type": "string"}, "message": {"type": "string"}, "fields": {"type": "object"}}}}}


def _post(summary: str, request: dict, answer: dict) -> dict:
    return {"post": {
        "summary": summary, "security": [{"httpMessageSignature": []}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": request}}},
        "responses": {"200": {"description": "Taken; the answer is signed", "content": {
            "application/json": {"schema": answer}}},
            "400": {"description": "Not in the exchange format", "content": {"application/json": {"schema": ERROR}}},
            "401": {"description": "Unsigned, tampered, late, replayed or from an unknown peer"},
            "403": {"description": "The peer is suspended here"}}}}


def _object(required: list[str], **properties) -> dict:
    return {"type": "object", "required": required, "properties": properties}


def document() -> dict:
    """The OpenAPI 3.1 document of the peer-to-peer exchange, version ``VERSION``."""
    version = {"type": "string", "const": VERSION}
    question = _object(
        ["version", "ref", "record_type", "kind"], version=version, ref=REF,
        record_type={"type": "string", "enum": ["subject", "operation"]},
        kind={"type": "string", "description": "the record's kind (phone, person, …) or the operation's kind"},
        receipt={"type": "string", "description": "the asker's receipt number, named on the alerts"},
        keys={"type": "array", "items": HASH, "description": "subjects: keyed hashes of the blocking keys (purpose k)"},
        names={"type": "string", "description": "persons: the name Bloom filter, base64"},
        birth={**HASH, "description": "persons: keyed hash of the date of birth (purpose d)"},
        birth_near={"type": "array", "items": HASH, "maxItems": 2,
                    "description": "persons: keyed hashes of the date's near forms (purpose d)"},
        cells={"type": "array", "items": HASH, "description": "operations: hashed cells × hours of the window"},
        near={"type": "array", "items": HASH, "description": "operations: hashed cells × hours within the margins"})
    hit = _object(["ref", "level", "severity", "record_kind", "agency", "poc"], ref=REF,
                  level={"type": "string", "enum": ["match", "possible"]},
                  severity={"type": "string", "enum": ["critical", "high", "medium", "low"]},
                  score={"type": "number", "description": "the score band's value, 0..1"},
                  record_kind={"type": "string"}, agency={"type": "string"}, poc=POC)
    contact = _object(["version", "ref", "their_ref", "agency", "record_kind", "poc"], version=version, ref=REF,
                      their_ref=REF, pair={"type": "string"}, agency={"type": "string"},
                      record_kind={"type": "string"}, poc=POC)
    side = _object(["version", "ref", "their_ref", "status"], version=version, ref=REF, their_ref=REF,
                   status={"type": "string", "enum": ["open", "acknowledged", "deconflicted", "false_positive"]},
                   resolution={"type": ["string", "null"]})
    ok = _object(["version", "ok"], version=version, ok={"type": "boolean"})
    return {
        "openapi": "3.1.0",
        "info": {"title": "Coordinator federation exchange", "version": VERSION,
                 "description": "How sovereign deconfliction instances ask each other about a registration "
                                "without handing over their records: only keyed hashes and Bloom-filter "
                                "encodings cross; a hit answers with the kind of record, a score band and "
                                "whom to call."},
        "x-encoding": ENCODING,
        "x-signatures": {
            "standard": "RFC 9421 HTTP Message Signatures, label 'fed', alg 'ed25519', keyid = the instance name",
            "request_components": list(REQUEST_COMPONENTS), "response_components": list(RESPONSE_COMPONENTS),
            "parameters": ["created", "keyid", "nonce", "alg"], "content_digest": "RFC 9530 sha-256",
            "replay": "a nonce is taken once per peer; a message created more than FEDERATION_MAX_SKEW seconds "
                      "from the receiver's clock is refused as late",
            "key": "Ed25519 public key, raw 32 bytes, base64url without padding"},
        "components": {"securitySchemes": {"httpMessageSignature": {
            "type": "apiKey", "in": "header", "name": "Signature",
            "description": "Signature-Input and Signature (RFC 9421) with Content-Digest; see x-signatures"}}},
        "paths": {
            "/api/federation/v1/hello": _post("Check that each side accepts the other's signature",
                                              {"type": "object"}, _object(["name", "version"], name={"type": "string"},
                                                                          version=version, peer={"type": "string"})),
            "/api/federation/v1/checks": _post("Ask about one record or operation: the hits, each with whom to call",
                                               question, _object(["version", "hits"], version=version,
                                                                 hits={"type": "array", "items": hit})),
            "/api/federation/v1/contacts": _post("After a hit: the asker's agency and point of contact", contact, ok),
            "/api/federation/v1/sides": _post("A side of a shared alert acknowledged, resolved or reopened", side, ok),
            "/api/federation/v1/openapi.json": {"get": {"summary": "This document", "security": [],
                                                        "responses": {"200": {"description": "OpenAPI 3.1"}}}},
        },
    }
