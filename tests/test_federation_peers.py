"""Federation, part one: the instance's identity, its peers, and signed messages between them.

A peer's message is taken only when it is signed (RFC 9421, Ed25519) by a
known, active peer, fresh and never seen before; every message taken or
refused is on the audit trail. The two-process tests are in
tests/test_federation_pair.py.
"""
from __future__ import annotations

import json
import time

import pytest
from sqlalchemy import select

from coordinator.audit.models import AuditEvent
from coordinator.extensions import db
from coordinator.federation.models import FederationPeer
from coordinator.federation.signing import (
    RESPONSE_COMPONENTS, SignatureRefused, new_private_key, private_key, public_key, public_key_text,
    read_signature, sign_request, verify,
)

from .factories import csrf_token, login

OWN_KEY = new_private_key()
PEER_KEY = new_private_key()
PATH = "/api/federation/v1/hello"


@pytest.fixture()
def federated(app_ctx):
    """The test app as instance "us" of a federation, with "mx" as its peer."""
    saved = {k: app_ctx.config.get(k) for k in ("FEDERATION_NAME", "FEDERATION_SECRET", "FEDERATION_KEY")}
    app_ctx.config.update(FEDERATION_NAME="us", FEDERATION_SECRET="s3cret-of-the-federation", FEDERATION_KEY=OWN_KEY)
    app_ctx.extensions.pop("federation_key", None)
    yield app_ctx
    app_ctx.config.update(saved)
    app_ctx.extensions.pop("federation_key", None)


@pytest.fixture()
def peer(federated):
    from coordinator.federation.peers import add_peer

    row = add_peer(db.session, "mx", "http://127.0.0.1:9", public_key_text(private_key(PEER_KEY)))
    db.session.commit()
    return row


def signed(body: bytes = b"{}", created: int | None = None, key: str = PEER_KEY, keyid: str = "mx",
           path: str = PATH) -> dict:
    headers = sign_request(private_key(key), keyid, "POST", path, body, created or int(time.time()))
    return {"Content-Type": "application/json", **headers}


def refusals() -> list[str]:
    db.session.expire_all()
    return [e.details.get("reason") for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "federation.message_refused").order_by(AuditEvent.id))]


def test_identity_prints_name_url_and_public_key(federated, runner):
    result = runner.invoke(args=["federation", "identity"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert shown == {"name": "us", "url": federated.config["PUBLIC_URL"].rstrip("/"),
                     "key": public_key_text(private_key(OWN_KEY))}
    public_key(shown["key"])  # a real Ed25519 key


def test_identity_needs_a_name_and_the_shared_secret(app_ctx, runner):
    result = runner.invoke(args=["federation", "identity"])
    assert result.exit_code != 0 and "FEDERATION_NAME" in result.output


def test_add_peer_from_the_command_line(federated, runner):
    key = public_key_text(private_key(PEER_KEY))
    result = runner.invoke(args=["federation", "add-peer", "--name", "mx", "--url", "https://mx.example/", "--key", key])
    assert result.exit_code == 0, result.output
    stored = db.session.scalar(select(FederationPeer))
    assert (stored.name, stored.url, stored.public_key, stored.status) == ("mx", "https://mx.example", key, "active")
    for bad in (["--name", "MX!", "--url", "https://mx.example", "--key", key],
                ["--name", "us", "--url", "https://mx.example", "--key", key],
                ["--name", "gt", "--url", "ftp://gt.example", "--key", key],
                ["--name", "gt", "--url", "https://gt.example", "--key", "not-a-key"]):
        assert runner.invoke(args=["federation", "add-peer", *bad]).exit_code != 0, bad
    assert db.session.scalar(select(db.func.count(FederationPeer.id))) == 1


def test_a_signed_message_is_taken_and_the_answer_is_signed_for_it(peer, client):
    headers = signed()
    response = client.post(PATH, data=b"{}", headers=headers)
    assert response.status_code == 200, response.text
    assert response.json == {"name": "us", "version": "1", "peer": "mx"}
    answer, params, signature = read_signature(response.headers, RESPONSE_COMPONENTS)
    assert answer.keyid == "us"
    request_nonce = read_signature(headers, ("@method", "@path", "content-digest"))[0].nonce
    assert response.headers["Federation-Request"] == request_nonce
    values = {"@status": "200", "content-digest": response.headers["Content-Digest"], "federation-request": request_nonce}
    verify(public_key(public_key_text(private_key(OWN_KEY))), values, params, signature, response.data,
           response.headers["Content-Digest"])
    with pytest.raises(SignatureRefused):
        verify(public_key(public_key_text(private_key(OWN_KEY))), values, params, signature, response.data + b" ",
               response.headers["Content-Digest"])
    db.session.expire_all()
    assert db.session.scalar(select(FederationPeer.last_heard_at)) is not None
    received = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "federation.message_received")).all()
    assert [e.user_email for e in received] == ["peer:mx"]


