"""The email outbox: a refused or unreachable SMTP server delays a message, never loses it."""
from __future__ import annotations

import socket
from datetime import timedelta
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller

from coordinator.extensions import db
from coordinator.notifications.models import OutboxMessage
from coordinator.notifications.outbox import backoff, claim_due
from coordinator.types import utcnow

from .factories import login, post_form
from .test_deconfliction import agency_api

PHONE = {"kind": "phone", "role": "suspect", "number": "+52 662 123 4567"}


class FlakyServer:
    """An SMTP handler that refuses the first ``refuse`` messages (451, try later), then accepts."""

    def __init__(self, refuse: int):
        self.refuse, self.received = refuse, []

    async def handle_DATA(self, server, session, envelope):
        if self.refuse > 0:
            self.refuse -= 1
            return "451 4.3.0 Mailbox busy, try again later"
        self.received.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def smtp_port(app_ctx, monkeypatch) -> int:
    port = free_port()
    for key, value in {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": port, "SMTP_TLS": "none",
                       "SMTP_FROM": "coordinator@coordinator.test", "SMTP_TIMEOUT": 5}.items():
        monkeypatch.setitem(app_ctx.config, key, value)
    return port


def queued_mail(client, make) -> list[OutboxMessage]:
    """An alert between ATF and FGR (a Spanish-speaking supervisor among those concerned)."""
    _a, atf, atf_case = agency_api(client, make, "ATF")
    _b, fgr, fgr_case = agency_api(client, make, "FGR")
    make.user("FGR", role="supervisor", locale="es", email="supervisor@fgr.test")
    atf.post(f"/api/v1/cases/{atf_case.id}/subjects", json=PHONE)
    fgr.post(f"/api/v1/cases/{fgr_case.id}/subjects", json=PHONE)
    return outbox()


def outbox() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)))


def make_due() -> None:
    """Time passes: every pending message's next attempt has come."""
    for message in outbox():
        message.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()


def test_a_refused_email_is_retried_and_sent_later_and_none_is_lost(client, make, runner, smtp_port):
    messages = queued_mail(client, make)
    total = len(messages)
    assert total >= 3 and all(m.status == "pending" for m in messages)

    # The server is down: every message waits for a later attempt.
    down = runner.invoke(args=["outbox", "send"])
    assert down.exit_code == 0 and "sent 0" in down.output
    after = outbox()
    assert all(m.status == "pending" and m.attempts == 1 and m.next_attempt_at > utcnow() for m in after)
    assert all("ConnectionRefusedError" in m.last_error for m in after)
    assert runner.invoke(args=["outbox", "send"]).output.startswith("sent 0 of 0")  # not due yet

    # The server is up but refuses the first two messages.
    handler = FlakyServer(refuse=2)
    controller = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        make_due()
        flaky = runner.invoke(args=["outbox", "send"])
        assert flaky.exit_code == 0 and f"sent {total - 2} of {total}" in flaky.output
        refused = [m for m in outbox() if m.status == "pending"]
        assert len(refused) == 2 and all(m.attempts == 2 and "451" in m.last_error for m in refused)
        make_due()
        assert f"sent 2 of 2" in runner.invoke(args=["outbox", "send"]).output
    finally:
        controller.stop()

    final = outbox()
    assert len(final) == total and all(m.status == "sent" and m.sent_at for m in final)
    received = [message_from_bytes(e.content) for e in handler.received]
    assert len(received) == total  # each exactly once: none lost, none doubled
    assert len({m["Message-ID"] for m in received}) == total
    spanish = next(m for m in received if m["To"] == "supervisor@fgr.test")
    assert spanish["Content-Language"] == "es"
    assert str(make_header(decode_header(spanish["Subject"]))).startswith("Nueva alerta")
    assert "Abrirlo en Coordinator" in spanish.get_payload(decode=True).decode()


def test_two_senders_never_claim_the_same_message(client, make):
    messages = queued_mail(client, make)
    first = claim_due(db.session, limit=100)
    db.session.commit()
    second = claim_due(db.session, limit=100)
    assert sorted(first) == [m.id for m in messages] and second == []
    later = claim_due(db.session, now=utcnow() + timedelta(minutes=10), limit=100)
    assert sorted(later) == sorted(first)  # a claim lapses: a crashed sender does not strand a message


def test_the_wait_grows_and_is_capped():
    assert [backoff(n).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]
    assert backoff(50) == timedelta(hours=1)


