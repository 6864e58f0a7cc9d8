"""The peer-to-peer API under /api/federation/v1: signed requests in, signed answers out.

Every endpoint but the OpenAPI document takes only a peer's signed
message (``inbound.accept``): no user token, no cookie. Every message
received, and every one refused, is an entry in the audit trail.
"""
from __future__ import annotations

import time

from flask import Blueprint, current_app, g, jsonify, request
from flask_babel import gettext as _

from ..audit.recorder import record
from ..errors import ApiError
from ..extensions import csrf, db
from ..types import utcnow
from ..deconfliction.federated import VERSION
from .exchange import BadMessage, SecretMismatch, answer_question, take_contact
from .identity import NotFederated, own_name, signing_key
from .inbound import accept, peer_actor, record_refusal
from .sync import take_side
from .signing import SignatureRefused, content_digest, read_signature, REQUEST_COMPONENTS, sign_response

bp = Blueprint("federation_api", __name__, url_prefix="/api/federation/v1")
csrf.exempt(bp)

UNSIGNED_ENDPOINTS = {"federation_api.openapi"}
BODY_LIMIT = 256 * 1024


def _claimed_sender() -> str | None:
    try:
        return read_signature(request.headers, REQUEST_COMPONENTS)[0].keyid
    except SignatureRefused:
        return None


@bp.before_request
def accept_signed_messages():
    """Refuse anything but a fresh, signed message of an active peer; note the accepted one."""
    if request.endpoint in UNSIGNED_ENDPOINTS:
        return None
    if "Signature" not in request.headers:
        _refuse("unsigned")
    try:
        own_name()
    except NotFederated:
        raise ApiError(404, "not_found", _("This instance takes no part in a federation."))
    if request.content_length is not None and request.content_length > BODY_LIMIT:
        raise ApiError(413, "too_large", _("The message is too large."))
    request.max_content_length = BODY_LIMIT
    body = request.get_data(cache=True)
    try:
        accepted = accept(db.session, request.method, request.path, request.headers, body, utcnow(),
                          current_app.config["FEDERATION_MAX_SKEW"])
    except SignatureRefused as refused:
        _refuse(refused.reason)
    g.federation_peer, g.federation_nonce = accepted.peer, accepted.signed.nonce
    record(db.session, "federation.message_received", actor=peer_actor(accepted.peer.name), durable=True,
           object_type="peer", object_id=accepted.peer.id,
           details={"endpoint": request.endpoint, "nonce": accepted.signed.nonce, "digest": content_digest(body)})
    return None


def _refuse(reason: str) -> None:
    """Put the refusal on the record and answer it: 401, or 403 for a suspended peer or a user's token."""
    record_refusal(db.session, reason, request.path, _claimed_sender())
    if reason == "unsigned" and "Authorization" in request.headers:
        # A user's token does not speak for a peer instance.
        raise ApiError(403, "forbidden", _("Only a peer instance's signed message is taken here."))
    status = 403 if reason == "peer_suspended" else 401
    raise ApiError(status, "signature_refused", _("The message was refused: %(reason)s.", reason=reason))


@bp.after_request
def sign_the_answer(response):
    """Sign the answer to an accepted message, bound to its nonce (the peer checks it is ours and its own)."""
    nonce = g.get("federation_nonce")
    if nonce is not None:
        body = response.get_data()
        response.headers.update(sign_response(signing_key(), own_name(), response.status_code, body, nonce,
                                              int(time.time())))
    return response


def sending_peer():
    """The peer whose message this request is."""
    return g.federation_peer


def _payload() -> dict:
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise ApiError(400, "invalid_json", _("The body must be a JSON object."))
    if payload.get("version") != VERSION:
        raise ApiError(400, "unsupported_version", _("This instance speaks version %(v)s of the exchange.", v=VERSION))
    return payload


def _bad(err: BadMessage) -> ApiError:
    return ApiError(400, "validation_error", _("Some fields are not valid."), {err.field: err.message})


@bp.post("/checks")
def checks():
    """A peer's question about one of its records or operations: the hits here, each with whom to call."""
    try:
        hits = answer_question(db.session, sending_peer(), _payload())
    except BadMessage as err:
        raise _bad(err)
    except SecretMismatch:
        raise ApiError(409, "secret_mismatch", _("This instance holds another federation secret: nothing was "
                                                 "compared. Ask again once both hold the same one."))
    return jsonify({"version": VERSION, "hits": hits})


@bp.post("/contacts")
def contacts():
    """After a hit, the asker's agency and point of contact for the alert raised here."""
    try:
        alert = take_contact(db.session, sending_peer(), _payload())
    except BadMessage as err:
        raise _bad(err)
    return jsonify({"version": VERSION, "ok": True, "severity": alert.severity})


@bp.post("/sides")
def sides():
    """The peer's side of a shared alert was acknowledged, resolved or reopened."""
    try:
        take_side(db.session, sending_peer(), _payload())
    except BadMessage as err:
        raise _bad(err)
    return jsonify({"version": VERSION, "ok": True})


@bp.get("/openapi.json")
def openapi():
    """The exchange format, versioned, with the encoding parameters: what another system needs to join."""
    from .openapi import document

    return jsonify(document())


@bp.post("/hello")
def hello():
    """A peer checks that it reaches this instance and that each accepts the other's signature."""
    return jsonify({"name": own_name(), "version": "1", "peer": sending_peer().name})