def test_a_replayed_message_is_refused(peer, client):
    headers = signed()
    assert client.post(PATH, data=b"{}", headers=headers).status_code == 200
    again = client.post(PATH, data=b"{}", headers=headers)
    assert again.status_code == 401 and again.json["error"]["code"] == "signature_refused"
    assert refusals() == ["replayed"]


def test_a_late_message_is_refused(peer, client):
    response = client.post(PATH, data=b"{}", headers=signed(created=int(time.time()) - 3600))
    assert response.status_code == 401
    early = client.post(PATH, data=b"{}", headers=signed(created=int(time.time()) + 3600))
    assert early.status_code == 401
    assert refusals() == ["late", "late"]


def test_a_tampered_message_is_refused(peer, client):
    headers = signed(b'{"a": 1}')
    assert client.post(PATH, data=b'{"a": 2}', headers=headers).status_code == 401  # body changed
    forged = dict(headers, **{"Content-Digest": signed(b'{"a": 2}')["Content-Digest"]})
    assert client.post(PATH, data=b'{"a": 2}', headers=forged).status_code == 401  # digest changed too
    other_path = signed(path="/api/federation/v1/other")
    assert client.post(PATH, data=b"{}", headers=other_path).status_code == 401  # signed for another endpoint
    assert refusals() == ["digest_mismatch", "bad_signature", "bad_signature"]


def test_unsigned_unknown_and_wrongly_keyed_messages_are_refused(peer, client, make):
    assert client.post(PATH, data=b"{}", headers={"Content-Type": "application/json"}).status_code == 401
    assert client.post(PATH, data=b"{}", headers=signed(keyid="gt")).status_code == 401
    assert client.post(PATH, data=b"{}", headers=signed(key=new_private_key())).status_code == 401
    token = make.token(make.user("ATF"))
    with_token = client.post(PATH, data=b"{}", headers={"Authorization": f"Bearer {token}",
                                                        "Content-Type": "application/json"})
    assert with_token.status_code == 403  # a user's token does not speak for a peer
    assert refusals() == ["unsigned", "unknown_peer", "bad_signature", "unsigned"]


def test_a_suspended_peer_is_refused_until_resumed(peer, client):
    from coordinator.federation.peers import set_status

    set_status(db.session, peer, "suspended")
    db.session.commit()
    assert client.post(PATH, data=b"{}", headers=signed()).status_code == 403
    set_status(db.session, db.session.get(FederationPeer, peer.id), "active")
    db.session.commit()
    assert client.post(PATH, data=b"{}", headers=signed()).status_code == 200


def test_an_instance_outside_any_federation_takes_no_message(app_ctx, client):
    assert client.post(PATH, data=b"{}", headers=signed()).status_code == 404


def test_administrators_add_and_suspend_peers_on_their_page(peer, client, make):
    admin = make.user("ATF", role="admin")
    login(client, admin)
    page = client.get("/admin/federation/")
    assert page.status_code == 200 and public_key_text(private_key(OWN_KEY)) in page.text and "mx" in page.text
    key = public_key_text(private_key(new_private_key()))
    token = csrf_token(page.text)
    bad = client.post("/admin/federation/", data={"csrf_token": token, "name": "gt", "url": "gt", "key": key})
    assert bad.status_code == 400
    added = client.post("/admin/federation/", data={"csrf_token": token, "name": "gt", "url": "https://gt.example",
                                                    "key": key})
    assert added.status_code == 302
    suspended = client.post("/admin/federation/status", data={"csrf_token": token, "name": "mx", "status": "suspended"})
    assert suspended.status_code == 302
    db.session.expire_all()
    assert {p.name: p.status for p in db.session.scalars(select(FederationPeer))} == {"mx": "suspended", "gt": "active"}
    actions = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("federation.peer_%"))))
    assert actions == {"federation.peer_added", "federation.peer_suspended"}