def test_without_an_smtp_server_the_outbox_is_kept_and_shown(client, make, runner, app_ctx, monkeypatch):
    messages = queued_mail(client, make)
    monkeypatch.setitem(app_ctx.config, "SMTP_HOST", None)
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code != 0 and "SMTP_HOST is not set" in result.output
    assert all(m.status == "pending" and m.attempts == 0 for m in outbox())
    status = runner.invoke(args=["outbox", "status"])
    assert f"pending {len(messages)}, sent 0" in status.output
    admin = make.user("ATF", role="admin")
    login(client, admin)
    assert client.get("/notifications/outbox").status_code == 404  # testing and production: no page
    monkeypatch.setitem(app_ctx.config, "OUTBOX_PAGE", True)  # development shows it
    page = client.get("/notifications/outbox")
    assert page.status_code == 200 and "supervisor@fgr.test" in page.text and "not sent" in page.text
    post_form(client, "/logout", {}, form_url="/notifications/")
    login(client, make.user("ATF", role="supervisor"))
    assert client.get("/notifications/outbox").status_code == 404


# --- hostile input -----------------------------------------------------------------------------

@pytest.mark.parametrize("title", ["Rifles\r\nBcc: everyone@example.test", "Rifles\nto Nogales", "Rifles\tNogales",
                                   "Rifles\u2028Nogales", "Rifles\x85Nogales"])
def test_a_line_break_in_a_single_line_field_is_refused(client, make, title):
    from .test_deconfliction import operation_body

    _a, atf, case = agency_api(client, make, "ATF")
    refused = atf.post("/api/v1/operations", json=operation_body(case.id, title=title))
    assert refused.status_code == 400, refused.get_json()
    assert refused.get_json()["error"]["fields"]["title"] == "Keep this text on one line: remove the line breaks and tabs."
    case_refused = atf.post("/api/v1/cases", json={"number": "C-1\r\n2", "title": "x", "case_type": "other",
                                                   "opened_on": "2026-01-02", "initiated_by": "trace"})
    assert case_refused.status_code == 400 and "number" in case_refused.get_json()["error"]["fields"]
    person = {"kind": "person", "role": "suspect", "last_name": "Robles\r\nX",
              "documents": [{"kind": "passport", "number": "G123\n456", "country": "MX"}]}
    refused_person = atf.post(f"/api/v1/cases/{case.id}/subjects", json=person)
    assert refused_person.status_code == 400
    assert "last_name" in refused_person.get_json()["error"]["fields"]
    assert "documents" in refused_person.get_json()["error"]["fields"]
    # Text areas keep their line breaks.
    kept = atf.post("/api/v1/operations", json=operation_body(case.id, notes="Two teams.\nRadio channel 4."))
    assert kept.status_code == 201, kept.get_json()


def test_a_message_that_cannot_be_built_is_set_aside_and_never_blocks_the_queue(client, make, runner, smtp_port):
    good = queued_mail(client, make)
    poisoned = OutboxMessage(to_address="supervisor@fgr.test", subject="Clearance\r\nBcc: all@example.test",
                             body="x", locale="en")
    db.session.add(poisoned)
    db.session.commit()
    poisoned_id = poisoned.id
    db.session.execute(db.update(OutboxMessage).where(OutboxMessage.id == poisoned_id)
                       .values(next_attempt_at=utcnow() - timedelta(minutes=5)))  # first in the queue
    db.session.commit()
    handler = FlakyServer(refuse=0)
    controller = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        result = runner.invoke(args=["outbox", "send"])
        assert result.exit_code == 0, result.output
        assert f"sent {len(good)} of {len(good) + 1}" in result.output and "set aside 1" in result.output
        again = runner.invoke(args=["outbox", "send"])
        assert again.exit_code == 0 and again.output.startswith("sent 0 of 0")
    finally:
        controller.stop()
    assert len(handler.received) == len(good)
    aside = db.session.get(OutboxMessage, poisoned_id)
    db.session.refresh(aside)
    assert aside.status == "failed" and aside.sent_at is None and "linefeed" in aside.last_error
    assert "failed 1" in runner.invoke(args=["outbox", "status"]).output


def test_an_administrator_reads_no_identity_on_the_outbox_page(client, make, app_ctx, monkeypatch):
    messages = queued_mail(client, make)
    admin = make.user("CBP", role="admin")
    own = OutboxMessage(user_id=admin.id, to_address=admin.email, subject="Qzown subject", body="Qzown body")
    db.session.add(own)
    db.session.commit()
    monkeypatch.setitem(app_ctx.config, "OUTBOX_PAGE", True)
    login(client, admin)
    page = client.get("/notifications/outbox").text
    assert "supervisor@fgr.test" in page  # who and when, for whoever runs the mail
    for message in messages:
        assert message.subject not in page and message.body not in page
    assert "+52 662 123 4567" not in page
    assert "Qzown subject" in page and "Qzown body" in page