def test_only_administrators_open_the_federation_page(peer, client, make):
    login(client, make.user("ATF", role="supervisor"))
    assert client.get("/admin/federation/").status_code == 403


def test_the_exchange_format_is_published_with_its_encoding_parameters(app_ctx, client):
    from coordinator.deconfliction.federated import NAME_BITS, NAME_HASHES, VERSION

    document = client.get("/api/federation/v1/openapi.json").json
    assert document["openapi"].startswith("3.1") and document["info"]["version"] == VERSION
    bloom = document["x-encoding"]["name_bloom_filter"]
    assert (bloom["bits"], bloom["hash_functions"]) == (NAME_BITS, NAME_HASHES)
    assert document["x-encoding"]["keyed_hash"]["algorithm"] == "HMAC-SHA256"
    assert document["x-signatures"]["request_components"] == ["@method", "@path", "content-digest"]
    assert {"/api/federation/v1/checks", "/api/federation/v1/contacts", "/api/federation/v1/sides"} \
        <= set(document["paths"])


def test_a_message_sent_is_on_the_audit_trail_even_when_the_peer_does_not_answer(peer, runner):
    result = runner.invoke(args=["federation", "hello", "mx"])
    assert result.exit_code != 0
    db.session.expire_all()
    sent = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "federation.message_sent")).all()
    assert [(e.outcome, e.details["peer"], e.details["endpoint"]) for e in sent] == [("failure", "mx", "/hello")]


def test_a_suspended_peer_is_not_asked_at_registration(peer, make):
    from coordinator.conflicts.models import DeconflictionCheck
    from coordinator.federation.models import FederationOutbox
    from coordinator.federation.peers import set_status

    user = make.user("ATF")
    make.subject(user, make.case(user), "phone", number="+1 602 555 0101")
    check = db.session.scalars(select(DeconflictionCheck).order_by(DeconflictionCheck.id.desc())).first()
    assert check.peers == {"checked": [], "not_checked": ["mx"]}  # mx at 127.0.0.1:9 never answers
    set_status(db.session, db.session.get(FederationPeer, peer.id), "suspended")
    db.session.commit()
    waiting = db.session.scalar(select(db.func.count(FederationOutbox.id)))
    make.subject(user, make.case(user), "phone", number="+1 602 555 0102")
    check = db.session.scalars(select(DeconflictionCheck).order_by(DeconflictionCheck.id.desc())).first()
    assert check.peers is None and db.session.scalar(select(db.func.count(FederationOutbox.id))) == waiting


def test_the_receipt_page_names_a_peer_that_was_not_checked(peer, client, make):
    user = make.user("ATF")
    record = make.subject(user, make.case(user), "phone", number="+1 602 555 0103")
    login(client, user)
    page = client.get(f"/subjects/{record.id}")
    assert page.status_code == 200
    assert "Not checked: mx did not answer" in page.text


def assert_described(client, component: str, instance: dict) -> None:
    """The answer is valid under the API document's component of that name."""
    import jsonschema_rs

    document = client.get("/api/v1/openapi.json").json
    schema = {"$ref": f"#/components/schemas/{component}", "components": document["components"]}
    jsonschema_rs.validator_for(schema).validate(instance)


def test_the_api_document_describes_the_peers_a_registration_asked(peer, client, make):
    document = client.get("/api/v1/openapi.json").json
    schemas = document["components"]["schemas"]
    assert "instance" in schemas["Conflict"]["properties"]["other"]["properties"]
    assert set(schemas["PeersChecked"]["properties"]) == {"checked", "not_checked", "checked_later"}
    posted = document["paths"]["/api/v1/cases/{case_id}/subjects"]["post"]["responses"]["201"]
    assert "Receipt" in json.dumps(posted)
    user = make.user("ATF")
    answer = client.post(f"/api/v1/cases/{make.case(user).id}/subjects", json={
        "kind": "phone", "role": "suspect", "number": "+1 602 555 0179"},
        headers={"Authorization": f"Bearer {make.token(user)}"})
    assert answer.status_code == 201 and answer.json["peers"] == {"checked": [], "not_checked": ["mx"]}
    assert_described(client, "Receipt", answer.json)
    with pytest.raises(ValueError):
        assert_described(client, "Receipt", {**answer.json, "peers": {"checked": "mx"}})


def _signed_post(client, endpoint: str, payload: dict):
    body = json.dumps(payload).encode()
    path = "/api/federation/v1" + endpoint
    return client.post(path, data=body, headers=signed(body, path=path))


def test_a_peers_question_raises_nothing_until_its_contact_hands_the_hit_back_then_everyone_hears(peer, client, make):
    from datetime import datetime, timedelta, timezone as tz

    from coordinator.conflicts.models import ConflictAlert
    from coordinator.deconfliction.federated import event_query, secret_fingerprint
    from coordinator.notifications.models import Notification

    agent = make.user("ATF")
    watch = make.user("ATF", role="watch")
    start = datetime.now(tz.utc).replace(minute=0, second=0, microsecond=0) + timedelta(days=5)
    operation = make.operation(agent, make.case(agent), kind="gun_show_surveillance", starts_at=start,
                               ends_at=start + timedelta(hours=6), poc_name="Dana Prior")
    before = db.session.scalar(select(db.func.count(Notification.id)))
    inside, near = event_query(b"s3cret-of-the-federation", 33.4665, -112.0952, 200, start, start + timedelta(hours=4),
                               500, timedelta(hours=2))
    question = {"version": "1", "ref": "mxref0000000001", "record_type": "operation", "kind": "gun_show_surveillance",
                "cells": inside, "near": near, "receipt": "DX-20260101-AAAAAA",
                "secret": secret_fingerprint(b"s3cret-of-the-federation")}
    answer = _signed_post(client, "/checks", question)
    assert answer.status_code == 200, answer.text
    hits = answer.json["hits"]
    assert [(h["severity"], h["agency"], h["poc"]["name"], h["record_kind"]) for h in hits] == \
        [("critical", "ATF", "Dana Prior", "gun_show_surveillance")]
    db.session.expire_all()
    # The asker may still roll its registration back: nothing is raised here, nobody told.
    assert db.session.scalar(select(db.func.count(Notification.id))) == before
    assert db.session.scalar(select(db.func.count(ConflictAlert.id))) == 0
    contact = {"version": "1", "ref": "mxref0000000001", "their_ref": hits[0]["ref"], "agency": "FGR",
               "record_kind": "gun_show_surveillance", "poc": {"name": "Ana Ruiz", "phone": "+52 55 5555 0111"},
               "receipt": "DX-20260101-AAAAAA",
               **{k: hits[0][k] for k in ("level", "severity", "score", "reason", "voucher")}}
    for forged in ({"severity": "low"}, {"voucher": "0" * 32}, {"voucher": None}):
        refused = _signed_post(client, "/contacts", {**contact, **forged})
        assert refused.status_code == 400 and "voucher" in refused.json["error"]["fields"]
    assert _signed_post(client, "/contacts", {**contact, "their_ref": "nosuchref000001"}).status_code == 400
    assert db.session.scalar(select(db.func.count(ConflictAlert.id))) == 0
    assert _signed_post(client, "/contacts", contact).status_code == 200
    db.session.expire_all()
    alert = db.session.scalar(select(ConflictAlert))
    shown = client.get(f"/api/v1/conflicts/{alert.id}", headers={"Authorization": f"Bearer {make.token(agent)}"})
    assert shown.status_code == 200 and shown.json["other"]["instance"] == "mx"
    assert_described(client, "Conflict", shown.json)
    told = db.session.scalars(select(Notification).where(Notification.user_id == agent.id)).all()
    assert told and "FGR (mx)" in json.dumps([n.params for n in told])
    login(client, watch)
    page = client.get("/watch/")
    assert page.status_code == 200 and "FGR (mx)" in page.text and "Ana Ruiz" in page.text
    answer_again = _signed_post(client, "/checks", question)
    assert answer_again.status_code == 200 and db.session.scalar(select(db.func.count(ConflictAlert.id))) == 1
    assert alert.sides[1].instance == "mx" and alert.sides[1].remote["agency"] == "FGR"
    from coordinator.types import utcnow
    from coordinator.watch.escalation import escalate_overdue

    made = escalate_overdue(db.session, 15, now=utcnow() + timedelta(hours=1))
    assert [e.side_id for e in made] == [alert.sides[0].id]  # the peer escalates its own side


def test_a_question_out_of_the_exchange_format_is_refused(peer, client):
    assert _signed_post(client, "/checks", {"version": "9", "ref": "x"}).status_code == 400
    bad = _signed_post(client, "/checks", {"version": "1", "ref": "mxref0000000001", "record_type": "subject",
                                           "kind": "phone", "keys": ["not a hash"]})
    assert bad.status_code == 400 and "keys" in bad.json["error"]["fields"]


def test_reindex_re_derives_the_index_and_the_waiting_questions_under_a_rotated_secret(federated, peer, make,
                                                                                      runner):
    from coordinator.deconfliction.federated import hashed_keys, secret_fingerprint
    from coordinator.deconfliction.keys import subject_keys
    from coordinator.federation.models import FederatedKey, FederatedRecord, FederationOutbox

    user = make.user("ATF")
    record = make.subject(user, make.case(user), "phone", number="+1 602 555 0177")  # mx never answers: it waits
    entry = db.session.scalar(select(FederatedRecord).where(FederatedRecord.record_id == record.id,
                                                            FederatedRecord.record_type == "subject"))
    old_keys = set(db.session.scalars(select(FederatedKey.key).where(FederatedKey.record_id == entry.id)))
    waiting = next(row for row in db.session.scalars(select(FederationOutbox)) if row.payload["ref"] == entry.ref)
    before = dict(waiting.payload)
    assert set(before["keys"]) == old_keys
    federated.config["FEDERATION_SECRET"] = "the-next-secret"
    result = runner.invoke(args=["federation", "reindex"])
    assert result.exit_code == 0, result.output
    assert "waiting questions re-derived" in result.output
    db.session.expire_all()
    new_keys = set(db.session.scalars(select(FederatedKey.key).where(FederatedKey.record_id == entry.id)))
    assert new_keys and not new_keys & old_keys
    assert new_keys == {k for k, _strong in hashed_keys(b"the-next-secret", subject_keys("phone", record.data, "US"))}
    question = db.session.get(FederationOutbox, waiting.id).payload
    assert set(question["keys"]) == new_keys and question["ref"] == entry.ref
    assert question["secret"] == secret_fingerprint(b"the-next-secret")
    assert question["receipt"] == before["receipt"]
    assert db.session.get(FederatedRecord, entry.id).ref == entry.ref  # the peers' alerts still find it


def test_a_question_under_another_secret_is_refused_and_waits_for_the_worker(peer, client, make, monkeypatch):
    from coordinator.federation import sync
    from coordinator.federation.client import Sent
    from coordinator.federation.models import FederationOutbox

    question = {"version": "1", "ref": "mxref0000000001", "record_type": "subject", "kind": "phone",
                "keys": [], "secret": "0" * 16}
    refused = _signed_post(client, "/checks", question)
    assert refused.status_code == 409 and refused.json["error"]["code"] == "secret_mismatch"
    answer = Sent("/api/federation/v1/checks", b"{}", 409, refused.json)
    monkeypatch.setattr(sync, "deliver", lambda *args, **kwargs: answer)
    user = make.user("ATF")
    make.subject(user, make.case(user), "phone", number="+1 602 555 0178")
    from coordinator.conflicts.models import DeconflictionCheck

    check = db.session.scalars(select(DeconflictionCheck).order_by(DeconflictionCheck.id.desc())).first()
    assert check.peers == {"checked": [], "not_checked": ["mx"]}  # not "no hit": nothing was compared
    row = db.session.scalar(select(FederationOutbox).where(FederationOutbox.check_id == check.id))
    assert row.sent_at is None and "secret" in row.last_error
